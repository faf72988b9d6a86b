/**
 * The nightly rewrite of the flow property (issue 13) keeps to the reconcile's deadline also for work in progress:
 * a project with thousands of started issues is written in slices, and what the deadline leaves stays for the
 * next night (stale ids not reached stay noted).
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import { rewriteProperties } from '../../src/application/flow-facts-sync-rewrite';
import type { FactsSyncDeps } from '../../src/application/flow-facts-sync';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { MemoryQueue } from '../../src/adapters/queue/memory-queue';
import { NO_WAIT, facts, ids } from './flow-facts-store-fixtures';

const DAY_MS = 86_400_000;

describe('nightly property rewrite of a project with much work in progress', () => {
  it('writes the properties of work in progress in slices up to the deadline', async () => {
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, NO_WAIT);
    const started = Date.UTC(2026, 0, 10);
    const wip = ids(100_000, 2_500).map((id) =>
      facts(id, {
        status: '10001',
        resolvedMs: null,
        updatedMs: started + 1_000,
        changes: [[started, '10000', '10001']],
        flags: [],
      }),
    );
    await store.upsertFacts('10000', wip);
    await store.mergeNames({
      statuses: {
        '10000': ['Offen', 'new'],
        '10001': ['In Arbeit', 'indeterminate'],
        '10002': ['Fertig', 'done'],
      },
      types: { '10004': 'Aufgabe' },
    });
    await store.saveWorkflowStatuses(
      '10000',
      [
        ['10000', 'Offen', 'new', 'To Do'],
        ['10001', 'In Arbeit', 'indeterminate', 'In Progress'],
        ['10002', 'Fertig', 'done', 'Done'],
      ],
      1,
    );
    // Two failed writes noted: one in the first slice, one beyond it.
    await store.notePropertiesStale('10000', ['100005', '102400']);

    const requests: number[] = [];
    const jiraApp = {
      bulkSetIssueProperties: (entries: readonly unknown[]) => {
        requests.push(entries.length);
        return Promise.resolve();
      },
    } as unknown as JiraPort;
    const time = { now: started + 40 * DAY_MS };
    const deps: FactsSyncDeps = {
      jiraApp,
      store: memory,
      facts: store,
      queue: new MemoryQueue(false),
      clock: () => (time.now += 1_000),
    };

    // The deadline has passed once the first slice is written.
    const written = await rewriteProperties(deps, '10000', new Map(), time.now + 1);
    // Before the fix: all 2,500 in one go, past any deadline.
    expect(written).toBe(1_000);
    expect(requests).toEqual([1_000]);
    expect((await store.readPropertyState('10000')).stale).toEqual(['102400']);

    // The next night (time enough) writes them all and settles the rest.
    requests.length = 0;
    expect(await rewriteProperties(deps, '10000', new Map(), Number.POSITIVE_INFINITY)).toBe(2_500);
    expect((await store.readPropertyState('10000')).stale).toEqual([]);
  });
});
