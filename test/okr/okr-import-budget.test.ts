/**
 * Importing a quarter's export fits the resolver's 25 s: its KVS writes run side by side, and links are written
 * per list, not one compare-and-set round per link. Measured against a store whose every call takes a few
 * milliseconds (as KVS's round trips do): how many calls it makes and how many are in flight at once (counts,
 * not times), and the imported period reads back whole.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { OkrStore } from '../../src/application/okr-store';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { slowStore } from './support/okr-fixtures';

const NOW_MS = Date.UTC(2026, 11, 20, 9);
const Q4: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };
const LATENCY_MS = 2;

it('imports 24 key results with 1,920 external values and 288 links in a fraction of its calls’ latency', async () => {
  const source = new OkrStore(createMemoryStore({ clock: () => NOW_MS }), {
    clock: () => NOW_MS,
    sleep: () => Promise.resolve(),
  });
  for (let o = 0; o < 8; o += 1) {
    const objective = await source.createObjective({
      title: `Objective ${String(o)}`,
      description: '',
      period: Q4,
      ownerAccountId: 'acc-lead',
      scope: { type: 'project', projectKey: 'HD' },
    });
    for (let k = 0; k < 3; k += 1) {
      const kr = await source.createKeyResult({
        objectiveId: objective.value.id,
        title: `Key result ${String(o)}.${String(k)}`,
        ownerAccountId: 'acc-lead',
        weight: 1,
        unit: 'Tage',
        direction: 'decrease',
        source: 'external',
        kind: { type: 'metric', start: 10, target: 8 },
      });
      for (let day = 0; day < 80; day += 1)
        await source.appendCheckIn({
          keyResultId: kr.value.id,
          value: 10 - day / 40,
          note: '',
          author: 'external',
          atMs: Date.UTC(2026, 9, 1 + day, 22),
          source: 'external',
          measurementId: `mail-day-${String(day)}`,
        });
      for (let i = 0; i < 12; i += 1)
        await source.linkIssue(String(10000 + o * 100 + k * 20 + i), kr.value.id);
    }
  }
  const exported = await source.exportPeriod('2026-Q4');
  expect(exported.checkIns).toHaveLength(1920);
  expect(exported.links).toHaveLength(288);

  const { store, calls, mostInFlight } = slowStore(createMemoryStore({ clock: () => NOW_MS }), LATENCY_MS);
  const target = new OkrStore(store, { clock: () => NOW_MS });
  const summary = await target.importPeriod(exported);
  expect(summary).toEqual({ objectives: 8, keyResults: 24, checkIns: 1920, links: 288 });
  // Writes run 16 side by side (one after another kept one in flight). Check-ins go in whole pages and links in
  // merged lists: what remains is about one call per measurement id (1,920) and a few per entity; a compare-and-set
  // round per check-in and per link took 3,453 calls.
  expect(mostInFlight()).toBeGreaterThanOrEqual(16);
  expect(calls()).toBeLessThan(3000);

  const back = await target.exportPeriod('2026-Q4');
  expect({ ...back, exportedAtMs: 0 }).toEqual({ ...exported, exportedAtMs: 0 });
  expect(await target.keyResultsOf('10000')).toEqual(['KR-1']);
}, 120_000);
