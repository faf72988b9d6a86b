/**
 * The implementation schedule: the dependency rule, worked examples of the ordering (score, then gap size, then
 * what each process needs first) and the quarters under a capacity, pinned moves, the move's lost-update guard
 * and the CSV/JSON export.
 */
import { MemoryStore } from '../../src/adapters/store/memory-store';
import { saveFitsmPlanSettings } from '../../src/application/fitsm-plan-settings';
import {
  addScheduleItems,
  exportSchedule,
  getScheduleView,
  moveScheduleItem,
  removeScheduleItem,
  ScheduleConflictError,
  type StoredScheduleItem,
} from '../../src/application/fitsm-schedule';
import { csiRecordStoreKey } from '../../src/application/csi-record';
import { EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { dependencyTierOf, prerequisitesOf } from '../../src/domain/fitsm/schedule-dependencies';
import { planSchedule, quarterOfDay, type ScheduleInputItem } from '../../src/domain/fitsm/schedule';

const item = (
  improvementKey: string,
  subjectId: string,
  score: number | null,
  gapSize: number | null = null,
  pinnedQuarter: string | null = null,
): ScheduleInputItem => ({ improvementKey, subjectId, score, gapSize, pinnedQuarter });

const byQuarter = (plan: ReturnType<typeof planSchedule>) =>
  Object.fromEntries(plan.quarters.map((q) => [q.quarter, q.itemKeys]));

describe('the dependency rule', () => {
  it('puts GR first, PR1 before PR2, PR14 after reporting, transitively', () => {
    expect([...prerequisitesOf('GR')]).toEqual([]);
    expect([...prerequisitesOf('PR1')]).toEqual(['GR']);
    expect(new Set(prerequisitesOf('PR2'))).toEqual(new Set(['PR1', 'GR']));
    expect(new Set(prerequisitesOf('PR14'))).toEqual(new Set(['PR3', 'PR2', 'PR1', 'GR']));
    expect(new Set(prerequisitesOf('PR13'))).toEqual(new Set(['PR12', 'PR11', 'PR1', 'GR']));
    expect(prerequisitesOf('PR6').has('PR1')).toBe(false);
    expect(
      ['GR', 'PR1', 'PR2', 'PR3', 'PR14', 'PR6', 'PR10'].map((g) => dependencyTierOf(g as 'GR')),
    ).toEqual([0, 1, 2, 3, 4, 1, 3]);
  });
});

describe('planSchedule (worked examples)', () => {
  it('orders by score, then gap size, then key, filling quarters to the capacity', () => {
    // Independent processes (all need only GR, and there are no GR items): pure priority order.
    const plan = planSchedule(
      [
        item('CSI-1', 'PR6.1', 5, 1),
        item('CSI-2', 'PR1.1', 8, 1),
        item('CSI-3', 'PR6.2', 5, 3),
        item('CSI-4', 'PR1.2', null, 4),
        item('CSI-5', 'PR6.3', 5, 3),
      ],
      { startQuarter: '2026-Q1', capacityPerQuarter: 2 },
    );
    // Score 8 first; three at 5: gap 3 (CSI-3, CSI-5 by key) before gap 1; unevaluated last.
    expect(plan.items.map((i) => i.improvementKey)).toEqual(['CSI-2', 'CSI-3', 'CSI-5', 'CSI-1', 'CSI-4']);
    expect(byQuarter(plan)).toEqual({
      '2026-Q1': ['CSI-2', 'CSI-3'],
      '2026-Q2': ['CSI-5', 'CSI-1'],
      '2026-Q3': ['CSI-4'],
    });
  });

  it('lets a process wait for what it needs first, however high its score', () => {
    // PR2 (score 9) needs PR1 (score 2), which needs GR (score 1); PR14 needs PR3 → PR2.
    const plan = planSchedule(
      [
        item('CSI-10', 'PR2.1', 9, 2),
        item('CSI-11', 'PR1.1', 2, 1),
        item('CSI-12', 'GR3.1', 1, 1),
        item('CSI-13', 'PR14.1', 10, 3),
        item('CSI-14', 'PR3.2', 4, 1),
        item('CSI-15', 'PR6.1', 7, 1),
      ],
      { startQuarter: '2026-Q3', capacityPerQuarter: 2 },
    );
    // Only the GR item is ready at first: every process needs GR, and the schedule holds a GR item.
    expect(plan.items.map((i) => i.improvementKey)).toEqual([
      'CSI-12', // GR: nothing before it
      'CSI-15', // PR6 7 (needs GR)
      'CSI-11', // PR1 2 (needs GR)
      'CSI-10', // PR2 9 (needs PR1)
      'CSI-14', // PR3 4 (needs PR2)
      'CSI-13', // PR14 10 (needs PR3)
    ]);
    expect(byQuarter(plan)).toEqual({
      '2026-Q3': ['CSI-12', 'CSI-15'],
      '2026-Q4': ['CSI-11', 'CSI-10'],
      '2027-Q1': ['CSI-14', 'CSI-13'],
    });
    expect(plan.items.find((i) => i.improvementKey === 'CSI-13')?.needs).toEqual([
      'CSI-10',
      'CSI-11',
      'CSI-12',
      'CSI-14',
    ]);
    expect(plan.items.every((i) => i.dependencyWarnings.length === 0)).toBe(true);
  });

  it('keeps a dependent item out of a quarter before its prerequisite, even with capacity left there', () => {
    // PR2 may not go before the PR1 item pinned to Q3, though Q1 has room.
    const plan = planSchedule(
      [item('CSI-1', 'PR1.1', 3, 1, '2026-Q3'), item('CSI-2', 'PR2.1', 9, 1), item('CSI-3', 'PR7.1', 1, 1)],
      { startQuarter: '2026-Q1', capacityPerQuarter: 3 },
    );
    expect(byQuarter(plan)).toEqual({
      '2026-Q1': [],
      '2026-Q2': [],
      '2026-Q3': ['CSI-1', 'CSI-2', 'CSI-3'],
    });
  });

  it('keeps a pinned item where it was moved, over capacity, and warns when it lands before what it needs', () => {
    const plan = planSchedule(
      [
        item('CSI-1', 'PR1.1', 5, 1),
        item('CSI-2', 'PR2.1', 5, 1, '2026-Q1'),
        item('CSI-3', 'PR6.1', 9, 1),
        item('CSI-4', 'PR7.1', 8, 1),
      ],
      { startQuarter: '2026-Q1', capacityPerQuarter: 1 },
    );
    const pinned = plan.items.find((i) => i.improvementKey === 'CSI-2');
    expect(pinned).toMatchObject({ quarter: '2026-Q1', pinned: true, dependencyWarnings: ['CSI-1'] });
    // Q1 is full with the pinned item: PR6 (9) goes to Q2, PR1 (5) to Q3, PR7 (8, needs PR1) to Q4.
    expect(byQuarter(plan)).toEqual({
      '2026-Q1': ['CSI-2'],
      '2026-Q2': ['CSI-3'],
      '2026-Q3': ['CSI-1'],
      '2026-Q4': ['CSI-4'],
    });
    const over = planSchedule(
      [item('CSI-1', 'PR6.1', 5, 1, '2026-Q2'), item('CSI-2', 'PR6.2', 5, 1, '2026-Q2')],
      { startQuarter: '2026-Q1', capacityPerQuarter: 1 },
    );
    expect(over.quarters).toEqual([
      { quarter: '2026-Q1', itemKeys: [], load: 0, overCapacity: false },
      { quarter: '2026-Q2', itemKeys: ['CSI-1', 'CSI-2'], load: 2, overCapacity: true },
    ]);
  });

  it('names the quarter of a day and refuses settings out of range', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-12-31'].map(quarterOfDay)).toEqual([
      '2026-Q1',
      '2026-Q1',
      '2026-Q2',
      '2026-Q4',
    ]);
    expect(() => planSchedule([], { startQuarter: '2026-Q5', capacityPerQuarter: 2 })).toThrow(RangeError);
    expect(() => planSchedule([], { startQuarter: '2026-Q1', capacityPerQuarter: 0 })).toThrow(RangeError);
  });
});

