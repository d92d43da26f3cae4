import { createTestApp, type TestApp } from '../../support/app';

/** analytics.maintain, the hourly upkeep: partitions ahead, retention by dropping partitions, salts forgotten. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ WORKER: 'inline', WORKER_POLL_INTERVAL_MS: '100', CLICKS_RETENTION_DAYS: '30' });
});
afterAll(() => t.close());

const db = () => t.shortline.db.platform;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

async function partitions(): Promise<string[]> {
  const { rows } = await db().raw<{ rows: { name: string }[] }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'analytics.clicks'::regclass order by 1`,
  );
  return rows.map((r) => r.name);
}

async function runMaintenance(): Promise<void> {
  await db().raw("select graphile_worker.add_job('analytics.maintain', '{}'::json)");
  const started = Date.now();
  for (;;) {
    const { rows } = await db().raw<{ rows: { n: string; error: string | null }[] }>(
      "select count(*) as n, max(last_error) as error from graphile_worker.jobs where task_identifier = 'analytics.maintain'",
    );
    if (rows[0].n === '0') return;
    if (rows[0].error) throw new Error(rows[0].error);
    if (Date.now() - started > 10_000) throw new Error('analytics.maintain did not run');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('creates daily partitions from yesterday to a week ahead, and drops those past the retention', async () => {
  const old = `${day(-31)}T00:00:00Z`;
  const oldEnd = `${day(-30)}T00:00:00Z`;
  const oldName = `clicks_${day(-31).replaceAll('-', '')}`;
  await db().raw(`create table analytics.${oldName} partition of analytics.clicks for values from ('${old}') to ('${oldEnd}')`);
  const insideName = `clicks_${day(-29).replaceAll('-', '')}`;
  await db().raw(
    `create table analytics.${insideName} partition of analytics.clicks for values from ('${day(-29)}T00:00:00Z') to ('${day(-28)}T00:00:00Z')`,
  );

  await runMaintenance();

  const names = await partitions();
  expect(names).not.toContain(oldName);
  expect(names).toContain(insideName);
  for (let offset = -1; offset <= 7; offset++) expect(names).toContain(`clicks_${day(offset).replaceAll('-', '')}`);
  await runMaintenance(); // idempotent
  expect(await partitions()).toEqual(names);
});

it('forgets visitor salts of days before yesterday', async () => {
  await db().raw("insert into analytics.visitor_salts (day, salt) values (?, 'a'), (?, 'b'), (?, 'c')", [day(-3), day(-1), day(0)]);
  await runMaintenance();
  const { rows } = await db().raw<{ rows: { day: string }[] }>("select to_char(day, 'YYYY-MM-DD') as day from analytics.visitor_salts order by 1");
  expect(rows.map((r) => r.day)).toEqual([day(-1), day(0)]);
});
