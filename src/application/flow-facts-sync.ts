/**
 * Keeps every used project's flow facts (issue 13) in the app's store: the backfill in chained queue consumer runs,
 * issue events coalesced into bulk flushes, and the nightly reconcile. Jira is always read as the app and re-read
 * on every event, so duplicate and out-of-order events converge to Jira's current state.
 *
 * Messages of the `flow-facts` queue: `facts-backfill` (one step of a project's backfill: stale steps do nothing)
 * and `facts-flush` (the project's pending issue ids). Flush and reconcile are in `flow-facts-sync-flush.ts`, the
 * issue property writes in `flow-facts-sync-properties.ts`.
 */
import type { FactsNames, IssueFactsRecord } from '../domain/flow/issue-facts';
import { factsOfJiraIssue, mergeFactsNames, namesOfJiraIssue } from '../domain/flow/issue-facts';
import { JiraBadRequestError, JiraForbiddenError, JiraNotFoundError } from './errors';
import type { FactsSyncRecord } from './flow-facts-store';
import { refreshWorkflowStatuses } from './flow-facts-statuses';
import { flushProjectFacts, reconcileProject } from './flow-facts-sync-flush';
import type { PropertySettingsCache } from './flow-facts-sync-properties';
import type { FactsMessage, FactsSyncDeps } from './flow-facts-sync-shared';
import {
  BACKFILL_BATCH,
  BACKFILL_STALL_MS,
  DEFAULT_RUN_BUDGET_MS,
  FAILED_RETRY_AFTER_MS,
  FLUSH_DELAY_SECONDS,
  PROJECT_ID,
  checkProjectId,
  pushFlush,
  writePropertiesSafely,
} from './flow-facts-sync-shared';
import { loadIssuesByIds } from './load-flow-issues';
import { mapParallel } from './map-parallel';
import type { FactsSyncState } from './ports/flow-facts-port';

export { RECONCILE_MARGIN_MS } from './flow-facts-sync-flush';
export type { FactsMessage, FactsSyncDeps } from './flow-facts-sync-shared';
export {
  BACKFILL_STALL_MS,
  DEFAULT_RUN_BUDGET_MS,
  FAILED_RETRY_AFTER_MS,
  FLUSH_BACKFILL_WAIT_SECONDS,
  FLUSH_DELAY_SECONDS,
} from './flow-facts-sync-shared';

/** The state part of a sync record (what the project page shows). */
export function stateOf(record: FactsSyncRecord): FactsSyncState {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { cursor, step, ...state } = record;
  return state;
}

function isRunning(record: FactsSyncRecord): boolean {
  return record.phase === 'queued' || record.phase === 'listing' || record.phase === 'loading';
}

function backfillMessage(projectId: string, step: number): FactsMessage {
  return { kind: 'facts-backfill', jobId: `facts-backfill:${projectId}:${String(step)}`, projectId, step };
}

/**
 * Makes sure the project's facts exist or are being built: registers the project and starts its backfill when
 * there is none or the last one failed ({@link FAILED_RETRY_AFTER_MS} ago or longer: until then the failed state is
 * answered, so views show its cause), and restarts a stalled one ({@link BACKFILL_STALL_MS} without progress)
 * from its cursor under a new step (the old run's messages are then stale); a changed project key is stored (the
 * project was renamed). Idempotent under concurrency: the decision is a versioned write of the sync record, so
 * of two concurrent calls only one pushes a message.
 *
 * @returns the project's sync state after the call.
 * @throws RangeError for a project id that is not digits.
 */
