import fc from 'fast-check';
import request from 'supertest';
import { violations } from '../support/conformance';
import { VALID_BUT_REFUSED } from '../support/fuzz/expectations';
import { operationsOf, type FuzzOperation } from '../support/fuzz/operations';
import { requestFor, type FuzzRequest } from '../support/fuzz/requests';
import { prepare, send } from '../support/fuzz/send';
import { snapshots, type Snapshots } from '../support/fuzz/snapshot';
import { createWorld, LOGO, type World } from '../support/fuzz/world';
import { PASSWORD } from '../support/people';

/**
 * The whole API, fuzzed: every operation of the document the app serves gets
 * valid requests made from its schemas and invalid ones (wrong types, edge
 * numbers, odd strings and encodings, malformed JSON, others' ids). Never a
 * 5xx; every refusal is a problem document; valid requests succeed with what
 * the document says; a refused request changes nothing, in either workspace.
 *
 * FUZZ_RUNS sets the number of requests (npm run test:fuzz runs more);
 * FUZZ_SEED and FUZZ_PATH replay a failure, as its report says.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH;

let world: World;
let state: Snapshots;
let operations: FuzzOperation[];

beforeAll(async () => {
  world = await createWorld();
  state = await snapshots(world.t.database.url);
  const document = (await request(world.t.app).get('/openapi.json').expect(200)).body;
  operations = operationsOf(document);
}, 60_000);
afterAll(async () => {
  await state?.close();
  await world?.close();
});

it('reads every operation of the document', () => {
  expect(operations.length).toBeGreaterThanOrEqual(60);
  expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining(['POST /v1/links', 'GET /{slug}', 'PUT /v1/account/password']));
});

it(
  'answers every request, valid or not, without a 5xx, refusing with problem documents and changing nothing it refuses',
  async () => {
    const context = {
      person: { email: world.owner.email, password: PASSWORD },
      workspaceId: world.a.id,
      logo: LOGO,
      other: { ...world.things.b },
    };
    // The long run says its seed up front, so that a run stopped midway can be replayed too.
    if (process.env.FUZZ_RUNS !== undefined) process.stdout.write(`API fuzzer: ${RUNS} requests, FUZZ_SEED=${SEED}\n`);
    // FUZZ_ONLY=<text> fuzzes only the operations whose `METHOD /path` contains it.
    const only = process.env.FUZZ_ONLY;
    const chosen = only === undefined ? operations : operations.filter((o) => o.name.includes(only));
    const arbitrary = fc.constantFrom(...chosen).chain((operation) => requestFor(operation, context));
    const result = await fc.check(
      fc.asyncProperty(arbitrary, (req) => check(req)),
      { numRuns: RUNS, seed: SEED, path: PATH, endOnFailure: PATH !== undefined, verbose: 1 },
    );
    if (result.failed) {
      throw new Error(
        `${String(result.errorInstance)}\n\n${fc.defaultReportMessage(result)}\n\nReplay: ${only === undefined ? '' : `FUZZ_ONLY='${only}' `}FUZZ_SEED=${result.seed} FUZZ_PATH=${result.counterexamplePath ?? ''} npm run test:fuzz`,
      );
    }
  },
  Number(process.env.FUZZ_TIMEOUT_MS ?? 120_000),
);

/** Sends one request and checks what came back, throwing what was wrong. */
async function check(req: FuzzRequest): Promise<void> {
  const label = `${req.operation.name} (${req.verdict}: ${req.what})`;
  const seen = violations.reduce((sum, v) => sum + v.count, 0);
  const prepared = await prepare(world, req);
  const [beforeA, beforeB] = await Promise.all([state.take(world.a.id), state.take(world.b.id)]);
  const res = await send(world, req, prepared);
  const body = res.body as Buffer;
  const said = `${res.status} ${res.headers['content-type'] ?? ''} ${body.toString('utf8').slice(0, 300)}`;
  const sent =
    req.body === undefined
      ? ''
      : 'raw' in req.body
        ? `${JSON.stringify(req.body.headers)} ${req.body.raw.toString('utf8')}`
        : JSON.stringify(req.body.json);
  const fail = (problem: string) => {
    throw new Error(
      `${label}: ${problem}; sent ${req.operation.method.toUpperCase()} ${prepared.url.slice(0, 200)} ${sent.slice(0, 300)}; got ${said}`,
    );
  };

  if (res.status >= 500) fail('a 5xx');
  const htmlPage = req.operation.htmlRefusals.includes(res.status) && /^text\/html/.test(String(res.headers['content-type']));
  if (res.status >= 400 && req.operation.method !== 'head' && !htmlPage) {
    if (!/^application\/problem\+json/.test(String(res.headers['content-type']))) fail('a refusal that is not application/problem+json');
    let problem: { status?: unknown; title?: unknown; detail?: unknown };
    try {
      problem = JSON.parse(body.toString('utf8'));
    } catch {
      return fail('a problem document that is not JSON');
    }
    if (problem.status !== res.status) fail('a problem whose status is not the response status');
    if (typeof problem.title !== 'string' || problem.title === '') fail('a problem without a title');
    if (typeof problem.detail !== 'string' || problem.detail === '') fail('a problem without a detail');
  }
  // A 429 is a rate limit's "later", which any valid request may meet.
  if (req.verdict === 'valid' && res.status >= 400 && res.status !== 429 && !VALID_BUT_REFUSED[req.operation.name]?.statuses.includes(res.status))
    fail('a valid request refused');
  if (req.verdict === 'must' && (res.status < 400 || res.status >= 500)) fail('an invalid request accepted');
  const added = violations.slice().reduce((sum, v) => sum + v.count, 0) - seen;
  if (added > 0) fail(`an answer the document does not describe: ${violations.map((v) => `${v.operation} ${v.status} ${v.problem}`).join('; ')}`);

  const [afterA, afterB] = await Promise.all([state.take(world.a.id), state.take(world.b.id)]);
  expectSame(beforeB, afterB, `${label}: workspace B changed`);
  if (res.status >= 400) expectSame(beforeA, afterA, `${label}: a refused request changed workspace A`);
}

function expectSame(before: Record<string, string>, after: Record<string, string>, message: string): void {
  const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
  if (changed.length > 0) throw new Error(`${message} (${changed.join(', ')})`);
}
