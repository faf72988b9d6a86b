/**
 * The flow facts store (issue 13) against what a hostile reviewer tried: project keys Jira gave to another project,
 * renamed projects, corrupt stored values. Each case failed before its fix.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore, type FactsSyncRecord } from '../../src/application/flow-facts-store';
import type { StoredStatusTuple } from '../../src/application/flow-facts-statuses';
import { NO_WAIT, facts } from './flow-facts-store-fixtures';

function ready(projectId: string, projectKey: string): FactsSyncRecord {
  return {
    projectId,
    projectKey,
    phase: 'ready',
    loaded: 0,
    total: 0,
    runs: 1,
    startedAtMs: 1,
    updatedAtMs: 2,
    syncedUpToMs: 1,
    cursor: 0,
    step: 3,
  };
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
    await store.updateSync('100', () => ready('100', 'ABC'));
    await store.saveWorkflowStatuses('100', OLD_WORKFLOW, 1);
    await store.updateSync('200', () => ready('200', 'ABC'));
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
});
