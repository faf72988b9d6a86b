/**
 * The `csat` key result kind ("Kundenzufriedenheit erhöhen" measured by CSAT) on the sample help desk, against the
 * local Jira emulator: "measure now" (the `measureKeyResult` resolver, as the app) measures the mean rating of the
 * requests HD resolved so far in the period, against a baseline measured once over the months before the
 * self-service go-live; the daily scheduled run measures it too; the values equal the seed's own ratings.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import type { SeedUser } from '../../dev/emulator/seed';
import { generateSampleSeed, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { rememberPeriod } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { MeasureKeyResultAnswer, OkrResult } from '../../src/contract/okr';
import { addDays, localDate, startOfLocalDayMs } from '../../src/domain/flow/calendar';
import { parseJiraInstant } from '../../src/domain/flow/timestamps';
import type { KeyResultKind, OkrPeriod } from '../../src/domain/okr/types';
import { createMeasureKeyResultHandler } from '../../src/entry/resolvers/okr-measure-handler';
import { createOkrMeasureSchedule } from '../../src/entry/scheduled/okr-measure-schedule';

const NOW = Date.UTC(2026, 2, 2, 11);
const TZ = SAMPLE_TIME_ZONE;
/** The objective's period: the first quarter of 2026 (measured up to today, 2 March). */
const CURRENT: OkrPeriod = { kind: 'custom', startDate: '2026-01-01', endDate: '2026-03-31', timeZone: TZ };
/** The baseline: the 13 weeks before the self-service go-live on 11 September 2025. */
const BEFORE_GO_LIVE: OkrPeriod = {
  kind: 'custom',
  startDate: '2025-06-12',
  endDate: '2025-09-10',
  timeZone: TZ,
};

const seed = generateSampleSeed({ now: NOW });
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed, now: () => NOW });
});
afterAll(() => emulator.stop());

function clientOf(user: SeedUser): JiraClient {
  return createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken }),
  );
}

/** The mean rating of the HD requests resolved on the local days [first, last], straight from the seed. */
function seedMean(firstDate: string, lastDate: string): { mean: number; n: number } {
  const startMs = startOfLocalDayMs(firstDate, TZ);
  const endMs = startOfLocalDayMs(addDays(lastDate, 1), TZ);
  const byId = new Map(seed.issues.map((issue) => [issue.id, issue]));
  const hd = seed.projects.find((p) => p.key === 'HD');
  const ratings = (seed.requestFeedback ?? [])
    .filter((r) => {
      const issue = byId.get(r.issueId);
      const resolvedMs = parseJiraInstant(issue?.resolutiondate) ?? Number.NaN;
      return issue?.projectId === hd?.id && resolvedMs >= startMs && resolvedMs < endMs;
    })
    .map((r) => r.rating);
  return {
    mean: Math.round((ratings.reduce((a, b) => a + b, 0) / ratings.length) * 1000) / 1000,
    n: ratings.length,
  };
}

function ok<T>(answer: OkrResult<T>): T {
  if (!answer.ok) throw new Error(`expected ok, got ${answer.error.code}: ${answer.error.detail}`);
  return answer.value;
}

const csat: KeyResultKind = {
  type: 'csat',
  scope: { type: 'project', projectKey: 'HD' },
  baselinePeriod: BEFORE_GO_LIVE,
  targetChangePercent: 10,
};

it('measures "Kundenzufriedenheit erhöhen" by CSAT now and daily: happier customers than before the go-live', async () => {
  const admin = seed.users.find((u) => u.jiraAdmin);
  if (admin === undefined) throw new Error('the sample data has no Jira admin');
  const store = createMemoryStore({ clock: () => NOW });
  const okr = new OkrStore(store, { clock: () => NOW, sleep: () => Promise.resolve() });
  await rememberPeriod(store, CURRENT);
  const objective = await okr.createObjective({
    title: 'Kundenzufriedenheit erhöhen',
    description: '',
    period: CURRENT,
    ownerAccountId: admin.accountId,
    scope: { type: 'project', projectKey: 'HD' },
  });
  const keyResult = await okr.createKeyResult({
    objectiveId: objective.value.id,
    title: 'CSAT um 10 % steigern',
    ownerAccountId: admin.accountId,
    weight: 1,
    unit: 'rating',
    direction: 'increase',
    kind: csat,
    source: 'measured',
  });
  const handler = createMeasureKeyResultHandler({
    jira: () => clientOf(admin),
    // The emulator's admin stands in for Forge's asApp() (as in the preview).
    jiraAsApp: () => clientOf(admin),
    store,
    okr,
    clock: () => NOW,
    logError: () => undefined,
  });

  const measured: MeasureKeyResultAnswer = ok(
    await handler.measureKeyResult(
      { keyResultId: keyResult.value.id },
      { accountId: admin.accountId, timezone: TZ },
    ),
  );

  const before = seedMean(BEFORE_GO_LIVE.startDate, BEFORE_GO_LIVE.endDate);
  const now = seedMean(CURRENT.startDate, localDate(NOW, TZ));
  expect(before.n).toBeGreaterThan(20);
  expect(now.n).toBeGreaterThan(20);
  expect(measured.baselineValue).toBe(before.mean);
  expect(measured.value).toBe(now.mean);
  expect(measured.issueCount).toBe(now.n);
  // The self-service go-live made the help desk's customers happier.
  expect(measured.value).toBeGreaterThan(before.mean);
  expect(measured.view.start).toBe(before.mean);
  expect(measured.view.target).toBeCloseTo(before.mean * 1.1, 9);
  expect((await okr.getKeyResult(keyResult.value.id))?.value.kind).toMatchObject({
    type: 'csat',
    baselineValue: before.mean,
  });

  // The daily run measures it as the app as well (a value of its own for the day).
  const logged: string[] = [];
  const run = createOkrMeasureSchedule({
    store,
    okr,
    jira: () => clientOf(admin),
    clock: () => NOW,
    elapsedClock: () => 0,
    logError: (message) => logged.push(message),
  });
  const daily = await run({ context: { cloudId: 'c', moduleKey: 'okr-daily-measure' }, contextToken: 't' });
  expect(daily.summary?.measured).toEqual([keyResult.value.id]);
  expect(logged).toEqual([]);
  const checkIns = await okr.checkIns(keyResult.value.id);
  expect(checkIns.map((c) => [c.value, c.source])).toEqual([
    [now.mean, 'measured'],
    [now.mean, 'measured'],
  ]);
}, 60_000);

it('refuses a CSAT key result whose direction contradicts its target change, or that is not measured', async () => {
  const { KeyResultSchema } = await import('../../src/domain/okr/validation');
  const { safeParse } = await import('valibot');
  const base = {
    id: 'KR-1',
    objectiveId: 'O-1',
    title: 'CSAT',
    ownerAccountId: 'acc',
    weight: 1,
    unit: 'rating',
    archived: false,
  };
  expect(
    safeParse(KeyResultSchema, { ...base, direction: 'increase', kind: csat, source: 'measured' }).success,
  ).toBe(true);
  expect(
    safeParse(KeyResultSchema, { ...base, direction: 'decrease', kind: csat, source: 'measured' }).success,
  ).toBe(false);
  expect(
    safeParse(KeyResultSchema, { ...base, direction: 'increase', kind: csat, source: 'manual' }).success,
  ).toBe(false);
  expect(
    safeParse(KeyResultSchema, {
      ...base,
      direction: 'increase',
      kind: { ...csat, baselineValue: 6 },
      source: 'measured',
    }).success,
  ).toBe(false);
});
