/**
 * Background jobs of the project flow page, for projects too large for one resolver call: started by a request
 * (the user's issue ids stored with the job, one running job per plan), run by the queue consumer, polled by
 * `getFlowJob`. Store keys and their TTLs live here.
 */
import { randomUUID } from 'node:crypto';
import type { ProjectFlowAnswer, ProjectFlowProgress, ProjectFlowRequest } from '../contract/project-flow';
import {
  cacheHash,
  deleteChunkedValue,
  ownerKeyOf,
  readChunkedValue,
  readFlowCache,
  writeChunkedValue,
  writeFlowCache,
} from './flow-cache';
import { FLOW_CHANGELOG_BATCH } from './load-flow-issues';
import type { JiraPort } from './ports/jira-port';
import type { FlowJobMessage, QueuePort } from './ports/queue-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import { flowErrorCode, flowErrorDetail, planProjectFlow } from './project-flow-plan';
import type { FlowPlan } from './project-flow-plan';
import { cacheView, computeProjectFlowView, entryOf, isProjectFlowView } from './project-flow-view';
import { getProjectFlowSettings } from './project-settings';

/** A job without progress for this long is reported failed (the consumer's limit is 900 s). */
export const JOB_STALL_MS = 16 * 60_000;
/**
 * Waits of the queue consumer before its further attempts to claim a job or cache a computed view when the store
 * fails (well inside its 900 s).
 */
export const JOB_CACHE_RETRY_WAITS_MS: readonly number[] = [2_000, 8_000, 30_000];
/** Job state, its issue ids and the running-job pointer expire this long after their last write. */
export const JOB_TTL_SECONDS = 86_400;
/** Most issues one job computes (their ids are read as the user in the resolver call and stored with the job). */
export const MAX_JOB_ISSUES = 100_000;
/**
 * Issue ids per `issuekey in (…)` search of the queue consumer: one changelog bulk fetch's worth, so a job makes as
 * many requests as a search of the whole project would (⌈n / 100⌉ search pages, ⌈n / 1,000⌉ bulk fetches).
 */
export const JOB_ID_CHUNK = FLOW_CHANGELOG_BATCH;

/** Where a job's issue ids are stored (chunked: 100,000 ids do not fit one value). */
export interface JobIssueIds {
  readonly keys: readonly string[];
  readonly chars: number;
  readonly count: number;
}

/** What the store keeps per job under `flow-job:<jobId>` (expires after {@link JOB_TTL_SECONDS}). */
export interface FlowJobState {
  readonly jobId: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly accountId: string | null;
  readonly hash: string;
  readonly request: ProjectFlowRequest;
  readonly defaultTimeZone: string | null;
  /** When the user's issue ids were read (an issue event after that leaves the result stale). */
  readonly basedOnMs: number;
  /** The ids of the issues the user may browse, read as the user; the consumer loads only these. */
  readonly issueIds: JobIssueIds;
  /** Cache hash the result was stored under when not {@link FlowJobState.hash} (settings changed, or a retry). */
  readonly resultHash: string | null;
  readonly progress: ProjectFlowProgress;
  readonly error: { readonly code: string; readonly detail: string } | null;
}

/** The queue message of a flow job. */
export interface ProjectFlowJobMessage extends FlowJobMessage {
  readonly kind: 'project-flow';
  readonly jobId: string;
}

function jobKey(jobId: string): string {
  return `flow-job:${jobId}`;
}

function runningKey(projectId: string, hash: string): string {
  return `flow-running:${projectId}:${hash}`;
}

const JOB_TTL = { ttlSeconds: JOB_TTL_SECONDS };

/** How many times a request tries to claim the running-job pointer before it gives up (each loss re-reads it). */
const CLAIM_ATTEMPTS = 3;

/**
 * The plan's running-job pointer: the job still under way (same account, neither done nor failed nor stalled) or
 * null, and the pointer's version (null: no pointer), which a new job must name to take the pointer over.
 */
export async function runningJob(
  store: StorePort,
  plan: FlowPlan,
  nowMs: number,
): Promise<{ readonly job: FlowJobState | null; readonly pointerVersion: number | null }> {
  const running = await store.get<{ jobId?: unknown }>(runningKey(plan.projectId, plan.hash));
  if (running === null) return { job: null, pointerVersion: null };
  const jobId = running.value.jobId;
  const job = typeof jobId === 'string' ? await store.get<FlowJobState>(jobKey(jobId)) : null;
  const live =
    job !== null &&
    job.value.accountId === plan.accountId &&
    job.value.progress.phase !== 'failed' &&
    job.value.progress.phase !== 'done' &&
    nowMs - job.value.progress.updatedAtMs < JOB_STALL_MS;
  return { job: live ? job.value : null, pointerVersion: running.version };
}

