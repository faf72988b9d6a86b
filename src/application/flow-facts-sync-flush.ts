/**
 * Flush and nightly reconcile of the flow facts (issue 13). A flush re-reads the issues events named (pending ids)
 * from Jira in bulk, as the app and without a project bound, so a moved issue is found in its new project and a
 * deleted one is not found at all; Jira's current state wins whatever order the events came in. The reconcile
 * compares each ready project's ids with the stored ones and re-reads what changed since the last sync.
 */
import type { FactsNames, IssueFactsRecord } from '../domain/flow/issue-facts';
import { factsOfJiraIssue, mergeFactsNames, namesOfJiraIssue } from '../domain/flow/issue-facts';
import type { JiraStatusRef } from '../domain/flow/types';
import { refreshIfUnknownStatuses, refreshWorkflowStatuses } from './flow-facts-statuses';
import type { PropertySettings, PropertySettingsCache } from './flow-facts-sync-properties';
import { rewriteProperties } from './flow-facts-sync-rewrite';
import type { PendingOverflow } from './flow-facts-pending';
import type { FactsSyncDeps } from './flow-facts-sync-shared';
import {
  DEFAULT_RUN_BUDGET_MS,
  FLUSH_BACKFILL_WAIT_SECONDS,
  FLUSH_DELAY_SECONDS,
  pushFlush,
  writePropertiesSafely,
} from './flow-facts-sync-shared';
import { JiraBadRequestError, JiraNotFoundError } from './errors';
import { FLOW_CHANGELOG_BATCH, loadIssuesByIds } from './load-flow-issues';
import type { FactsSyncState } from './ports/flow-facts-port';

/** Pending ids one flush reads: one search of `issuekey in (…)` pages and one changelog bulk fetch. */
export const FLUSH_BATCH = FLOW_CHANGELOG_BATCH;

/**
 * Margin before the last sync point when searching `updated >=`: Jira's and our clocks differ a little, and an
 * issue updated just before the sync point may have been indexed after it.
 */
export const RECONCILE_MARGIN_MS = 3_600_000;

/**
 * The JQL of the issues of a project updated since `sinceMs`, as a period relative to Jira's now (`-N m`, whole
 * minutes, rounded up): an absolute date in JQL is read in the searching user's time zone, which for the app is
 * not known here; a relative period means the same instant in every zone.
 */
export function updatedSinceJql(projectId: string, sinceMs: number, nowMs: number): string {
  const minutes = Math.max(1, Math.ceil((nowMs - sinceMs) / 60_000));
  return `project = ${projectId} AND updated >= "-${String(minutes)}m"`;
}

/** How a flush runs: from the queue (it chains and waits itself) or inline (the reconcile loops). */
export interface FlushMode {
  readonly viaQueue: boolean;
  /** Project settings read so far in this run (the reconcile's flushes share them). */
  readonly settings?: PropertySettingsCache;
  /**
   * Until when an overflow catch-up may read further slices, epoch ms (default: from the queue the run budget,
   * inline one slice per call).
   */
  readonly deadlineMs?: number;
}

/**
 * Flushes up to {@link FLUSH_BATCH} of the project's pending ids. While the project's backfill runs, the flush
 * (from the queue) waits {@link FLUSH_BACKFILL_WAIT_SECONDS} and comes again; a failed project's pending ids wait
 * for its next backfill. The ids are claimed before Jira is read (views read them live until the flush is done),
 * so an event arriving during the read makes its id wait again and it is flushed again (never lost); once the
 * facts are stored the flush drops exactly its claim, on a failure it gives the claim back (a flush that died
 * leaves a claim the next flush takes over after `CLAIM_EXPIRY_MS`). When the set overflowed (events were
 * dropped), the project's issues updated since the first drop are caught up as well ({@link catchUpOverflow}),
 * in slices within the run's budget, chaining the next flush until all are read.
 *
 * @returns the pending ids still waiting.
 */
export async function flushProjectFacts(
  deps: FactsSyncDeps,
  projectId: string,
  mode: FlushMode,
): Promise<{ readonly remaining: number }> {
  const state = await deps.facts.readState(projectId);
  if (state === null || state.phase === 'failed') return { remaining: 0 };
  if (state.phase !== 'ready') {
    if (mode.viaQueue) await pushFlush(deps, projectId, FLUSH_BACKFILL_WAIT_SECONDS);
    return { remaining: 0 };
  }
  const claim = await deps.facts.claimPending(projectId, FLUSH_BATCH, deps.clock());
  if (claim.ids.length === 0 && claim.overflow === null) return { remaining: claim.remaining };
  const startMs = deps.clock();
  const settings = mode.settings ?? new Map<string, Promise<PropertySettings>>();
  try {
    if (claim.ids.length > 0) await applyCurrent(deps, projectId, claim.ids, settings);
  } catch (error) {
    if (claim.ids.length > 0) {
      const { flushDue } = await deps.facts.returnClaim(projectId, claim.atMs, deps.clock());
      // From the queue the message is tried again anyway; inline, a later flush must find the ids.
      if (flushDue && !mode.viaQueue) await pushFlush(deps, projectId, FLUSH_DELAY_SECONDS);
    }
    throw error;
  }
  if (claim.ids.length > 0) await deps.facts.releaseClaim(projectId, claim.atMs);
  const deadlineMs =
    mode.deadlineMs ?? (mode.viaQueue ? startMs + (deps.runBudgetMs ?? DEFAULT_RUN_BUDGET_MS) : startMs);
  let overflowLeft = false;
  try {
    overflowLeft =
      claim.overflow !== null &&
      (await catchUpOverflow(deps, projectId, state, claim.overflow, settings, deadlineMs));
  } catch (error) {
    // From the queue the message is tried again (from the saved cursor); inline, a later flush must go on.
    if (!mode.viaQueue) await pushFlush(deps, projectId, FLUSH_DELAY_SECONDS);
    throw error;
  }
  // A mark left (the catch-up goes on, or ids were dropped after its listing) counts as work: the next flush.
  const remaining = claim.remaining + (overflowLeft ? 1 : 0);
  if (remaining > 0 && mode.viaQueue) await pushFlush(deps, projectId, FLUSH_DELAY_SECONDS);
  return { remaining };
}

