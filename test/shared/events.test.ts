import knex, { type Knex } from 'knex';
import { z } from 'zod';
import {
  Audiences,
  createEvent,
  createInbox,
  defineEvent,
  EventBus,
  handle,
  handleBatch,
  subscription,
  type DomainEvent,
  type EventPublisher,
} from '../../src/shared/events';
import { runAs, runWithRequestContext } from '../../src/shared/context';
import { cronItems, defineTask, JobRunner, type TaskDefinition } from '../../src/shared/jobs';
import { parsePayload } from '../../src/shared/jobs/task';
import { createLogger } from '../../src/shared/logging';
import { createMetrics } from '../../src/shared/metrics';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * Domain events on a real database: outbox (published iff the transaction
 * commits), delivery through the queue, and the inbox that makes a redelivered
 * event a no-op.
 */
const thingHappened = defineEvent('thing.happened', 1, z.object({ name: z.string().min(1) }));
const recordThing = subscription('record-thing', thingHappened);
const logger = createLogger({ level: 'silent', format: 'json' });

let database: TestDatabase;
let db: Knex;
let bus: EventBus;
let publisher: EventPublisher;
let delivery: TaskDefinition;
let failNext = false;

beforeAll(async () => {
  database = await createTestDatabase();
  db = knex({ client: 'pg', connection: database.url, pool: { min: 0, max: 4 } });
  await db.raw('create schema subscriber');
  await db.raw('create table subscriber.effects (event_id uuid not null, name text not null)');
  await createInbox(db, 'subscriber');
  bus = new EventBus([{ module: 'subscriber', subscription: recordThing }], logger);
  publisher = bus.publisher(new Audiences(), createMetrics());
  [delivery] = bus.tasksFor('subscriber', db, [
    handle(recordThing, async (event, trx) => {
      await trx('subscriber.effects').insert({ event_id: event.id, name: event.data.name });
      if (failNext) {
        failNext = false;
        throw new Error('handler failed');
      }
    }),
  ]);
});

afterAll(async () => {
  await db.destroy();
  await database.drop();
});

beforeEach(async () => {
  await db.raw('truncate subscriber.effects, subscriber.event_inbox');
  await db.raw('delete from graphile_worker._private_jobs');
});

async function deliveryJobs(): Promise<{ events: DomainEvent<{ name: string }>[] }[]> {
  const result = await db.raw<{ rows: { payload: { events: DomainEvent<{ name: string }>[] } }[] }>(
    `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'subscriber.on.record-thing' order by j.id`,
  );
  return result.rows.map((r) => r.payload);
}

const effects = async () => (await db('subscriber.effects').select('name').orderBy('name')).map((r: { name: string }) => r.name);
const job = { id: '1', attempts: 1 };

it('gives each event an id, type, version, workspace and time, and checks its data', () => {
  const event = createEvent(thingHappened, 'ws-1', { name: 'a' });
  expect(event).toEqual({
    id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    type: 'thing.happened',
    version: 1,
    workspaceId: 'ws-1',
    occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    actor: null,
    data: { name: 'a' },
  });
  expect(createEvent(thingHappened, 'ws-1', { name: 'a' }).id).not.toBe(event.id);
  expect(() => createEvent(thingHappened, 'ws-1', { name: '' })).toThrow(/thing.happened has invalid data: name/);
});

