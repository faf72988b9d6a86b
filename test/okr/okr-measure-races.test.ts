/**
 * The daily measurement run started twice at once (Forge may deliver a scheduled trigger twice; a redeploy may
 * overlap runs): each open measured key result gets one value for the day and its baseline is stored once; no
 * run fails or logs an error for the other's work.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { measureOpenKeyResults } from '../../src/application/okr-measure-daily';
import { rememberPeriod } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { ADMIN, buildSeed } from '../emulator/seed-builder';

const NOW_MS = Date.UTC(2026, 2, 2, 11, 0);
const TZ = 'Europe/Berlin';
const CURRENT: OkrPeriod = { kind: 'custom', startDate: '2026-02-01', endDate: '2026-03-31', timeZone: TZ };
const BASELINE: OkrPeriod = { kind: 'custom', startDate: '2026-01-01', endDate: '2026-01-31', timeZone: TZ };

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = buildSeed({
    hd: 30,
    issueSpacingMinutes: 24 * 60,
    statusChangesPerHdIssue: 4,
    resolvedEvery: 2,
  });
  emulator = await startEmulator({ seed, now: () => NOW_MS });
});
afterAll(() => emulator.stop());

it('records one value per key result and day, and one baseline, when two daily runs overlap', async () => {
  const store = createMemoryStore({ clock: () => NOW_MS });
  // Real pauses between compare-and-set attempts: the two runs interleave as on KVS.
  const okr = new OkrStore(store, { clock: () => NOW_MS });
  await rememberPeriod(store, CURRENT);
  const objective = await okr.createObjective({
    title: 'Kundenzufriedenheit erhöhen',
    description: '',
    period: CURRENT,
    ownerAccountId: ADMIN.accountId,
    scope: { type: 'project', projectKey: 'HD' },
  });
  const kr = (title: string, kind: Parameters<OkrStore['createKeyResult']>[0]['kind']) =>
    okr.createKeyResult({
      objectiveId: objective.value.id,
      title,
      ownerAccountId: ADMIN.accountId,
      weight: 1,
      unit: '',
      direction: 'decrease',
      kind,
      source: 'measured',
    });
  const count = await kr('Weniger Tickets', {
    type: 'issueCount',
    jql: 'project = HD',
    per: 'week',
    baselinePeriod: BASELINE,
    targetChangePercent: -15,
  });
  const leadTime = await kr('Durchlaufzeit um 15 % senken', {
    type: 'flowMetric',
    scope: { type: 'project', projectKey: 'HD' },
    metric: 'leadTimeP50',
    baselinePeriod: BASELINE,
    targetChangePercent: -15,
  });
  const logged: unknown[] = [];
  const deps = {
    store,
    okr,
    jira: () =>
      createJiraClient(
        createHttpTransport({ baseUrl: emulator.url, email: ADMIN.emailAddress, apiToken: ADMIN.apiToken }),
      ),
    elapsedClock: () => 0,
    logError: (_message: string, error: unknown) => logged.push(error),
  };
  const [a, b] = await Promise.all([
    measureOpenKeyResults(deps, NOW_MS),
    measureOpenKeyResults(deps, NOW_MS),
  ]);
  expect(logged).toEqual([]);
  expect([...a.failed, ...b.failed]).toEqual([]);
  for (const id of [count.value.id, leadTime.value.id]) {
    expect([...a.measured, ...a.alreadyMeasured, ...a.pending]).toContain(id);
    expect([...b.measured, ...b.alreadyMeasured, ...b.pending]).toContain(id);
    expect((await okr.checkIns(id)).map((checkIn) => checkIn.measurementId)).toEqual(['measured:2026-03-02']);
    const stored = await okr.getKeyResult(id);
    expect(stored?.value.kind).toMatchObject({ baselineValue: expect.any(Number) as number });
  }
});