/**
 * Catches up an overflowed pending set (events were dropped, so which issues changed is not known): lists the
 * project's issues updated since the first drop (or the last sync point, when earlier) once, stores the listing
 * and reads it {@link FLUSH_BATCH} ids at a time, saving the cursor after each slice, until `deadlineMs` (at
 * least one slice). A redelivered or chained flush goes on from the cursor; the mark is cleared only when the
 * listing was read to its end and nothing was dropped after it.
 *
 * @returns whether the mark is still set (more to read, or ids dropped since the listing).
 */
async function catchUpOverflow(
  deps: FactsSyncDeps,
  projectId: string,
  state: FactsSyncState,
  overflow: PendingOverflow,
  settings: PropertySettingsCache,
  deadlineMs: number,
): Promise<boolean> {
  let catchUp = overflow.catchUp ?? null;
  if (catchUp === null) {
    const sinceMs = Math.min(overflow.sinceMs, state.syncedUpToMs ?? overflow.sinceMs);
    const listedAtMs = deps.clock();
    const updated = await deps.jiraApp.searchIssueIds(
      updatedSinceJql(projectId, sinceMs - RECONCILE_MARGIN_MS, listedAtMs),
    );
    catchUp = await deps.facts.startCatchUp(projectId, updated, listedAtMs);
    if (catchUp === null) return false;
  }
  for (;;) {
    const ids = await deps.facts.readCatchUpIds(projectId, catchUp, catchUp.cursor, FLUSH_BATCH);
    if (ids.length > 0) await applyCurrent(deps, projectId, ids, settings);
    const cursor = Math.min(catchUp.total, catchUp.cursor + Math.max(ids.length, FLUSH_BATCH));
    const left = await deps.facts.advanceCatchUp(projectId, catchUp, cursor);
    // Another flush went further (or finished): the next flush goes on from what is stored.
    if (left?.catchUp?.listedAtMs !== catchUp.listedAtMs) return left !== null;
    catchUp = left.catchUp;
    if (deps.clock() >= deadlineMs) return true;
  }
}

/** Reads the ids from Jira and stores what Jira says now: facts where the issues are, tombstones where not. */
async function applyCurrent(
  deps: FactsSyncDeps,
  projectId: string,
  ids: readonly string[],
  settings: PropertySettingsCache,
): Promise<void> {
  // Before the read: a tombstone never blocks a record Jira wrote after it was read.
  const readStartMs = deps.clock();
  const byProject = new Map<string, IssueFactsRecord[]>();
  const statusesSeen = new Map<string, JiraStatusRef[]>();
  const found = new Set<string>();
  let names: FactsNames = { statuses: {}, types: {} };
  await loadIssuesByIds(deps.jiraApp, ids, (issue) => {
    const record = factsOfJiraIssue(issue);
    if (record === null) return;
    found.add(record.id);
    names = mergeFactsNames(names, namesOfJiraIssue(issue));
    const group = byProject.get(record.projectId);
    if (group === undefined) byProject.set(record.projectId, [record]);
    else group.push(record);
    const status = issue.fields?.status;
    const seen = statusesSeen.get(record.projectId);
    if (status === undefined) return;
    if (seen === undefined) statusesSeen.set(record.projectId, [status]);
    else seen.push(status);
  });
  await deps.facts.mergeNames(names);

  const gone = ids.filter((id) => !found.has(id));
  if (gone.length > 0) await deps.facts.removeFacts(projectId, gone, readStartMs);

  for (const [target, records] of byProject) {
    if (target !== projectId) {
      // Moved away: leaves this project, with a tombstone at the move (its `updated`) against older reads.
      for (const record of records) await deps.facts.removeFacts(projectId, [record.id], record.updatedMs);
    }
    const targetState = target === projectId ? null : await deps.facts.readState(target);
    if (target === projectId || targetState?.phase === 'ready' || targetState?.phase === 'loading') {
      await refreshStatusesSafely(deps, target, statusesSeen.get(target) ?? [], settings);
      await deps.facts.upsertFacts(target, records);
      await writePropertiesSafely(deps, target, records, settings);
    } else if (targetState?.phase === 'queued' || targetState?.phase === 'listing') {
      // Its listing may have missed the move: the target's own flush reads them once its backfill is done.
      const { flushDue } = await deps.facts.addPending(
        target,
        records.map((record) => record.id),
        deps.clock(),
      );
      if (flushDue) await pushFlush(deps, target, FLUSH_DELAY_SECONDS);
    }
  }
}

