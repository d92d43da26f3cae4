import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The architecture rules dependency-cruiser cannot see, run by `npm run
 * lint:boundaries` after it:
 *
 * 1. Schema ownership: a module's code and migrations (src/modules/<m>/,
 *    migrations/<m>/) never name another module's schema in SQL — no
 *    `'links.links'` in the analytics module, no `withSchema('identity')` in links.
 *    Checked in string and template literals, where SQL and knex table names live.
 * 2. Declared dependencies: the modules a module imports are exactly the ones its
 *    `dependsOn` and `eventsFrom` list (as packwerk's package.yml), so the module
 *    map stays true; from an `eventsFrom` module only the event definitions its
 *    `events.ts` exports may be imported.
 * 3. No cycles between modules in those imports (dependency-cruiser sees cycles
 *    between files; this sees them between modules).
 * 4. The module template: every module has index.ts, module.ts, api.ts and a
 *    README.md, and each kind of file sits where the template puts it —
 *    tasks in jobs/<name>.job.ts (one each), routes in http/, repositories
 *    in data/, event definitions in events.ts, subscriptions in
 *    subscriptions.ts, settings in settings.ts.
 *
 * Usage: tsx scripts/check-architecture.ts [project root]   (exit 1 on a violation)
 */

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const modulesDir = path.join(root, 'src', 'modules');
const moduleNames = readdirSync(modulesDir).filter((name) => statSync(path.join(modulesDir, name)).isDirectory());

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

function schemaViolations(moduleName: string, file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const literal of text.match(STRING_LITERAL) ?? []) {
    const content = literal.slice(1, -1);
    for (const other of moduleNames) {
      if (other === moduleName) continue;
      const qualified = new RegExp(`(^|[^\\w.])"?${other}"?\\.\\w`);
      if (qualified.test(content)) {
        found.push(`${path.relative(root, file)}: module "${moduleName}" names schema "${other}" in ${literal.slice(0, 60)}`);
      }
    }
  }
  for (const match of text.matchAll(/withSchema\(\s*['"`](\w+)['"`]/g)) {
    if (match[1] !== moduleName && moduleNames.includes(match[1])) {
      found.push(`${path.relative(root, file)}: module "${moduleName}" uses withSchema('${match[1]}')`);
    }
  }
  return found;
}

function importedModules(moduleName: string, files: string[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), match[1]);
      const relative = path.relative(modulesDir, target);
      const [first] = relative.split(path.sep);
      if (!relative.startsWith('..') && first !== moduleName && moduleNames.includes(first)) used.add(first);
    }
  }
  return used;
}

/** A list property of module.ts (`dependsOn: [...]`, `eventsFrom: [...]`); undefined when absent. */
function declaredList(moduleName: string, property: 'dependsOn' | 'eventsFrom'): Set<string> | undefined {
  const file = path.join(modulesDir, moduleName, 'module.ts');
  if (!existsSync(file)) return undefined;
  const match = new RegExp(`${property}:\\s*\\[([^\\]]*)\\]`).exec(readFileSync(file, 'utf8'));
  if (!match) return undefined;
  return new Set([...match[1].matchAll(/['"]([^'"]+)['"]/g)].map((m) => m[1]));
}

/** The names `events.ts` of a module exports: what an `eventsFrom` module may be imported for. */
function eventNames(moduleName: string): Set<string> {
  const file = path.join(modulesDir, moduleName, 'events.ts');
  if (!existsSync(file)) return new Set();
  return new Set([...readFileSync(file, 'utf8').matchAll(/export\s+const\s+(\w+)/g)].map((m) => m[1]));
}

/** Names imported from an `eventsFrom` module that are not its event definitions. */
function nonEventImports(moduleName: string, files: string[], eventsOnly: Set<string>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+['"]([^'"]+)['"]/g)) {
      const [target] = path.relative(modulesDir, path.resolve(path.dirname(file), match[3])).split(path.sep);
      if (!eventsOnly.has(target)) continue;
      const allowed = eventNames(target);
      for (const name of match[2].split(',').map(
        (n) =>
          n
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0],
      )) {
        if (name !== '' && !allowed.has(name))
          found.push(
            `${path.relative(root, file)}: module "${moduleName}" imports "${name}" from "${target}", which it lists in eventsFrom: only its event definitions may be imported (else list it in dependsOn)`,
          );
      }
    }
  }
  return found;
}