describe('the actor of an event', () => {
  const alice = { kind: 'user' as const, id: '7d1f4bde-52a4-4bb4-a1d4-2c4d0b1c9f10', label: 'alice@example.com' };

  it('is the caller the request context names, without being passed', async () => {
    const event = await runWithRequestContext({ requestId: 'r1' }, () =>
      runAs(alice, async () => {
        await Promise.resolve();
        return createEvent(thingHappened, 'ws-1', { name: 'a' });
      }),
    );
    expect(event.actor).toEqual(alice);
  });

  it('is null outside a request, and before its caller is known', () => {
    expect(createEvent(thingHappened, 'ws-1', { name: 'a' }).actor).toBeNull();
    expect(runWithRequestContext({ requestId: 'r1' }, () => createEvent(thingHappened, 'ws-1', { name: 'a' }).actor)).toBeNull();
  });

  it('can be given where the context does not know it, or must not be used', () => {
    expect(createEvent(thingHappened, 'ws-1', { name: 'a' }, { actor: alice }).actor).toEqual(alice);
    expect(runAs(alice, () => createEvent(thingHappened, 'ws-1', { name: 'a' }, { actor: null }).actor)).toBeNull();
  });

  it('travels with the event, and is null for an event queued before envelopes carried one', async () => {
    const handled: DomainEvent[] = [];
    const [task] = new EventBus([{ module: 'subscriber', subscription: recordThing }], logger).tasksFor('subscriber', db, [
      handle(recordThing, async (event) => void handled.push(event)),
    ]);
    const withActor = runAs(alice, () => createEvent(thingHappened, 'ws-1', { name: 'a' }));
    const { actor: _none, ...queuedBefore } = createEvent(thingHappened, 'ws-1', { name: 'b' });
    await task.run(parsePayload(task, { events: [withActor, queuedBefore] }), job);
    expect(handled.map((event) => event.actor)).toEqual([alice, null]);
  });
});

it('publishes only what a committed transaction published', async () => {
  await db.transaction((trx) => publisher.publish(trx, createEvent(thingHappened, 'ws-1', { name: 'committed' })));
  await db
    .transaction(async (trx) => {
      await publisher.publish(trx, createEvent(thingHappened, 'ws-1', { name: 'rolled-back' }));
      throw new Error('abort');
    })
    .catch(() => {});
  const jobs = await deliveryJobs();
  expect(jobs.flatMap((j) => j.events.map((e) => e.data.name))).toEqual(['committed']);
});

it('publishes nothing for event types no one subscribes to', async () => {
  const unheard = defineEvent('thing.ignored', 1, z.object({}));
  await publisher.publish(db, createEvent(unheard, 'ws-1', {}));
  expect(await db('graphile_worker._private_jobs').count({ n: '*' })).toEqual([{ n: '0' }]);
});

it('carries many events in a few jobs', async () => {
  const events = Array.from({ length: 1200 }, (_, i) => createEvent(thingHappened, 'ws-1', { name: `n${i}` }));
  await publisher.publish(db, ...events);
  const jobs = await deliveryJobs();
  expect(jobs.map((j) => j.events.length)).toEqual([500, 500, 200]);
});

it('handles an event delivered twice once', async () => {
  const event = createEvent(thingHappened, 'ws-1', { name: 'twice' });
  await delivery.run({ events: [event] }, job);
  await delivery.run({ events: [event] }, job);
  expect(await effects()).toEqual(['twice']);
  expect(await db('subscriber.event_inbox').where({ event_id: event.id }).count({ n: '*' })).toEqual([{ n: '1' }]);
});

it('rolls the inbox record back with a failing handler, so the retry runs it', async () => {
  const event = createEvent(thingHappened, 'ws-1', { name: 'flaky' });
  failNext = true;
  await expect(delivery.run({ events: [event] }, job)).rejects.toThrow('handler failed');
  expect(await effects()).toEqual([]);
  await delivery.run({ events: [event] }, job);
  expect(await effects()).toEqual(['flaky']);
});

it('rejects a delivery whose event data does not match the definition', async () => {
  const bad = { ...createEvent(thingHappened, 'ws-1', { name: 'x' }), data: { name: 42 } };
  await expect(delivery.run({ events: [bad] }, job)).rejects.toThrow(/invalid thing.happened data/);
  expect(await effects()).toEqual([]);
});

