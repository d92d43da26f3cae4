import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The boundary checkers must pass on Shortline and must catch each violation
 * planted in test/fixtures/boundaries (see its README) — a checker that cannot
 * fail would be worse than none.
 */
const projectRoot = path.join(__dirname, '..', '..');
const fixture = path.join(projectRoot, 'test', 'fixtures', 'boundaries');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const depcruise = (cwd: string, dirs: string[]) =>
  run(
    [
      path.join(projectRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'),
      ...dirs,
      '--config',
      path.join(projectRoot, '.dependency-cruiser.cjs'),
    ],
    cwd,
  );
const architecture = (target: string) =>
  run([require.resolve('tsx/cli'), path.join(projectRoot, 'scripts', 'check-architecture.ts'), target], projectRoot);

describe('dependency-cruiser rules', () => {
  it('pass on Shortline itself', () => {
    const result = depcruise(projectRoot, ['src', 'migrations', 'scripts']);
    expect(result.output).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it('flag imports of module internals, shared importing a module, cycles, and HTTP errors in a service', () => {
    const result = depcruise(fixture, ['src', 'migrations']);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/module-internals: src\/modules\/beta\/service\.ts → src\/modules\/alpha\/internal\.ts/);
    expect(result.output).toMatch(/shared-imports-no-module: src\/shared\/platform\.ts → src\/modules\/alpha\/index\.ts/);
    expect(result.output).toMatch(/no-module-cycles/);
    expect(result.output).toMatch(/errors-without-http: src\/modules\/beta\/service\.ts → src\/shared\/http\/errors\.ts/);
  });
});

describe('architecture check (schemas, declared dependencies, module cycles, module template)', () => {
  it('passes on Shortline itself', () => {
    const result = architecture(projectRoot);
    expect(result.status).toBe(0);
  });

  it("flags SQL naming another module's schema, in code and in migrations", () => {
    const result = architecture(fixture);
    expect(result.status).toBe(1);
    expect(result.output).toContain('src/modules/beta/service.ts: module "beta" names schema "alpha"');
    expect(result.output).toContain(`module "beta" uses withSchema('alpha')`);
    expect(result.output).toContain('migrations/beta/001_things.ts: module "beta" names schema "alpha"');
  });

  it('flags imports that dependsOn does not declare, declarations nothing uses, and module cycles', () => {
    const result = architecture(fixture);
    expect(result.output).toContain('module "beta" imports "alpha" but neither dependsOn nor eventsFrom lists it');
    expect(result.output).toContain('module "beta" lists "gamma" in dependsOn but does not use it');
    expect(result.output).toContain('modules depend on each other in a cycle: alpha → beta → alpha');
  });

  it('lets an eventsFrom module be imported for its event definitions only', () => {
    const result = architecture(fixture);
    expect(result.output).toContain('src/modules/delta/module.ts: module "delta" imports "betaModule" from "beta", which it lists in eventsFrom');
    expect(result.output).not.toContain('"thingHappened"');
    expect(result.output).not.toContain('module "delta" imports "beta" but');
  });

  it('flags a module that strays from the template: missing files, tasks outside jobs/, repositories outside data/', () => {
    const result = architecture(fixture);
    expect(result.output).toContain('src/modules/beta: the module template needs api.ts');
    expect(result.output).toContain('src/modules/beta: the module template needs README.md');
    expect(result.output).toContain('src/modules/beta/service.ts: a task (defineTask) belongs in jobs/<name>.job.ts');
    expect(result.output).toContain('src/modules/beta/service.ts: a repository belongs in data/');
    expect(result.output).not.toContain('src/modules/alpha: the module template');
  });
});
