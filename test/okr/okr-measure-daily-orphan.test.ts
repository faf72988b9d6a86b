/**
 * The daily run and a measurement reservation whose check-in never reached the history (its writer stopped
 * between reserving and appending): counted as measured only once recorded; an orphan past its lease is measured
 * again and the day's value lands; one within its lease is left to its writer (pending, no Jira request).
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { measurementIdOf } from '../../src/application/okr-measure';
import { measureOpenKeyResults } from '../../src/application/okr-measure-daily';
import { rememberPeriod } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import {
  MEASUREMENT_LEASE_MS,
  measurementKey,
  type MeasurementReservation,
} from '../../src/application/okr-store-keys';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { ADMIN, buildSeed } from '../emulator/seed-builder';

const NOW_MS = Date.UTC(2026, 2, 2, 11, 0);
const TZ = 'Europe/Berlin';
const CURRENT: OkrPeriod = { kind: 'custom', startDate: '2026-02-01', endDate: '2026-03-31', timeZone: TZ };

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({
    seed: buildSeed({ hd: 10, issueSpacingMinutes: 24 * 60 }),
    now: () => NOW_MS,
  });
});
afterAll(() => emulator.stop());

async function setUp(reservation: MeasurementReservation) {
  const store = createMemoryStore({ clock: () => NOW_MS });
  const okr = new OkrStore(store, { clock: () => NOW_MS, sleep: () => Promise.resolve() });
  await rememberPeriod(store, CURRENT);
  const objective = await okr.createObjective({
    title: 'Änderungen liefern',
    description: '',
    period: CURRENT,
    ownerAccountId: ADMIN.accountId,
    scope: { type: 'project', projectKey: 'HD' },
  });
  const keyResult = await okr.createKeyResult({
    objectiveId: objective.value.id,
    title: 'Alle Tickets erledigen',
    ownerAccountId: ADMIN.accountId,
    weight: 1,
    unit: '',
    direction: 'increase',
    kind: { type: 'issueProgress', issues: { type: 'jql', jql: 'project = HD' } },
    source: 'measured',
  });
  const id = keyResult.value.id;
  await store.put(measurementKey(id, measurementIdOf('daily', CURRENT, NOW_MS)), reservation, null);
  const clients: JiraClient[] = [];
  const logged: unknown[] = [];
  const deps = {
    store,
    okr,
    jira: () => {
      const client = createJiraClient(
        createHttpTransport({ baseUrl: emulator.url, email: ADMIN.emailAddress, apiToken: ADMIN.apiToken }),
      );
      clients.push(client);
      return client;
    },
    elapsedClock: () => 0,
    logError: (_message: string, error: unknown) => logged.push(error),
  };
  return { id, okr, deps, clients, logged };
}

it('measures a key result whose reservation of the day is orphaned past its lease', async () => {
  const { id, okr, deps, logged } = await setUp({
    checkInId: 'CI-lost',
    reservedAtMs: NOW_MS - MEASUREMENT_LEASE_MS - 60_000,
  });
  const summary = await measureOpenKeyResults(deps, NOW_MS);
  expect(logged).toEqual([]);
  expect(summary.measured).toEqual([id]);
  expect(summary.alreadyMeasured).toEqual([]);
  expect((await okr.checkIns(id)).map((checkIn) => checkIn.measurementId)).toEqual(['measured:2026-03-02']);
});

it('counts a recorded reservation as measured, and leaves one within its lease to its writer, asking Jira nothing', async () => {
  const recorded = await setUp({ checkInId: 'CI-1', reservedAtMs: NOW_MS - 3_600_000, recorded: true });
  const done = await measureOpenKeyResults(recorded.deps, NOW_MS);
  expect(done.alreadyMeasured).toEqual([recorded.id]);
  expect(done.measured).toEqual([]);

  const fresh = await setUp({ checkInId: 'CI-2', reservedAtMs: NOW_MS - 10_000 });
  const pending = await measureOpenKeyResults(fresh.deps, NOW_MS);
  expect(pending.pending).toEqual([fresh.id]);
  expect(pending.measured).toEqual([]);
  expect(fresh.logged).toEqual([]);
  expect([...recorded.clients, ...fresh.clients]).toEqual([]);
});