/**
 * Starts a job for the plan: stores the user's issue ids and the job, takes the running-job pointer over by
 * compare-and-set from `pointerVersion` (so two concurrent requests start one job: the loser removes its own job
 * and answers the winner's), then pushes the message. When the queue refuses the push the job is marked failed
 * and its ids deleted, so nobody waits for a job that will never run.
 */
export async function startJob(
  store: StorePort,
  queue: QueuePort,
  plan: FlowPlan,
  issueIds: readonly string[],
  nowMs: number,
  defaultTimeZone: string | null,
  pointerVersion: number | null,
): Promise<FlowJobState> {
  const runKey = runningKey(plan.projectId, plan.hash);
  const jobId = randomUUID();
  const ids = await writeChunkedValue(store, `flow-job-ids:${jobId}`, issueIds);
  const state: FlowJobState = {
    jobId,
    projectId: plan.projectId,
    projectKey: plan.projectKey,
    accountId: plan.accountId,
    hash: plan.hash,
    request: plan.request,
    defaultTimeZone,
    basedOnMs: nowMs,
    issueIds: { ...ids, count: issueIds.length },
    resultHash: null,
    progress: { phase: 'queued', loaded: 0, total: issueIds.length, updatedAtMs: nowMs },
    error: null,
  };
  const { version } = await store.put<FlowJobState>(jobKey(jobId), state, null, JOB_TTL);
  let expected = pointerVersion;
  for (let attempt = 1; ; attempt++) {
    try {
      await store.put(runKey, { jobId }, expected, JOB_TTL);
      break;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      // Another request took the pointer since it was read: join its job if it runs, else try again from the
      // version now stored (a pointer at a finished job, or one Forge has not yet removed after its TTL).
      const current = await runningJob(store, plan, nowMs);
      if (current.job !== null || attempt >= CLAIM_ATTEMPTS) {
        await Promise.allSettled([store.delete(jobKey(jobId)), deleteChunkedValue(store, ids.keys)]);
        if (current.job !== null) return current.job;
        throw error;
      }
      expected = current.pointerVersion;
    }
  }
  const message: ProjectFlowJobMessage = { kind: 'project-flow', jobId };
  try {
    await queue.push(message);
  } catch (error) {
    const failed: FlowJobState = {
      ...state,
      progress: { ...state.progress, phase: 'failed', updatedAtMs: nowMs },
      error: {
        code: 'internal',
        detail: `The background job could not be queued (${flowErrorDetail(error)}). Try again in a minute.`,
      },
    };
    await store.put<FlowJobState>(jobKey(jobId), failed, version, JOB_TTL);
    await Promise.allSettled([store.delete(runKey), deleteChunkedValue(store, ids.keys)]);
    return failed;
  }
  return state;
}

export function failedAnswer(state: FlowJobState): ProjectFlowAnswer {
  return {
    status: 'failed',
    jobId: state.jobId,
    error: state.error ?? { code: 'internal', detail: 'The job failed.' },
  };
}

/**
 * Runs a queued job (the queue consumer). Claims the job with a compare-and-set from `queued` to `loading`, so a
 * redelivered message of a job already claimed, done or failed does nothing. Loads exactly the issue ids the user
 * read (as the app: `jira`), computes with progress written to the store, caches the view (retrying once under a
 * job-specific key, so a failed cache write still leaves the user a view) and marks the job done, or failed with
 * an error code.
 */
