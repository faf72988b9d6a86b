/**
 * The period index (one stored value) stays below Forge's 240 KiB: a period takes at most 400 objectives and an
 * objective at most 25 key results, refused naming the rule before anything is listed or written (past the
 * value's size, the index write failed after the objective was written: stored, but listed nowhere). Imports and
 * moves into a full period are refused the same way.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  OKR_MAX_KEY_RESULTS_PER_OBJECTIVE,
  OKR_MAX_OBJECTIVES_PER_PERIOD,
  OkrStore,
} from '../../src/application/okr-store';
import { objectiveKey, periodIndexKey, type PeriodIndex } from '../../src/application/okr-store-keys';
import { OkrValidationError, type NewObjective } from '../../src/application/ports/okr-store-port';
import type { OkrPeriod } from '../../src/domain/okr/types';

const NOW_MS = Date.UTC(2026, 10, 15, 9);
const Q4: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };
const Q1: OkrPeriod = { kind: 'quarter', quarter: '2027-Q1', timeZone: 'Europe/Berlin' };

const objective = (period: OkrPeriod, n: number): NewObjective => ({
  title: `Objective ${String(n)}`,
  description: '',
  period,
  ownerAccountId: 'acc-lead',
  scope: { type: 'project', projectKey: 'HD' },
});

function setup() {
  const store = createMemoryStore({ clock: () => NOW_MS });
  return { store, okr: new OkrStore(store, { clock: () => NOW_MS, sleep: () => Promise.resolve() }) };
}

describe('OKR store limits', () => {
  it('keeps a full period index below the largest stored value, even with ten-digit ids', () => {
    const { store } = setup();
    const index: PeriodIndex = {
      objectives: Array.from({ length: OKR_MAX_OBJECTIVES_PER_PERIOD }, (_, o) => ({
        id: `O-${String(9_000_000_000 + o)}`,
        keyResultIds: Array.from(
          { length: OKR_MAX_KEY_RESULTS_PER_OBJECTIVE },
          (_, k) => `KR-${String(9_000_000_000 + o * 100 + k)}`,
        ),
      })),
    };
    expect(store.storedBytes(index)).toBeLessThan(store.maxValueBytes);
  });

  it(`refuses objective ${String(OKR_MAX_OBJECTIVES_PER_PERIOD + 1)} of a period, the move of another into it, and an import overfilling it`, async () => {
    const { store, okr } = setup();
    for (let n = 0; n < OKR_MAX_OBJECTIVES_PER_PERIOD; n += 1) await okr.createObjective(objective(Q4, n));
    const indexBefore = await store.get(periodIndexKey('2026-Q4'));
    await expect(okr.createObjective(objective(Q4, 999))).rejects.toThrow(
      /period: 2026-Q4 holds 400 objectives already/,
    );
    expect(await store.get(objectiveKey(`O-${String(OKR_MAX_OBJECTIVES_PER_PERIOD + 1)}`))).toBeNull();
    expect(await store.get(periodIndexKey('2026-Q4'))).toEqual(indexBefore);

    const elsewhere = await okr.createObjective(objective(Q1, 1000));
    await expect(okr.updateObjective(elsewhere.value.id, elsewhere.version, { period: Q4 })).rejects.toThrow(
      OkrValidationError,
    );
    expect((await okr.getObjective(elsewhere.value.id))?.value.period).toEqual(Q1);
    expect((await okr.listPeriod('2027-Q1')).objectives).toHaveLength(1);

    const exported = await okr.exportPeriod('2027-Q1');
    const fresh = setup();
    await fresh.okr.importPeriod(exported);
    await expect(
      okr.importPeriod({
        ...exported,
        periodKey: '2026-Q4',
        objectives: [{ ...exported.objectives[0], id: 'O-9999', period: Q4 }],
      }),
    ).rejects.toThrow(/2026-Q4 would hold 401 objectives; at most 400 fit/);
  }, 60_000);

  it(`refuses key result ${String(OKR_MAX_KEY_RESULTS_PER_OBJECTIVE + 1)} of an objective, writing none`, async () => {
    const { store, okr } = setup();
    const parent = await okr.createObjective(objective(Q4, 1));
    const keyResult = {
      objectiveId: parent.value.id,
      title: 'Durchlaufzeit um 15 % senken',
      ownerAccountId: 'acc-lead',
      weight: 1,
      unit: 'Tage',
      direction: 'decrease' as const,
      source: 'manual' as const,
      kind: { type: 'metric' as const, start: 10, target: 8.5 },
    };
    for (let n = 0; n < OKR_MAX_KEY_RESULTS_PER_OBJECTIVE; n += 1) await okr.createKeyResult(keyResult);
    await expect(okr.createKeyResult(keyResult)).rejects.toThrow(
      /objectiveId: O-1 has 25 key results already/,
    );
    expect(await store.get(`okr-kr:KR-${String(OKR_MAX_KEY_RESULTS_PER_OBJECTIVE + 1)}`)).toBeNull();
    expect((await okr.listPeriod('2026-Q4')).keyResults).toHaveLength(OKR_MAX_KEY_RESULTS_PER_OBJECTIVE);
  });
});