const stored = (key: string, subjectId: string, gapSize: number | null): StoredScheduleItem => ({
  improvementKey: key,
  issueId: `id-${key}`,
  subjectId,
  summary: `=${subjectId}; "${key}"`,
  origin: 'assessment',
  assessmentId: 'fa-2022-04',
  gapSize,
  pinnedQuarter: null,
});

describe('the stored schedule', () => {
  const NOW = Date.UTC(2026, 2, 2, 11, 0);

  async function seeded(): Promise<MemoryStore> {
    const store = new MemoryStore();
    await addScheduleItems(store, [stored('CSI-1', 'PR1.1', 2), stored('CSI-2', 'PR2.1', 1)]);
    // CSI-2's record says score 7.5; CSI-1 is not evaluated.
    await store.put(csiRecordStoreKey('id-CSI-2'), { record: { ...EMPTY_CSI_RECORD, score: 7.5 } }, null);
    await saveFitsmPlanSettings(
      store,
      { timeZone: 'Europe/Berlin', startQuarter: null, capacityPerQuarter: 1 },
      null,
    );
    return store;
  }

  it('plans with the records’ scores from the current quarter; adding again keeps one item', async () => {
    const store = await seeded();
    await addScheduleItems(store, [stored('CSI-1', 'PR1.1', 2)]);
    const view = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    expect(view.timeZone).toBe('Europe/Berlin');
    expect(view.plan.settings).toEqual({ startQuarter: '2026-Q1', capacityPerQuarter: 1 });
    expect(view.plan.items.map((i) => [i.improvementKey, i.score, i.quarter])).toEqual([
      ['CSI-1', null, '2026-Q1'],
      ['CSI-2', 7.5, '2026-Q2'],
    ]);
  });

  it('moves an item to another quarter, refuses a move made on a stale version, and unpins', async () => {
    const store = await seeded();
    const loaded = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    const moved = await moveScheduleItem(
      store,
      { improvementKey: 'CSI-1', quarter: '2026-Q4', expectedVersion: loaded.version ?? 0 },
      { startQuarter: '2026-Q1' },
    );
    // A second client still holding the old version loses nothing of the first move.
    const stale = moveScheduleItem(
      store,
      { improvementKey: 'CSI-2', quarter: '2026-Q1', expectedVersion: loaded.version ?? 0 },
      { startQuarter: '2026-Q1' },
    );
    await expect(stale).rejects.toBeInstanceOf(ScheduleConflictError);
    await expect(stale).rejects.toThrow(/changed by someone else.*reload/);
    const after = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    expect(after.version).toBe(moved.version);
    expect(after.plan.items.map((i) => [i.improvementKey, i.quarter, i.pinned])).toEqual([
      ['CSI-1', '2026-Q4', true],
      // Q4 is full with the moved item (capacity 1) and PR2 may not come before it.
      ['CSI-2', '2027-Q1', false],
    ]);
    await expect(
      moveScheduleItem(
        store,
        { improvementKey: 'CSI-1', quarter: '2040-Q1', expectedVersion: moved.version },
        { startQuarter: '2026-Q1' },
      ),
    ).rejects.toThrow(/outside the plan/);
    const unpinned = await moveScheduleItem(
      store,
      { improvementKey: 'CSI-1', quarter: null, expectedVersion: moved.version },
      { startQuarter: '2026-Q1' },
    );
    await removeScheduleItem(store, { improvementKey: 'CSI-2', expectedVersion: unpinned.version });
    const last = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    expect(last.plan.items.map((i) => [i.improvementKey, i.quarter, i.pinned])).toEqual([
      ['CSI-1', '2026-Q1', false],
    ]);
  });

  it('sets a rejected improvement aside: it takes no quarter and the next one moves up', async () => {
    const store = await seeded();
    await addScheduleItems(store, [stored('CSI-3', 'PR6.1', 1)]);
    const decision = {
      outcome: 'rejected',
      deciderAccountId: 'acc-lead',
      decidedOn: '2026-02-20',
      rationale: 'x',
    };
    await store.put(csiRecordStoreKey('id-CSI-1'), { record: { ...EMPTY_CSI_RECORD, decision } }, null);
    const view = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    expect(view.setAside).toEqual([
      { improvementKey: 'CSI-1', summary: '=PR1.1; "CSI-1"', reason: 'rejected' },
    ]);
    // Without the PR1 item PR2 needs nothing scheduled first: score 7.5 before the unevaluated PR6 item.
    expect(view.plan.items.map((i) => [i.improvementKey, i.quarter])).toEqual([
      ['CSI-2', '2026-Q1'],
      ['CSI-3', '2026-Q2'],
    ]);
  });

  it('exports CSV (German dialect, formulas defused) and JSON', async () => {
    const store = await seeded();
    const view = await getScheduleView(store, { asOfMs: NOW, viewerTimeZone: 'UTC' });
    const csv = exportSchedule(view, 'csv', 'de');
    expect(csv).toMatchObject({ fileName: 'fitsm-schedule-2026-Q1.csv', mimeType: 'text/csv' });
    const lines = csv.content.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'Quartal;Rang;Verbesserung;Zusammenfassung;Prozess;Anforderung;Bewertung;Lücke;Verschoben;Braucht zuerst;Herkunft',
    );
    expect(lines[2]).toBe(`2026-Q2;2;CSI-2;"'=PR2.1; ""CSI-2""";PR2;PR2.1;7,5;1;;CSI-1;assessment`);
    const en = exportSchedule(view, 'csv', 'en').content.split('\r\n')[1];
    expect(en).toBe(`2026-Q1,1,CSI-1,"'=PR1.1; ""CSI-1""",PR1,PR1.1,,2,,,assessment`);
    const json = JSON.parse(exportSchedule(view, 'json', 'en').content) as {
      items: { improvementKey: string; quarter: string }[];
    };
    expect(json.items.map((i) => [i.improvementKey, i.quarter])).toEqual([
      ['CSI-1', '2026-Q1'],
      ['CSI-2', '2026-Q2'],
    ]);
  });
});
