/**
 * Closing a period reads its key results' histories side by side: one objective after another took a round of
 * KVS reads each, and a full period past the resolver's 25 s. Measured by how many store calls are in flight at
 * once (a count, not a time): closing 60 objectives reads all 180 key results' histories together.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { closePeriod } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { slowStore } from './support/okr-fixtures';

const Q3: OkrPeriod = { kind: 'quarter', quarter: '2026-Q3', timeZone: 'Europe/Berlin' };
const AFTER_MS = Date.UTC(2026, 9, 5, 9);
const LATENCY_MS = 2;

it('grades 60 objectives reading all their key results side by side', async () => {
  const memory = createMemoryStore({ clock: () => AFTER_MS });
  const fast = new OkrStore(memory, { clock: () => AFTER_MS, sleep: () => Promise.resolve() });
  for (let o = 0; o < 60; o += 1) {
    const objective = await fast.createObjective({
      title: `Objective ${String(o)}`,
      description: '',
      period: Q3,
      ownerAccountId: 'acc-lead',
      scope: { type: 'project', projectKey: 'HD' },
    });
    for (let k = 0; k < 3; k += 1) {
      const kr = await fast.createKeyResult({
        objectiveId: objective.value.id,
        title: `Key result ${String(k)}`,
        ownerAccountId: 'acc-lead',
        weight: 1,
        unit: '',
        direction: 'increase',
        source: 'manual',
        kind: { type: 'metric', start: 0, target: 10 },
      });
      await fast.appendCheckIn({
        keyResultId: kr.value.id,
        value: k * 5,
        note: '',
        author: 'acc-lead',
        atMs: Date.UTC(2026, 8, 1),
        source: 'manual',
      });
    }
  }
  const { store, mostInFlight } = slowStore(memory, LATENCY_MS);
  const okr = new OkrStore(store, { clock: () => AFTER_MS });
  const closure = await closePeriod({ store, okr }, '2026-Q3', AFTER_MS, 'acc-admin', {
    onTrack: 0.7,
    atRisk: 0.4,
  });
  expect(Object.keys(closure.gradings)).toHaveLength(60);
  expect(closure.gradings['O-1']).toMatchObject({ objectiveGrade: 0.5 });
  // The 180 key results' histories are read side by side (one objective after another kept at most 3 in flight).
  expect(mostInFlight()).toBeGreaterThanOrEqual(180);
}, 60_000);
