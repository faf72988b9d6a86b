/**
 * Flow facts for tests of views (issue 13): a project's issues read live as the admin, turned into records and
 * stored in a {@link FlowFactsStore} marked ready with the project's workflow statuses, as a finished backfill
 * leaves them, without going through the
 * backfill's queue (its own tests cover that).
 */
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import type { MemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import { statusTuplesOf } from '../../src/application/flow-facts-statuses';
import { loadFlowIssues } from '../../src/application/load-flow-issues';
import {
  factsOfJiraIssue,
  mergeFactsNames,
  namesOfJiraIssue,
  type FactsNames,
  type IssueFactsRecord,
} from '../../src/domain/flow/issue-facts';

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
  // The backfill stores the project's workflow statuses with its ids (views derive the default mapping from them).
  await facts.saveWorkflowStatuses(
    project.id,
    statusTuplesOf(await admin.listProjectStatuses(project.id)),
    nowMs,
  );
  return { facts, projectId: project.id, count: records.length };
}