const REQUIRED_FILES = ['index.ts', 'module.ts', 'api.ts', 'README.md'];

/** Where the template puts each kind of declaration, recognised by the call or class that makes it. */
const PLACES: { what: string; pattern: RegExp; allowed: (file: string) => boolean; where: string }[] = [
  { what: 'a task (defineTask)', pattern: /\bdefineTask\(/g, allowed: (f) => /^jobs\/[\w-]+\.job\.ts$/.test(f), where: 'jobs/<name>.job.ts' },
  { what: 'routes (route())', pattern: /\broute\(router\b/g, allowed: (f) => f.startsWith('http/'), where: 'http/' },
  { what: 'a repository', pattern: /\bclass \w+Repository\b/g, allowed: (f) => f.startsWith('data/'), where: 'data/' },
  { what: 'an event definition (defineEvent)', pattern: /\bdefineEvent\(/g, allowed: (f) => f === 'events.ts', where: 'events.ts' },
  { what: 'a subscription', pattern: /\bsubscription\(/g, allowed: (f) => f === 'subscriptions.ts', where: 'subscriptions.ts' },
  { what: 'settings (defineSettings)', pattern: /\bdefineSettings\(/g, allowed: (f) => f === 'settings.ts', where: 'settings.ts' },
];

function templateViolations(moduleName: string, files: string[]): string[] {
  const dir = path.join(modulesDir, moduleName);
  const found = REQUIRED_FILES.filter((name) => !existsSync(path.join(dir, name))).map(
    (name) => `src/modules/${moduleName}: the module template needs ${name}`,
  );
  for (const file of files) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (relative.startsWith('jobs/') && !relative.endsWith('.job.ts'))
      found.push(`src/modules/${moduleName}/${relative}: files in jobs/ are <task>.job.ts`);
    const text = readFileSync(file, 'utf8');
    for (const place of PLACES) {
      const count = text.match(place.pattern)?.length ?? 0;
      if (count > 0 && !place.allowed(relative)) found.push(`src/modules/${moduleName}/${relative}: ${place.what} belongs in ${place.where}`);
      if (place.where.startsWith('jobs/') && count > 1) found.push(`src/modules/${moduleName}/${relative}: one task per file in jobs/`);
    }
  }
  return found;
}

function moduleCycles(graph: Map<string, Set<string>>): string[] {
  const cycles: string[] = [];
  const visit = (node: string, trail: string[]) => {
    if (trail.includes(node)) {
      const cycle = [...trail.slice(trail.indexOf(node)), node];
      // Report each cycle once, from its alphabetically first module.
      if (cycle[0] === [...cycle].sort()[0]) cycles.push(`modules depend on each other in a cycle: ${cycle.join(' → ')}`);
      return;
    }
    for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}

const problems: string[] = [];
const imports = new Map<string, Set<string>>();
for (const moduleName of moduleNames) {
  const code = sourceFiles(path.join(modulesDir, moduleName));
  const migrations = sourceFiles(path.join(root, 'migrations', moduleName));
  for (const file of [...code, ...migrations]) problems.push(...schemaViolations(moduleName, file));
  problems.push(...templateViolations(moduleName, code));

  const declared = declaredList(moduleName, 'dependsOn');
  if (!declared) {
    problems.push(`src/modules/${moduleName}/module.ts: no "dependsOn: [...]" declaration found`);
    continue;
  }
  const eventsFrom = declaredList(moduleName, 'eventsFrom') ?? new Set<string>();
  const used = importedModules(moduleName, code);
  imports.set(moduleName, used);
  for (const dep of used)
    if (!declared.has(dep) && !eventsFrom.has(dep))
      problems.push(`module "${moduleName}" imports "${dep}" but neither dependsOn nor eventsFrom lists it`);
  for (const dep of declared) if (!used.has(dep)) problems.push(`module "${moduleName}" lists "${dep}" in dependsOn but does not use it`);
  for (const dep of eventsFrom) if (!used.has(dep)) problems.push(`module "${moduleName}" lists "${dep}" in eventsFrom but does not use it`);
  problems.push(...nonEventImports(moduleName, code, new Set([...eventsFrom].filter((dep) => !declared.has(dep)))));
}
problems.push(...moduleCycles(imports));

if (problems.length > 0) {
  console.error(`Architecture check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`✔ architecture: ${moduleNames.length} module(s), schema ownership, declared dependencies and the module template hold`);