export async function ensureBackfill(
  deps: FactsSyncDeps,
  projectId: string,
  projectKey: string,
): Promise<FactsSyncState> {
  checkProjectId(projectId);
  const nowMs = deps.clock();
  // Set by the last (successful) attempt of the versioned update: conflicts run the function again.
  const outcome: { started: FactsSyncRecord | null } = { started: null };
  const record = await deps.facts.updateSync(projectId, (prev) => {
    let started: FactsSyncRecord | null = null;
    // A failure is shown (not restarted) for a while: polls restarted a backfill that fails for good endlessly.
    const retry = prev?.phase === 'failed' && nowMs - prev.updatedAtMs >= FAILED_RETRY_AFTER_MS;
    if (prev === null || retry) {
      started = {
        projectId,
        projectKey,
        phase: 'queued',
        loaded: 0,
        total: null,
        runs: 0,
        startedAtMs: nowMs,
        updatedAtMs: nowMs,
        syncedUpToMs: null,
        cursor: 0,
        // A new step: messages of an earlier, failed backfill stay stale.
        step: prev === null ? 0 : prev.step + 1,
      };
    } else if (isRunning(prev) && nowMs - prev.updatedAtMs > BACKFILL_STALL_MS) {
      started = { ...prev, projectKey, step: prev.step + 1, updatedAtMs: nowMs };
    }
    outcome.started = started;
    // A renamed project keeps its facts: only its key changes (views find a project's facts by the issue keys).
    if (started !== null || prev === null) return started;
    return prev.projectKey === projectKey ? null : { ...prev, projectKey };
  });
  if (outcome.started !== null) await deps.queue.push(backfillMessage(projectId, outcome.started.step));
  if (record === null) throw new Error(`The flow facts sync record of project ${projectId} was not written.`);
  return stateOf(record);
}

/**
 * Records an issue event (created, updated, deleted, moved) of a project whose facts are kept (also while its
 * backfill runs): the issue id joins the project's pending set, and when the set was empty (or its flush is
 * overdue) a flush is pushed with {@link FLUSH_DELAY_SECONDS} delay, so a burst of events costs one bulk read.
 * Events of other projects are ignored.
 */
export async function recordIssueEvent(
  deps: FactsSyncDeps,
  event: { issueId: string; projectId: string },
): Promise<void> {
  if (!PROJECT_ID.test(event.projectId) || !PROJECT_ID.test(event.issueId)) return;
  if ((await deps.facts.readState(event.projectId)) === null) return;
  const { flushDue } = await deps.facts.addPending(event.projectId, [event.issueId], deps.clock());
  if (flushDue) await pushFlush(deps, event.projectId, FLUSH_DELAY_SECONDS);
}

/**
 * The consumer's work for one message. Jira's transient failures (`JiraUnavailableError`) propagate, so the queue
 * tries the message again; a backfill failure no retry can pass (the project is gone) ends in phase `failed`.
 */
export async function runFactsMessage(deps: FactsSyncDeps, message: FactsMessage): Promise<void> {
  checkProjectId(message.projectId);
  if (message.kind === 'facts-flush') await flushProjectFacts(deps, message.projectId, { viaQueue: true });
  else await runBackfillStep(deps, message.projectId, message.step);
}

/** Outcome of a versioned update guarded by the step: null when the step is no longer the stored one. */
async function updateOwnStep(
  deps: FactsSyncDeps,
  projectId: string,
  step: number,
  fn: (prev: FactsSyncRecord) => FactsSyncRecord,
): Promise<FactsSyncRecord | null> {
  const outcome: { written: FactsSyncRecord | null } = { written: null };
  await deps.facts.updateSync(projectId, (prev) => {
    outcome.written = prev === null || prev.step !== step || !isRunning(prev) ? null : fn(prev);
    return outcome.written;
  });
  return outcome.written;
}

/** A failure the backfill cannot get past by retrying: the project is gone or the app may not read it. */
function isPermanent(error: unknown): boolean {
  return (
    error instanceof JiraBadRequestError ||
    error instanceof JiraNotFoundError ||
    error instanceof JiraForbiddenError
  );
}

