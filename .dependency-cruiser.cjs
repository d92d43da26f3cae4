/**
 * Module boundary rules, checked by `npm run lint:boundaries` (part of `npm test`
 * and CI). See docs/architecture/modules-and-boundaries.md, "How the rules are enforced".
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      severity: 'error',
      comment:
        'A module may use another module only through its index.ts (its public API). ' + 'Import from "../<module>" instead of a file inside it.',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/.+', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-into-module-internals',
      severity: 'error',
      comment: 'Code outside src/modules (composition root, CLI, scripts) also uses modules only through their index.ts.',
      from: { pathNot: ['^src/modules/', '^test/'] },
      to: { path: '^src/modules/[^/]+/.+', pathNot: '^src/modules/[^/]+/index\\.ts$' },
    },
    {
      name: 'shared-imports-no-module',
      severity: 'error',
      comment: 'src/shared is the platform: it must not know about any module.',
      from: { path: '^src/shared/' },
      to: { path: ['^src/modules/', '^migrations/', '^src/(app|bin)/'] },
    },
    {
      name: 'errors-without-http',
      severity: 'error',
      comment:
        "A module's services throw domain errors (src/shared/errors); only its HTTP layer (http/, the redirect) " +
        'knows status codes and problem documents.',
      from: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/(http|redirect)/' },
      to: { path: '^src/shared/http/(errors|problem)\\.ts$' },
    },
    {
      name: 'migrations-owned-by-their-module',
      severity: 'error',
      comment: "A module's migrations are used only by that module (migrations/<module>/ from src/modules/<module>/).",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^migrations/', pathNot: '^migrations/$1/' },
    },
    {
      name: 'no-module-cycles',
      severity: 'error',
      comment: 'Modules must not depend on each other in a cycle; extract the shared part or use events.',
      from: { path: '^src/modules/' },
      to: { circular: true, path: '^src/modules/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^test/fixtures/' },
  },
};
