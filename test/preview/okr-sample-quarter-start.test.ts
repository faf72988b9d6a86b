/**
 * The sample OKRs are relative to the preview's "now": started on the first morning of a quarter, the preview has
 * the new quarter's objectives without values yet (no day has ended, nothing finished) and the quarter just ended
 * closed and graded, and it starts without a logged failure.
 */
import { OkrStore } from '../../src/application/okr-store';
import { readClosure } from '../../src/application/okr-periods';
import type { StorePort } from '../../src/application/ports/store-port';
import { capturedStore } from './support/captured-store';
import { startSamplePreview, type SamplePreview } from './support/sample-preview';

jest.mock('../../dev/preview/build-host', () => ({
  buildHostAssets: () => Promise.resolve(new Map()),
}));
jest.mock('../../src/adapters/store/memory-store', () =>
  jest
    .requireActual<typeof import('./support/captured-store')>('./support/captured-store')
    .capturingMemoryStoreModule(),
);

/** Thursday 1 January 2026, 07:00 in Berlin (06:00 UTC): the first morning of 2026-Q1, a holiday. */
const NOW_MS = Date.parse('2026-01-01T06:00:00.000Z');

let sample: SamplePreview;
let store: StorePort;
let errors: readonly string[] = [];

beforeAll(async () => {
  sample = await startSamplePreview(NOW_MS);
  ({ errors } = sample);
  store = capturedStore();
}, 60_000);

afterAll(async () => {
  await sample.stop();
});

it('has the new quarter without values yet and the last one closed, with no logged failure', async () => {
  const okr = new OkrStore(store);
  const current = await okr.listPeriod('2026-Q1');
  expect(current.objectives.map((entry) => entry.value.title)).toContain('Anmeldegeschwindigkeit erhöhen');
  const signIns = current.keyResults.find(
    (entry) => entry.value.title === 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
  );
  // No day of the quarter has ended: the monitoring job has sent nothing yet.
  expect(await okr.checkIns(signIns?.value.id ?? '')).toEqual([]);
  // The previous quarter (2025-Q4) ended at midnight: closed and graded, closed at now at the latest.
  const closure = await readClosure(store, '2025-Q4');
  expect(closure?.closedAtMs).toBeLessThanOrEqual(NOW_MS);
  expect(Object.keys(closure?.gradings ?? {}).length).toBeGreaterThanOrEqual(2);
  for (const checkIn of (
    await Promise.all(current.keyResults.map((entry) => okr.checkIns(entry.value.id)))
  ).flat())
    expect(checkIn.atMs).toBeLessThanOrEqual(NOW_MS);
  expect(errors).toEqual([]);
});
