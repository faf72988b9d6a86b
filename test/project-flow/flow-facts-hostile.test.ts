/**
 * The flow facts store (issue 13) against what a hostile reviewer tried: project keys Jira gave to another project,
 * renamed projects, corrupt stored values. Each case failed before its fix.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { StorePort } from '../../src/application/ports/store-port';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import type { StoredStatusTuple } from '../../src/application/flow-facts-statuses';
import type { FactsNames } from '../../src/domain/flow/issue-facts';
import { NO_WAIT, countingStore, facts, readyRecord } from './flow-facts-store-fixtures';

/** Names of statuses and issue types `first` … `first + count - 1`, as a flush of a team-managed project teaches. */
function namesBatch(first: number, count: number): FactsNames {
  const statuses: Record<string, readonly [string, string | null]> = {};
  const types: Record<string, string> = {};
  for (let i = first; i < first + count; i++) {
    statuses[String(10_000 + i)] = [`In Bearbeitung Team ${String(i)}`, 'indeterminate'];
    types[String(10_000 + i)] = `Aufgabe Team ${String(i)}`;
  }
  return { statuses, types };
}

const OLD_WORKFLOW: StoredStatusTuple[] = [
  ['1', 'Offen', 'new', 'To Do'],
  ['2', 'Erledigt', 'done', 'Done'],
];
const NEW_WORKFLOW: StoredStatusTuple[] = [
  ['7', 'Backlog', 'new', 'To Do'],
  ['8', 'In Arbeit', 'indeterminate', 'In Progress'],
  ['9', 'Fertig', 'done', 'Done'],
];

