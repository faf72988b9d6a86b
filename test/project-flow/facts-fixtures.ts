/**
 * Flow facts for tests of views (issue 13): a project's issues read live as the admin, turned into records and
 * stored in a {@link FlowFactsStore} marked ready with the project's workflow statuses, as a finished backfill
 * leaves them, without going through the
 * backfill's queue (its own tests cover that).
 */
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import type { FlowFactsViews } from '../../src/application/project-flow-facts';
import { statusTuplesOf } from '../../src/application/flow-facts-statuses';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import {
  factsOfJiraIssue,
  mergeFactsNames,
  namesOfJiraIssue,
  type FactsNames,
  type IssueFactsRecord,
} from '../../src/domain/flow/issue-facts';

/** Stores `records` and `names` as a finished backfill of `project` at `nowMs` leaves them: sync record ready. */
export async function storeBackfilled(
  facts: FlowFactsStore,
  project: { readonly id: string; readonly key: string },
  records: readonly IssueFactsRecord[],
  names: FactsNames,
  nowMs: number,
): Promise<void> {
  await facts.updateSync(project.id, () => ({
    projectId: project.id,
    projectKey: project.key,
    phase: 'ready',
    loaded: records.length,
    total: records.length,
    runs: 1,
    startedAtMs: nowMs,
    updatedAtMs: nowMs,
    syncedUpToMs: nowMs,
    cursor: records.length,
    step: 1,
  }));
  await facts.upsertFacts(project.id, records);
  await facts.mergeNames(names);
}

/** Stores the facts of every issue of `projectKey` (read as `admin`) and marks the project ready. */
export async function seedReadyFacts(
  store: MemoryStore,
  admin: JiraClient,
  projectKey: string,
  nowMs: number,
): Promise<{ readonly facts: FlowFactsStore; readonly projectId: string; readonly count: number }> {
  const facts = new FlowFactsStore(store, { clock: () => nowMs, sleep: () => Promise.resolve() });
  const project = await admin.getProject(projectKey);
  const records: IssueFactsRecord[] = [];
  let names: FactsNames = { statuses: {}, types: {} };
  await loadFlowIssues(admin, `project = ${project.id} ORDER BY created ASC`, (issue) => {
    const record = factsOfJiraIssue(issue);
    if (record === null) throw new Error(`no facts for ${issue.key ?? '?'}`);
    records.push(record);
    names = mergeFactsNames(names, namesOfJiraIssue(issue));
  });
  await storeBackfilled(facts, project, records, names, nowMs);
  // The backfill stores the project's workflow statuses with its ids (views derive the default mapping from them).
  await facts.saveWorkflowStatuses(
    project.id,
    statusTuplesOf(await admin.listProjectStatuses(project.id)),
    nowMs,
  );
  return { facts, projectId: project.id, count: records.length };
}

/**
 * Views computed live from Jira through the facts path: a store that holds no facts (every id the user's search
 * returns is read from Jira as the user) and a backfill starter that answers "ready" without storing anything.
 * The reference a view from stored facts must equal (the equality issue 13 rests on), now that views have no other
 * path; also what tests of view logic use when the store's contents are not their subject.
 */
export function liveFactsViews(nowMs = 0): FlowFactsViews {
  const reader = new FlowFactsStore(createMemoryStore(), {
    clock: () => nowMs,
    sleep: () => Promise.resolve(),
  });
  return {
    reader,
    startBackfill: (projectId, projectKey) =>
      Promise.resolve({
        projectId,
        projectKey,
        phase: 'ready',
        loaded: 0,
        total: 0,
        runs: 0,
        startedAtMs: nowMs,
        updatedAtMs: nowMs,
        syncedUpToMs: nowMs,
      }),
  };
}

/**
 * Facts for resolver tests whose subject is no flow view (payload caps, OKR, FITSM…): any use fails the test, so a
 * handler that reaches the facts where it should not is caught.
 */
export function unusedFactsViews(): FlowFactsViews {
  const fail = (): never => {
    throw new Error('this test expects no flow view to be computed');
  };
  return {
    reader: {
      lookup: fail,
      readState: fail,
    },
    startBackfill: fail,
  };
}