it('delivers through the job runner', async () => {
  const runner = new JobRunner({
    databaseUrl: database.url,
    tasks: [delivery],
    settings: { concurrency: 2, pollIntervalMs: 100, localQueueSize: 0, completeBatchDelayMs: 0, shutdownTimeoutMs: 2000 },
    logger,
    metrics: createMetrics(),
  });
  await runner.start();
  try {
    await db.transaction((trx) => publisher.publish(trx, createEvent(thingHappened, 'ws-1', { name: 'queued' })));
    const started = Date.now();
    while ((await effects()).length === 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 25));
    expect(await effects()).toEqual(['queued']);
  } finally {
    await runner.stop();
  }
});

it('insists that declared subscriptions and handlers match', () => {
  expect(() => bus.tasksFor('subscriber', db, [])).toThrow(/declares subscription subscriber.on.record-thing but provides no handler/);
  const stray = subscription('stray', thingHappened);
  expect(() => bus.tasksFor('subscriber', db, [handle(stray, async () => {})])).toThrow(/handles stray, which its definition does not declare/);
  expect(
    () =>
      new EventBus(
        [
          { module: 'm', subscription: recordThing },
          { module: 'm', subscription: recordThing },
        ],
        logger,
      ),
  ).toThrow(/declared twice/);
});

it('turns task schedules into cron items, and rejects a bad schedule', () => {
  const nightly = defineTask({ name: 'test.nightly', payload: z.object({}), schedule: '0 3 * * *', run: async () => {} });
  const adhoc = defineTask({ name: 'test.adhoc', payload: z.object({}), run: async () => {} });
  const items = cronItems([nightly, adhoc]);
  expect(items.map((i) => [i.task, i.options.jobKey])).toEqual([['test.nightly', 'test.nightly']]);
  expect(items[0].match({ min: 0, hour: 3, date: 1, month: 1, dow: 1 })).toBe(true);
  expect(items[0].match({ min: 0, hour: 4, date: 1, month: 1, dow: 1 })).toBe(false);
  expect(() => cronItems([{ ...nightly, schedule: 'every night' }])).toThrow();
});

describe('a batch handler', () => {
  const batchThings = subscription('batch-things', thingHappened);
  let batchTask: TaskDefinition;
  const handled: string[][] = [];

  beforeAll(() => {
    const batchBus = new EventBus([{ module: 'subscriber', subscription: batchThings }], logger);
    [batchTask] = batchBus.tasksFor('subscriber', db, [
      handleBatch(
        batchThings,
        async (events) => events.filter((event) => event.workspaceId === 'ws-wanted'),
        async (events, trx) => {
          handled.push(events.map((event) => event.data.name));
          for (const event of events) await trx('subscriber.effects').insert({ event_id: event.id, name: event.data.name });
        },
      ),
    ]);
  });

  it('handles a delivery in one call, claims only the events it selected, and skips them when redelivered', async () => {
    const events = [
      createEvent(thingHappened, 'ws-wanted', { name: 'a' }),
      createEvent(thingHappened, 'ws-other', { name: 'b' }),
      createEvent(thingHappened, 'ws-wanted', { name: 'c' }),
    ];
    await batchTask.run({ events }, job);
    expect(handled).toEqual([['a', 'c']]);
    expect(await effects()).toEqual(['a', 'c']);
    const inbox = await db('subscriber.event_inbox').where({ subscription: 'batch-things' }).select('event_id');
    expect(inbox.map((r: { event_id: string }) => r.event_id).sort()).toEqual([events[0].id, events[2].id].sort());

    await batchTask.run({ events }, job);
    expect(handled).toEqual([['a', 'c'], []]);
    expect(await effects()).toEqual(['a', 'c']);
  });
});