/**
 * Lists the project's workflow statuses again when issues were read in a status its stored list does not know
 * (a new status, a rename, a category change), so views derive the default mapping from the current workflow; the
 * run's cached property settings of the project are dropped with it. A failure is logged, not thrown: the facts
 * matter more, and the next such flush or the nightly reconcile lists again.
 */
async function refreshStatusesSafely(
  deps: FactsSyncDeps,
  projectId: string,
  seen: readonly JiraStatusRef[],
  settings: PropertySettingsCache,
): Promise<void> {
  try {
    if (await refreshIfUnknownStatuses(deps, projectId, seen)) settings.delete(projectId);
  } catch (error) {
    deps.logError?.(`flow-facts: the workflow statuses of project ${projectId} were not listed again`, error);
  }
}

/**
 * The nightly repair of one ready project (see `reconcileFacts`), until `deadlineMs`: its ids against the stored
 * ones, the ids updated since its sync point less {@link RECONCILE_MARGIN_MS}, flushed inline, the properties of
 * its work in progress, of failed writes and (after a settings change) of every issue rewritten, `syncedUpToMs`
 * moved to the repair's start.
 *
 * @returns the ids marked pending; null when the project is not ready or was dropped (Jira no longer has it).
 */
export async function reconcileProject(
  deps: FactsSyncDeps,
  projectId: string,
  deadlineMs: number,
): Promise<number | null> {
  const state = await deps.facts.readState(projectId);
  if (state?.phase !== 'ready') return null;
  const runStartMs = deps.clock();
  const syncedUpToMs = state.syncedUpToMs ?? state.startedAtMs;
  try {
    // The workflow may have changed without any issue moving into a new status: the list is read every night.
    await refreshWorkflowStatuses(deps, projectId);
  } catch (error) {
    deps.logError?.(`flow-facts: the workflow statuses of project ${projectId} were not listed again`, error);
  }
  const listing = await listOrNoteGone(deps, projectId);
  if (listing === null) return null;
  const listed = new Set(listing);
  const changed = await deps.jiraApp.searchIssueIds(
    updatedSinceJql(projectId, syncedUpToMs - RECONCILE_MARGIN_MS, runStartMs),
  );
  const stored = new Set((await deps.facts.readFacts(projectId)).map((record) => record.id));
  const pending = new Set(changed);
  for (const id of listed) if (!stored.has(id)) pending.add(id);
  for (const id of stored) if (!listed.has(id)) pending.add(id);
  if (pending.size > 0) await deps.facts.addPending(projectId, [...pending], deps.clock());

  const settings: PropertySettingsCache = new Map();
  let remaining = (await deps.facts.readPending(projectId)).length;
  while (remaining > 0 && deps.clock() < deadlineMs)
    ({ remaining } = await flushProjectFacts(deps, projectId, { viaQueue: false, settings, deadlineMs }));
  if (remaining > 0) await pushFlush(deps, projectId, FLUSH_DELAY_SECONDS);

  await rewriteProperties(deps, projectId, settings, deadlineMs);
  await deps.facts.updateSync(projectId, (prev) =>
    prev?.phase === 'ready' ? { ...prev, syncedUpToMs: Math.max(prev.syncedUpToMs ?? 0, runStartMs) } : null,
  );
  return pending.size;
}

/**
 * The project's issue ids (as the app). When Jira refuses the search (400: JQL naming a project it does not know,
 * or 404) and also answers 404 for the project itself, the project is deleted or the app may no longer browse it
 * (Jira does not say which): the first such night is noted; a second one at least `GONE_CONFIRM_MS` later with no
 * success between drops the project and all its facts (null). Anything else is thrown (the next night tries again);
 * a listing that works forgets earlier 404s.
 */
async function listOrNoteGone(deps: FactsSyncDeps, projectId: string): Promise<readonly string[] | null> {
  let refusal: unknown;
  try {
    const ids = await deps.jiraApp.searchIssueIds(`project = ${projectId}`);
    await deps.facts.clearProjectGone(projectId);
    return ids;
  } catch (error) {
    if (!(error instanceof JiraBadRequestError || error instanceof JiraNotFoundError)) throw error;
    refusal = error;
  }
  try {
    await deps.jiraApp.getProject(projectId);
  } catch (error) {
    if (!(error instanceof JiraNotFoundError)) throw error;
    if (!(await deps.facts.noteProjectGone(projectId, deps.clock()))) throw refusal;
    deps.logError?.(
      `flow-facts: project ${projectId} is gone (Jira answered 404 on two nights): its facts were dropped`,
      refusal,
    );
    await deps.facts.dropProject(projectId);
    return null;
  }
  throw refusal;
}
