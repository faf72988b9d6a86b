/**
 * Use case of the project flow page: settings → bounded JQL → streamed issues → one engine report → view, with a
 * per-user cache in the store and, for projects too large for one resolver call, a background job in the queue.
 */
import { randomUUID } from 'node:crypto';
import type {
  ProjectFlowAnswer,
  ProjectFlowProgress,
  ProjectFlowRequest,
  ProjectFlowView,
} from '../contract/project-flow';
import { addDays, localDate, startOfLocalDayMs, toDayNumber } from '../domain/flow/calendar';
import { DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import * as v from 'valibot';
import { canonicalJson, isValidDate, JqlRefinementError } from '../domain/flow/jql-scope';
import { buildProjectFlowView, PROJECT_FLOW_SCHEMA_VERSION } from '../domain/flow/project-view';
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from './errors';
import {
  cacheHash,
  DEFAULT_FLOW_CACHE_MAX_AGE_MS,
  deleteChunkedValue,
  ownerKeyOf,
  readChunkedValue,
  readFlowCache,
  rememberUserView,
  userViewPointer,
  writeChunkedValue,
  writeFlowCache,
  type FlowCacheEntryRef,
} from './flow-cache';
import { measureFlow, scopeJql } from './flow-measurement';
import { FLOW_CHANGELOG_BATCH } from './load-flow-issues';
import type { JiraPort } from './ports/jira-port';
import type { FlowJobMessage, QueuePort } from './ports/queue-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import { getProjectFlowSettings } from './project-settings';
import type { ProjectFlowSettings } from './project-settings';

/** Days shown when the request names no `from`. */
export const DEFAULT_RANGE_DAYS = 180;
/** Longest range accepted, days. */
export const MAX_RANGE_DAYS = 3 * 366;
/**
 * Issues computed inside the resolver call; more go to the queue. Loading runs at ~100 issues per search request
 * plus one bulk changelog request per 1,000: 3,000 issues are ~33 requests, well inside 25 s.
 */
export const DEFAULT_SYNC_ISSUE_LIMIT = 3000;
/** A job without progress for this long is reported failed (the consumer's limit is 900 s). */
export const JOB_STALL_MS = 16 * 60_000;
/**
 * Waits of the queue consumer before its further attempts to claim a job or cache a computed view when the store
 * fails (well inside its 900 s).
 */
export const JOB_CACHE_RETRY_WAITS_MS: readonly number[] = [2_000, 8_000, 30_000];
/**
 * Longest a cached view with a JQL refinement is served: its JQL may name any field (labels, assignee, sprint…),
 * and changes of those pass no trigger filter (which lets through only the fields every view depends on).
 */
export const REFINED_VIEW_MAX_AGE_MS = 15 * 60_000;
/** Job state, its issue ids and the running-job pointer expire this long after their last write. */
export const JOB_TTL_SECONDS = 86_400;
/** Most issues one job computes (their ids are read as the user in the resolver call and stored with the job). */
export const MAX_JOB_ISSUES = 100_000;
/**
 * Issue ids per `issuekey in (…)` search of the queue consumer: one changelog bulk fetch's worth, so a job makes as
 * many requests as a search of the whole project would (⌈n / 100⌉ search pages, ⌈n / 1,000⌉ bulk fetches).
 */
export const JOB_ID_CHUNK = FLOW_CHANGELOG_BATCH;

/** A request the app cannot serve as asked (bad dates, bad JQL): answered as `invalid-payload`. */
export class FlowRequestError extends Error {
  override readonly name = 'FlowRequestError';
}

export interface ProjectFlowOptions {
  /** Queue for large projects; absent: always computed in the call. */
  readonly queue?: QueuePort;
  /** Account the view is computed for (cache entries are per user: each sees only issues they may browse). */
  readonly accountId?: string | null;
  /** Time zone of the default calendar when the project has no saved settings (e.g. the user's). */
  readonly defaultTimeZone?: string;
  readonly syncIssueLimit?: number;
  readonly maxAgeMs?: number;
  /** Monte Carlo trials (default 10,000). */
  readonly forecastTrials?: number;
  /** Told when the computed view could not be cached (the view is answered anyway). */
  readonly onCacheError?: (error: unknown) => void;
}

/** A request resolved against the project's settings and the clock: everything a computation needs. */
export interface FlowPlan {
  readonly projectId: string;
  readonly projectKey: string;
  readonly request: ProjectFlowRequest;
  readonly from: string;
  readonly to: string;
  readonly asOfMs: number;
  readonly jql: string;
  readonly percentiles: readonly number[];
  readonly hash: string;
  readonly accountId: string | null;
  /** {@link ownerKeyOf} the account: the cache entry's owner. */
  readonly owner: string;
}

/** Resolves the request's dates and JQL against the settings; throws {@link FlowRequestError} for bad input. */
export function planProjectFlow(
  settings: ProjectFlowSettings,
  request: ProjectFlowRequest,
  nowMs: number,
  accountId: string | null,
): FlowPlan {
  const tz = settings.calendar.timeZone;
  const today = localDate(nowMs, tz);
  for (const date of [request.from, request.to, request.forecast?.byDate])
    if (date !== undefined && !isValidDate(date)) throw new FlowRequestError(`Not a date: ${date}`);
  const to = request.to === undefined || request.to > today ? today : request.to;
  const from = request.from ?? addDays(to, -DEFAULT_RANGE_DAYS);
  if (from > to) throw new FlowRequestError(`The range starts (${from}) after it ends (${to}).`);
  if (toDayNumber(to) - toDayNumber(from) > MAX_RANGE_DAYS)
    throw new FlowRequestError(`The range is longer than ${String(MAX_RANGE_DAYS)} days.`);
  const byDate = request.forecast?.byDate;
  if (byDate !== undefined && (byDate <= to || toDayNumber(byDate) - toDayNumber(to) > MAX_RANGE_DAYS))
    throw new FlowRequestError(`The forecast date ${byDate} must be after ${to} and at most 3 years ahead.`);
  const asOfMs = Math.min(nowMs, startOfLocalDayMs(addDays(to, 1), tz));
  const windowStart = addDays(localDate(asOfMs, tz), -DEFAULT_WINDOW_DAYS);
  let jql: string;
  try {
    jql =
      scopeJql(
        {
          kind: 'project',
          projectKey: settings.projectKey,
          refinement: request.jql ?? '',
          issueTypes: request.issueTypes ?? [],
        },
        { activeSince: from < windowStart ? from : windowStart, to },
      ) ?? '';
  } catch (error) {
    if (error instanceof JqlRefinementError) throw new FlowRequestError(error.message);
    throw error;
  }
  const percentiles = request.percentiles ?? settings.percentiles;
  const hash = cacheHash(
    canonicalJson({
      schema: PROJECT_FLOW_SCHEMA_VERSION,
      jql,
      from,
      to,
      percentiles,
      forecast: request.forecast ?? null,
      summaries: request.includeSummaries ?? true,
      mapping: settings.mapping,
      calendar: settings.calendar,
      version: settings.version,
      accountId,
    }),
  );
  return {
    projectId: settings.projectId,
    projectKey: settings.projectKey,
    request,
    from,
    to,
    asOfMs,
    jql,
    percentiles,
    hash,
    accountId,
    owner: ownerKeyOf(accountId),
  };
}

/** The cache entry of a plan's view. */
function entryOf(plan: FlowPlan, hash = plan.hash): FlowCacheEntryRef {
  return { projectId: plan.projectId, hash, kind: 'project-view', owner: plan.owner };
}

/** Whether the plan shows the whole project (no JQL or issue-type filter): what the issue panel compares with. */
function isWholeProject(request: ProjectFlowRequest): boolean {
  return (request.jql ?? '').trim() === '' && (request.issueTypes ?? []).length === 0;
}

const ProjectFlowViewShape = v.looseObject({
  schemaVersion: v.literal(PROJECT_FLOW_SCHEMA_VERSION),
  projectKey: v.string(),
  computedAtMs: v.number(),
  settings: v.looseObject({
    stages: v.array(v.looseObject({ name: v.string(), kind: v.string(), statuses: v.array(v.string()) })),
    startStage: v.string(),
    doneStage: v.string(),
    jql: v.nullable(v.string()),
    issueTypes: v.array(v.string()),
  }),
  issues: v.looseObject({ rows: v.array(v.array(v.unknown())) }),
  cycleTime: v.looseObject({
    pointRows: v.array(v.number()),
    lines: v.array(v.looseObject({ percentile: v.number(), days: v.nullable(v.number()) })),
  }),
});

/**
 * Whether a value read from the cache is a project view of this version (the parts every reader relies on);
 * anything else is treated as a miss.
 */
export function isProjectFlowView(value: unknown): value is ProjectFlowView {
  return v.is(ProjectFlowViewShape, value);
}

/** Writes a computed view to the cache and, for a whole-project view, points the user's panel at it. */
async function cacheView(
  store: StorePort,
  plan: FlowPlan,
  view: ProjectFlowView,
  basedOnMs: number,
  hash = plan.hash,
): Promise<void> {
  await writeFlowCache(store, entryOf(plan, hash), view, { basedOnMs, computedAtMs: view.computedAtMs });
  if (isWholeProject(plan.request))
    await rememberUserView(store, plan.projectId, plan.owner, { hash, computedAtMs: view.computedAtMs });
}

/**
 * The user's newest cached whole-project view (stale ones too: yesterday's percentiles still place an issue), or
 * null when that user has none. Never another user's view.
 */
export async function readUserProjectView(
  store: StorePort,
  projectId: string,
  accountId: string | null,
  nowMs: number,
): Promise<ProjectFlowView | null> {
  const owner = ownerKeyOf(accountId);
  const pointer = await userViewPointer(store, projectId, owner);
  if (pointer === null) return null;
  const cached = await readFlowCache(
    store,
    { projectId, hash: pointer.hash, kind: 'project-view', owner },
    nowMs,
    { maxAgeMs: Number.POSITIVE_INFINITY, isValue: isProjectFlowView },
  );
  return cached?.value ?? null;
}

/**
 * Loads the plan's issues and computes the view from one engine report (canonical mode, start policy `first`,
 * the project's mapping and calendar). `onProgress(loaded)` after each batch of 1,000 issues.
 */
export async function computeProjectFlowView(
  jira: JiraPort,
  settings: ProjectFlowSettings,
  plan: FlowPlan,
  computedAtMs: number,
  options: {
    forecastTrials?: number;
    onProgress?: (loaded: number) => void | Promise<void>;
    /** Load exactly these issues (ids read as the user) instead of searching the plan's JQL. */
    issueIds?: readonly string[];
  } = {},
): Promise<ProjectFlowView> {
  const { forecast } = plan.request;
  const { facts, summaries } = await measureFlow(jira, {
    scope:
      options.issueIds === undefined
        ? { kind: 'jql', jql: plan.jql }
        : { kind: 'issues', issueIds: options.issueIds, projectId: plan.projectId },
    // The plan's JQL is bounded already (and hashed as it is).
    period: null,
    mapping: settings.mapping,
    calendar: settings.calendar,
    asOfMs: plan.asOfMs,
    windowDays: DEFAULT_WINDOW_DAYS,
    forecast: {
      ...(forecast?.byDate === undefined ? {} : { byDate: forecast.byDate }),
      ...(forecast?.items === undefined ? {} : { items: forecast.items }),
      ...(options.forecastTrials === undefined ? {} : { trials: options.forecastTrials }),
    },
    includeSummaries: plan.request.includeSummaries ?? true,
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return buildProjectFlowView({
    facts,
    projectKey: plan.projectKey,
    from: plan.from,
    to: plan.to,
    percentiles: plan.percentiles,
    calendar: settings.calendar,
    windowDays: DEFAULT_WINDOW_DAYS,
    summaries,
    issueTypes: plan.request.issueTypes ?? [],
    jql: plan.request.jql ?? null,
    mappingVersion: settings.version,
    mappingDerived: settings.derived,
    computedAtMs,
  });
}

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

/** Error code of the resolver contract for a failure of the computation. */
export function flowErrorCode(
  error: unknown,
): 'invalid-payload' | 'not-found' | 'forbidden' | 'jira-unavailable' | 'internal' {
  if (error instanceof FlowRequestError || error instanceof JiraBadRequestError) return 'invalid-payload';
  if (error instanceof JiraNotFoundError || error instanceof IssueNotFoundError) return 'not-found';
  if (error instanceof JiraForbiddenError) return 'forbidden';
  if (error instanceof JiraUnavailableError) return 'jira-unavailable';
  return 'internal';
}

/** English detail of a failure; Jira's own messages for a rejected JQL. */
export function flowErrorDetail(error: unknown): string {
  if (error instanceof JiraBadRequestError && error.jiraMessages.length > 0)
    return error.jiraMessages.join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** How many times a request tries to claim the running-job pointer before it gives up (each loss re-reads it). */
const CLAIM_ATTEMPTS = 3;

/**
 * The plan's running-job pointer: the job still under way (same account, neither done nor failed nor stalled) or
 * null, and the pointer's version (null: no pointer), which a new job must name to take the pointer over.
 */
async function runningJob(
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
async function startJob(
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

function failedAnswer(state: FlowJobState): ProjectFlowAnswer {
  return {
    status: 'failed',
    jobId: state.jobId,
    error: state.error ?? { code: 'internal', detail: 'The job failed.' },
  };
}

/**
 * The project page's data: from the cache when fresh; otherwise computed now (≤ `syncIssueLimit` issues) or in
 * a queued job (`computing` with a job id). A stale cached view of a large project is answered right away with
 * `refreshJobId` while the job recomputes it. For a job, the ids of the issues are read here, as the user (the
 * consumer runs as the app and loads only those issues). A view computed here is answered even when it cannot be
 * cached (`onCacheError` is told).
 *
 * @throws FlowRequestError for a bad range or JQL (or a scope over {@link MAX_JOB_ISSUES}); the Jira port's typed errors.
 */
export async function getProjectFlow(
  jira: JiraPort,
  store: StorePort,
  projectKey: string,
  request: ProjectFlowRequest,
  clock: () => number,
  options: ProjectFlowOptions = {},
): Promise<ProjectFlowAnswer> {
  const settings = await getProjectFlowSettings(
    store,
    jira,
    projectKey,
    options.defaultTimeZone === undefined ? {} : { defaultTimeZone: options.defaultTimeZone },
  );
  const nowMs = clock();
  const plan = planProjectFlow(settings, request, nowMs, options.accountId ?? null);
  const maxAgeMs = Math.min(
    options.maxAgeMs ?? DEFAULT_FLOW_CACHE_MAX_AGE_MS,
    (request.jql ?? '').trim() === '' ? Number.POSITIVE_INFINITY : REFINED_VIEW_MAX_AGE_MS,
  );
  const cached =
    request.refresh === true
      ? null
      : await readFlowCache(store, entryOf(plan), nowMs, { maxAgeMs, isValue: isProjectFlowView });
  if (cached?.fresh === true) return { status: 'ready', view: { ...cached.value, cache: 'hit' } };

  if (options.queue !== undefined) {
    // Asked again while its job runs (the page's or the panel's polls): join it without searching Jira again.
    const { job: running, pointerVersion } = await runningJob(store, plan, nowMs);
    if (running !== null)
      return cached !== null
        ? { status: 'ready', view: { ...cached.value, cache: 'hit' }, refreshJobId: running.jobId }
        : { status: 'computing', jobId: running.jobId, progress: running.progress };
    const ids = await jira.searchIssueIds(plan.jql);
    if (ids.length > (options.syncIssueLimit ?? DEFAULT_SYNC_ISSUE_LIMIT)) {
      if (ids.length > MAX_JOB_ISSUES)
        throw new FlowRequestError(
          `The scope has ${String(ids.length)} issues (at most ${String(MAX_JOB_ISSUES)}): shorten the range or filter by JQL or issue type.`,
        );
      const job = await startJob(
        store,
        options.queue,
        plan,
        ids,
        nowMs,
        options.defaultTimeZone ?? null,
        pointerVersion,
      );
      if (cached !== null && job.progress.phase !== 'failed')
        return { status: 'ready', view: { ...cached.value, cache: 'hit' }, refreshJobId: job.jobId };
      if (job.progress.phase === 'failed') return failedAnswer(job);
      return { status: 'computing', jobId: job.jobId, progress: job.progress };
    }
  }
  const view = await computeProjectFlowView(jira, settings, plan, nowMs, {
    ...(options.forecastTrials === undefined ? {} : { forecastTrials: options.forecastTrials }),
  });
  try {
    await cacheView(store, plan, view, nowMs);
  } catch (error) {
    options.onCacheError?.(error);
  }
  return { status: 'ready', view };
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