export async function runProjectFlowJob(
  message: FlowJobMessage,
  deps: {
    /** Jira as the app: only ever asked for the issues whose ids the user read. */
    readonly jira: JiraPort;
    readonly store: StorePort;
    readonly clock: () => number;
    readonly forecastTrials?: number;
    /** Waits between attempts to cache the view (default: a timer). */
    readonly sleep?: (ms: number) => Promise<void>;
  },
): Promise<void> {
  const { store, clock } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // Read and claim, retried with the same growing waits when the store fails (not when another delivery won):
  // an unclaimed job would otherwise sit queued until the stall limit.
  let claimed: { state: FlowJobState; version: number; givenUp: boolean } | null = null;
  for (let attempt = 0; claimed === null; attempt++) {
    try {
      const stored = await store.get<FlowJobState>(jobKey(message.jobId));
      if (stored === null || stored.value.progress.phase !== 'queued') return; // expired, claimed, done or failed
      const startedMs = clock();
      // Delivered after the stall limit (Forge's queue retries and delays): its user was told it failed and a new
      // request started another job, so it is marked failed instead of computed a second time.
      const givenUp = startedMs - stored.value.progress.updatedAtMs >= JOB_STALL_MS;
      const next: FlowJobState = {
        ...stored.value,
        progress: { ...stored.value.progress, phase: givenUp ? 'failed' : 'loading', updatedAtMs: startedMs },
        error: givenUp
          ? { code: 'internal', detail: 'The job started too late and was given up; open the page again.' }
          : null,
      };
      const written = await store.put<FlowJobState>(jobKey(next.jobId), next, stored.version, JOB_TTL);
      claimed = { state: next, version: written.version, givenUp };
    } catch (error) {
      if (error instanceof StoreConflictError) return; // another delivery claimed it first
      const waitMs = JOB_CACHE_RETRY_WAITS_MS[attempt];
      if (waitMs === undefined) throw error;
      await sleep(waitMs);
    }
  }
  let { state, version } = claimed;
  const { givenUp } = claimed;
  if (givenUp) {
    await deleteChunkedValue(store, state.issueIds.keys);
    return;
  }
  const save = async (
    progress: Partial<ProjectFlowProgress>,
    error: FlowJobState['error'] = null,
  ): Promise<void> => {
    state = { ...state, progress: { ...state.progress, ...progress, updatedAtMs: clock() }, error };
    version = (await store.put<FlowJobState>(jobKey(state.jobId), state, version, JOB_TTL)).version;
  };
  try {
    const issueIds = await readChunkedValue(store, state.issueIds);
    if (!Array.isArray(issueIds) || !issueIds.every((id) => typeof id === 'string'))
      throw new Error('The job’s issue list is no longer stored; open the page again to start a new job.');
    const settings = await getProjectFlowSettings(
      store,
      deps.jira,
      state.projectKey,
      state.defaultTimeZone === null ? {} : { defaultTimeZone: state.defaultTimeZone },
    );
    const plan = planProjectFlow(settings, state.request, state.basedOnMs, state.accountId);
    const view = await computeProjectFlowView(deps.jira, settings, plan, clock(), {
      ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
      issueIds,
      onProgress: (loaded) => save({ loaded }),
    });
    await save({ phase: 'computing' });
    let resultHash = plan.hash;
    try {
      await cacheView(store, plan, view, state.basedOnMs);
    } catch {
      // Kept for this job only, so the user who waited still gets the view; its chunks are cleaned either way.
      // A store refusing writes for a while (its rate limit, e.g. several large views at once) gets a few growing
      // waits: minutes of loading are not thrown away for a refusal that passes within a minute.
      resultHash = cacheHash(`job:${state.jobId}`);
      for (let attempt = 0; ; attempt++) {
        try {
          await writeFlowCache(store, entryOf(plan, resultHash), view, {
            basedOnMs: state.basedOnMs,
            computedAtMs: view.computedAtMs,
          });
          break;
        } catch (error) {
          const waitMs = JOB_CACHE_RETRY_WAITS_MS[attempt];
          if (waitMs === undefined) throw error;
          await sleep(waitMs);
        }
      }
    }
    // The plan's hash may differ from the job's when the settings changed in between; the job answers with its own.
    state = { ...state, hash: plan.hash, resultHash };
    await save({ phase: 'done', loaded: view.summary.issuesLoaded });
    await deleteChunkedValue(store, state.issueIds.keys);
  } catch (error) {
    await save({ phase: 'failed' }, { code: flowErrorCode(error), detail: flowErrorDetail(error) });
    await deleteChunkedValue(store, state.issueIds.keys);
    if (flowErrorCode(error) === 'internal') throw error;
  }
}

/**
 * State of a job for `getFlowJob`: `computing` with progress, `ready` with the view from the cache, or `failed`.
 * A job of another account answers null (as unknown), a job without progress for {@link JOB_STALL_MS} failed.
 */
export async function getFlowJob(
  store: StorePort,
  jobId: string,
  accountId: string | null,
  clock: () => number,
): Promise<ProjectFlowAnswer | null> {
  const job = await store.get<FlowJobState>(jobKey(jobId));
  if (job === null || job.value.accountId !== accountId) return null;
  const state = job.value;
  if (state.progress.phase === 'failed') return failedAnswer(state);
  if (state.progress.phase === 'done') {
    const cached = await readFlowCache(
      store,
      {
        projectId: state.projectId,
        hash: state.resultHash ?? state.hash,
        kind: 'project-view',
        owner: ownerKeyOf(state.accountId),
      },
      clock(),
      { maxAgeMs: Number.POSITIVE_INFINITY, isValue: isProjectFlowView },
    );
    if (cached === null)
      return {
        status: 'failed',
        jobId,
        error: { code: 'internal', detail: 'The computed view is no longer cached; open the page again.' },
      };
    return { status: 'ready', view: { ...cached.value, cache: 'hit' } };
  }
  if (clock() - state.progress.updatedAtMs > JOB_STALL_MS)
    return {
      status: 'failed',
      jobId,
      error: {
        code: 'internal',
        detail: 'The job stopped making progress; open the page again to restart it.',
      },
    };
  return { status: 'computing', jobId, progress: state.progress };
}