async function runBackfillStep(deps: FactsSyncDeps, projectId: string, step: number): Promise<void> {
  const runStartMs = deps.clock();
  // Claims the run: a stale or redelivered message (another step is stored now) does nothing.
  const claimed = await updateOwnStep(deps, projectId, step, (prev) => ({
    ...prev,
    // The listing's start is the backfill's sync point (changes after it arrive as events).
    ...(prev.phase === 'queued' ? { phase: 'listing' as const, startedAtMs: runStartMs } : {}),
    runs: prev.runs + 1,
    updatedAtMs: runStartMs,
  }));
  if (claimed === null) return;
  try {
    await backfill(deps, claimed, runStartMs);
  } catch (error) {
    if (!isPermanent(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const detail = /[.!?]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`;
    await updateOwnStep(deps, projectId, step, (prev) => ({
      ...prev,
      phase: 'failed',
      updatedAtMs: deps.clock(),
      error: `The backfill of project ${projectId} stopped: ${detail} Check that the project still exists and the app may browse it; opening its flow page starts the backfill again.`,
    }));
  }
}

async function backfill(deps: FactsSyncDeps, claimed: FactsSyncRecord, runStartMs: number): Promise<void> {
  const { projectId, step } = claimed;
  const budgetMs = deps.runBudgetMs ?? DEFAULT_RUN_BUDGET_MS;
  const settings: PropertySettingsCache = new Map();
  let record = claimed;
  if (record.phase === 'listing') {
    // The workflow statuses with the ids: views of the ready project derive the default mapping from them.
    await refreshWorkflowStatuses(deps, projectId);
    // Ids only, 5,000 per page; sorted numerically so the cursor walks a stable order across runs.
    const ids = [...(await deps.jiraApp.searchIssueIds(`project = ${projectId}`))].sort(
      (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0),
    );
    await deps.facts.saveListedIds(projectId, ids);
    const listed = await updateOwnStep(deps, projectId, step, (prev) => ({
      ...prev,
      phase: 'loading',
      total: ids.length,
      loaded: 0,
      cursor: 0,
      updatedAtMs: deps.clock(),
    }));
    if (listed === null) return; // restarted meanwhile: the new step lists again
    record = listed;
  }
  const total = record.total ?? 0;
  // Every run loads at least one batch, so even a budget shorter than a batch makes progress.
  let batches = 0;
  while (record.cursor < total) {
    if (batches > 0 && deps.clock() - runStartMs >= budgetMs) {
      // Chains the next run; the step moves first, so this run's message is stale if redelivered.
      const next = await updateOwnStep(deps, projectId, step, (prev) => ({ ...prev, step: step + 1 }));
      if (next !== null) await deps.queue.push(backfillMessage(projectId, next.step));
      return;
    }
    const ids = await deps.facts.readListedIds(projectId, record.cursor, BACKFILL_BATCH);
    await loadIntoProject(deps, projectId, ids, settings);
    const cursor = Math.min(total, record.cursor + BACKFILL_BATCH);
    const progressed = await updateOwnStep(deps, projectId, step, (prev) => ({
      ...prev,
      cursor,
      loaded: cursor,
      updatedAtMs: deps.clock(),
    }));
    if (progressed === null) return; // restarted or failed meanwhile: that run goes on
    record = progressed;
    batches++;
  }
  const ready = await updateOwnStep(deps, projectId, step, (prev) => ({
    ...prev,
    phase: 'ready',
    loaded: total,
    syncedUpToMs: prev.startedAtMs,
    updatedAtMs: deps.clock(),
  }));
  if (ready === null) return;
  await deps.facts.dropListedIds(projectId);
  // Events that arrived while the backfill ran wait in the pending set: flush them now.
  if ((await deps.facts.readPending(projectId)).length > 0)
    await pushFlush(deps, projectId, FLUSH_DELAY_SECONDS);
}

/**
 * Loads the given ids (of the project, as the app, bound to the project) with one changelog bulk fetch per 1,000,
 * stores their facts and names, and writes the properties of those the store now holds as read.
 */
async function loadIntoProject(
  deps: FactsSyncDeps,
  projectId: string,
  ids: readonly string[],
  settings: PropertySettingsCache,
): Promise<void> {
  const records: IssueFactsRecord[] = [];
  let names: FactsNames = { statuses: {}, types: {} };
  await loadIssuesByIds(
    deps.jiraApp,
    ids,
    (issue) => {
      const record = factsOfJiraIssue(issue);
      if (record === null) return;
      records.push(record);
      names = mergeFactsNames(names, namesOfJiraIssue(issue));
    },
    undefined,
    projectId,
  );
  await deps.facts.mergeNames(names);
  await deps.facts.upsertFacts(projectId, records);
  // Also the records an earlier delivery of this step stored already (its properties may not have been written).
  await writePropertiesSafely(deps, projectId, records, settings);
}

/**
 * The registered projects with their states in the order the nightly repair takes them: projects whose backfill
 * is not done first (restarting a stalled one costs one write), then ready ones least recently repaired first. In
 * registry order, the first projects took every night's budget on a large site and the last were never repaired
 * (their missed events and the age of their work in progress in JQL stayed as they were).
 */
async function reconcileOrder(
  deps: FactsSyncDeps,
): Promise<{ projectId: string; projectKey: string; state: FactsSyncState | null }[]> {
  const registered = await deps.facts.listProjects();
  const states = await mapParallel(registered, 8, async ({ projectId }) => {
    try {
      return await deps.facts.readState(projectId);
    } catch (error) {
      deps.logError?.(`flow-facts: the sync state of project ${projectId} was not read`, error);
      return null;
    }
  });
  const rank = (state: FactsSyncState | null): number =>
    state === null ? Number.POSITIVE_INFINITY : state.phase !== 'ready' ? -1 : (state.syncedUpToMs ?? 0);
  return registered
    .map((project, i) => ({ ...project, state: states[i] ?? null }))
    .sort((a, b) => {
      const [x, y] = [rank(a.state), rank(b.state)];
      return x < y ? -1 : x > y ? 1 : 0;
    });
}

/**
 * The nightly repair of every registered project (not yet ready ones first, then the least recently repaired),
 * until `deadlineMs` (an instant, epoch ms):
 * per ready project
 * - ids of `project = <id>` (ids only, 5,000 per page) against the stored ids: missing and extra ones pending;
 * - ids of the project updated since its sync point less {@link RECONCILE_MARGIN_MS} pending (missed events), as a
 *   period relative to Jira's now (`updated >= "-N m"`): an absolute JQL date is read in the searching user's
 *   time zone, which for the app is not known here, so the relative form and the hour's margin keep it exact;
 * - the pending ids flushed inline (what the deadline leaves is pushed as a queue flush);
 * - the project's workflow statuses listed again (views derive the default mapping from them);
 * - the property of every issue in progress written again (its age grew), of every issue whose last write failed,
 *   and of all issues once after the project's settings changed (`flow-facts-sync-rewrite.ts`);
 * - `syncedUpToMs` = the instant before the project's searches.
 * A backfill that stalled (its consumer gave up after retries, a message was lost) is restarted from its cursor,
 * so a project nobody opens (a key result's, an effect check's) still gets its facts. A project whose repair
 * fails is logged and left for the next night; the others go on.
 *
 * @returns the ready projects repaired and the ids marked pending.
 */
export async function reconcileFacts(
  deps: FactsSyncDeps,
  options: { deadlineMs?: number } = {},
): Promise<{ projects: number; marked: number }> {
  const deadlineMs = options.deadlineMs ?? Number.POSITIVE_INFINITY;
  let projects = 0;
  let marked = 0;
  for (const { projectId, projectKey, state } of await reconcileOrder(deps)) {
    if (deps.clock() >= deadlineMs) break;
    try {
      if (state === null) continue;
      if (state.phase !== 'ready') {
        // Restarts only a stalled backfill (ensureBackfill decides; a failed one waits for a view).
        if (state.phase !== 'failed') await ensureBackfill(deps, projectId, projectKey);
        continue;
      }
      const count = await reconcileProject(deps, projectId, deadlineMs);
      if (count === null) continue;
      projects++;
      marked += count;
    } catch (error) {
      deps.logError?.(`flow-facts: the nightly reconcile of project ${projectId} failed`, error);
    }
  }
  return { projects, marked };
}