describe('an audience', () => {
  const clicked = defineEvent('thing.clicked', 1, z.object({ n: z.number() }));
  const fewWorkspaces = subscription('few-workspaces', clicked);
  const everyWorkspace = subscription('every-workspace', clicked);
  const asked: string[][] = [];
  let audienceFails = false;
  let metrics: ReturnType<typeof createMetrics>;
  let audienceBus: EventBus;
  let audiences: Audiences;

  const ignore = async () => [];
  const fewHandler = handleBatch(fewWorkspaces, ignore, async () => {}, {
    async audience(workspaceIds) {
      asked.push([...workspaceIds].sort());
      if (audienceFails) throw new Error('database unreachable');
      return new Set([...workspaceIds].filter((id) => id.startsWith('ws-hook')));
    },
  });

  async function jobsOf(task: string): Promise<string[][]> {
    const { rows } = await db.raw<{ rows: { payload: { events: DomainEvent[] } }[] }>(
      `select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = ? order by j.id`,
      [task],
    );
    return rows.map((row) => row.payload.events.map((event) => event.workspaceId));
  }

  beforeEach(() => {
    asked.length = 0;
    audienceFails = false;
    metrics = createMetrics();
    audienceBus = new EventBus([{ module: 'subscriber', subscription: fewWorkspaces }], logger);
    audiences = new Audiences();
    audiences.add([fewHandler]);
  });

  const events = () => ['ws-hook-1', 'ws-quiet', 'ws-hook-2', 'ws-quiet'].map((ws, n) => createEvent(clicked, ws, { n }));

  it("delivers to a subscription only its audience's events, and counts the rest as unheard", async () => {
    await audienceBus.publisher(audiences, metrics).publish(db, ...events());
    expect(await jobsOf('subscriber.on.few-workspaces')).toEqual([['ws-hook-1', 'ws-hook-2']]);
    expect(asked).toEqual([['ws-hook-1', 'ws-hook-2', 'ws-quiet']]);
    expect(await metrics.registry.getSingleMetricAsString('shortline_events_unheard_total')).toContain(
      'subscription="subscriber.on.few-workspaces"} 2',
    );
  });

  it('queues nothing when no event is in the audience', async () => {
    await audienceBus.publisher(audiences, metrics).publish(db, createEvent(clicked, 'ws-quiet', { n: 1 }));
    expect(await jobsOf('subscriber.on.few-workspaces')).toEqual([]);
  });

  it('tells a publisher which workspaces anyone hears: none, its audience, or all of them', async () => {
    const ids = ['ws-hook-1', 'ws-quiet'];
    expect(await audienceBus.publisher(audiences, metrics).audience('thing.happened', ids)).toEqual(new Set());
    expect(await audienceBus.publisher(audiences, createMetrics()).audience('thing.clicked', ids)).toEqual(new Set(['ws-hook-1']));
    // A second subscriber without an audience (another deployment's, or one that acts on every workspace) hears all.
    const both = new EventBus(
      [
        { module: 'subscriber', subscription: fewWorkspaces },
        { module: 'elsewhere', subscription: everyWorkspace },
      ],
      logger,
    );
    expect(await both.publisher(audiences, createMetrics()).audience('thing.clicked', ids)).toEqual(new Set(ids));
    await both.publisher(audiences, createMetrics()).publish(db, ...events());
    expect(await jobsOf('elsewhere.on.every-workspace')).toEqual([['ws-hook-1', 'ws-quiet', 'ws-hook-2', 'ws-quiet']]);
    expect(await jobsOf('subscriber.on.few-workspaces')).toEqual([['ws-hook-1', 'ws-hook-2']]);
  });

  it('hears every workspace when the subscriber module is not built here', async () => {
    await audienceBus.publisher(new Audiences(), metrics).publish(db, ...events());
    expect(await jobsOf('subscriber.on.few-workspaces')).toEqual([['ws-hook-1', 'ws-quiet', 'ws-hook-2', 'ws-quiet']]);
  });

  it('hears every workspace when the audience fails: a delivery too many rather than an event lost', async () => {
    audienceFails = true;
    const publisher = audienceBus.publisher(audiences, metrics);
    await publisher.publish(db, ...events());
    expect(await jobsOf('subscriber.on.few-workspaces')).toEqual([['ws-hook-1', 'ws-quiet', 'ws-hook-2', 'ws-quiet']]);
    expect(await publisher.audience('thing.clicked', ['ws-quiet'])).toEqual(new Set(['ws-quiet']));
  });
});