describe('flow facts store under hostile conditions', () => {
  it('gives a reused project key the workflow of the project that holds the key now, as lookup does', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    // Project 100 had key ABC and was deleted (or renamed, its page not opened since); Jira gave ABC to project 200.
    await store.updateSync('100', () => readyRecord('100', 'ABC'));
    await store.saveWorkflowStatuses('100', OLD_WORKFLOW, 1);
    await store.updateSync('200', () => readyRecord('200', 'ABC'));
    await store.saveWorkflowStatuses('200', NEW_WORKFLOW, 1);
    await store.upsertFacts('200', [facts('5001', { key: 'ABC-1', projectId: '200' })]);

    // lookup takes project 200 for ABC-… keys …
    const found = await store.lookup([{ id: '5001', key: 'ABC-1' }]);
    expect([...found.records.keys()]).toEqual(['5001']);
    // … and so must the default mapping: project 100's workflow measured project 200's issues wrongly.
    expect((await store.workflowStatuses('ABC'))?.map((s) => s.id)).toEqual(['7', '8', '9']);

    // Project 200 backfilling again: ask Jira, never fall back to the old project's list.
    await store.updateSync('200', (prev) => (prev === null ? null : { ...prev, phase: 'loading' }));
    expect(await store.workflowStatuses('ABC')).toBeNull();
  });

  it('keeps the names of a site with 5,100 statuses and 5,100 issue types (over one 240 KiB value)', async () => {
    const memory = createMemoryStore();
    const { store, counts } = countingStore(memory);
    const facts2 = new FlowFactsStore(store, NO_WAIT);
    // A small site: one value, one read per view.
    await facts2.mergeNames(namesBatch(0, 100));
    counts.gets.length = 0;
    expect(Object.keys((await facts2.readNames()).statuses)).toHaveLength(100);
    expect(counts.gets).toEqual(['flow-facts:names']);

    // Flushes of many team-managed projects teach 250 statuses and types each, two at a time. Before the fix the
    // single value outgrew the store's limit and every later backfill and flush of the site failed.
    for (let first = 100; first < 5_000; first += 500)
      await Promise.all([
        facts2.mergeNames(namesBatch(first, 250)),
        facts2.mergeNames(namesBatch(first + 250, 250)),
      ]);
    const names = await facts2.readNames();
    expect(Object.keys(names.statuses)).toHaveLength(5_100);
    expect(Object.keys(names.types)).toHaveLength(5_100);
    expect(names.statuses['14999']).toEqual(['In Bearbeitung Team 4999', 'indeterminate']);
    const keys = memory.keys().filter((key) => key.startsWith('flow-facts:names'));
    expect(keys.length).toBeGreaterThan(1);
    for (const key of keys)
      expect(memory.storedBytes((await memory.get(key))?.value)).toBeLessThanOrEqual(memory.maxValueBytes);

    // A rename of a status held in the first value is read back; nothing new writes nothing.
    await facts2.mergeNames({ statuses: { '10000': ['Warten', 'indeterminate'] }, types: {} });
    expect((await facts2.readNames()).statuses['10000']).toEqual(['Warten', 'indeterminate']);
    counts.puts.length = 0;
    await facts2.mergeNames(namesBatch(0, 5_000));
    expect(counts.puts).toEqual(expect.arrayContaining(['flow-facts:names']));
    expect((await facts2.readNames()).statuses['10000']).toEqual(['In Bearbeitung Team 0', 'indeterminate']);
    counts.puts.length = 0;
    await facts2.mergeNames(namesBatch(4_000, 1_000));
    expect(counts.puts).toEqual([]);
  });

  it('keeps no workflow status list too large for one value, and views then ask Jira', async () => {
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, NO_WAIT);
    await store.updateSync('300', () => readyRecord('300', 'BIG'));
    await store.saveWorkflowStatuses('300', OLD_WORKFLOW, 1);
    const huge: StoredStatusTuple[] = Array.from({ length: 5_000 }, (_, i) => [
      String(20_000 + i),
      `Prüfung durch Fachbereich Nummer ${String(i)}`,
      'indeterminate',
      'In Arbeit',
    ]);
    // Before the fix: StoreValueTooLargeError, which failed the backfill's listing of the project.
    await store.saveWorkflowStatuses('300', huge, 2);
    expect(await store.readWorkflowStatuses('300')).toBeNull(); // the older, smaller list is not kept either
    expect(await store.workflowStatuses('BIG')).toBeNull();
    await store.saveWorkflowStatuses('300', NEW_WORKFLOW, 3);
    expect((await store.workflowStatuses('BIG'))?.map((s) => s.id)).toEqual(['7', '8', '9']);
  });

  it('reads the records of a project whose key was renamed from its facts, under the new keys', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.updateSync('10000', () => readyRecord('10000', 'HD'));
    await store.upsertFacts('10000', [facts('1'), facts('2'), facts('3')]);
    // HD renamed to SD: Jira sends no issue events; the next page view stores the new key (ensureBackfill).
    await store.updateSync('10000', (prev) => (prev === null ? null : { ...prev, projectKey: 'SD' }));
    const result = await store.lookup([
      { id: '1', key: 'SD-1' },
      { id: '2', key: 'SD-2' },
      // Another number under the project's key: a record of another issue position (moved away and back).
      { id: '3', key: 'SD-30' },
    ]);
    // Before the fix every issue of the renamed project was live, in every view, for good.
    expect(result.live).toEqual(['3']);
    expect(result.records.get('1')).toEqual({ ...facts('1'), key: 'SD-1' });
    expect(result.records.get('2')?.key).toBe('SD-2');
    // A record of another project never lends its facts to a key of the same number.
    await store.updateSync('20000', () => readyRecord('20000', 'OPS'));
    await store.upsertFacts('20000', [facts('9', { key: 'OPS-9', projectId: '20000' })]);
    const moved = await store.lookup([{ id: '1', key: 'OPS-1' }]);
    expect(moved.live).toEqual(['1']);
  });

  it('registers a project whose registry write was lost once the same sync update comes again', async () => {
    const memory = createMemoryStore();
    let failRegistry = false;
    // The store fails the registry write right after the sync record's write landed (a flaky network).
    const flaky: StorePort = {
      maxValueBytes: memory.maxValueBytes,
      storedBytes: (value) => memory.storedBytes(value),
      get: (key) => memory.get(key),
      put: (key, value, version, options) =>
        failRegistry && key === 'flow-facts:projects'
          ? Promise.reject(new Error('storage service unavailable'))
          : memory.put(key, value, version, options),
      set: (key, value, options) => memory.set(key, value, options),
      delete: (key) => memory.delete(key),
    };
    const store = new FlowFactsStore(flaky, NO_WAIT);
    await store.upsertFacts('10000', [facts('1')]);
    failRegistry = true;
    // The backfill's last step: phase ready written, the registration lost; the consumer run fails.
    await expect(store.updateSync('10000', () => readyRecord('10000', 'HD'))).rejects.toThrow('unavailable');
    failRegistry = false;
    expect(await store.readState('10000')).toMatchObject({ phase: 'ready' });
    // The redelivered message finds the step done and changes nothing (as updateOwnStep does) …
    await store.updateSync('10000', () => null);
    // … and the project is registered: before the fix views never found its facts and the reconcile skipped it.
    expect(await store.listProjects()).toEqual([{ projectId: '10000', projectKey: 'HD' }]);
    expect([...(await store.lookup([{ id: '1', key: 'HD-1' }])).records.keys()]).toEqual(['1']);
  });
});
