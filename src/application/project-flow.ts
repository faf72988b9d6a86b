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
import { createFlowAccumulator, DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import {
  canonicalJson,
  flowScopeJql,
  isValidDate,
  JqlRefinementError,
  stableHash,
} from '../domain/flow/jql-scope';
import { buildProjectFlowView, PROJECT_FLOW_SCHEMA_VERSION } from '../domain/flow/project-view';
import { reworkOf, stageLookup } from '../domain/flow/value-stream';
import type { IssueRework } from '../domain/flow/value-stream';
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from './errors';
import {
  currentGeneration,
  DEFAULT_FLOW_CACHE_MAX_AGE_MS,
  readFlowCache,
  writeFlowCache,
} from './flow-cache';
import { loadFlowIssues } from './load-flow-issues';
import type { JiraPort } from './ports/jira-port';
import type { FlowJobMessage, QueuePort } from './ports/queue-port';
import type { StorePort } from './ports/store-port';
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
    jql = flowScopeJql({
      projectKey: settings.projectKey,
      refinement: request.jql ?? '',
      issueTypes: [...(request.issueTypes ?? [])].sort(),
      createdBefore: addDays(to, 1),
      activeSince: from < windowStart ? from : windowStart,
    });
  } catch (error) {
    if (error instanceof JqlRefinementError) throw new FlowRequestError(error.message);
    throw error;
  }
  const percentiles = request.percentiles ?? settings.percentiles;
  const hash = stableHash(
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
  };
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
  options: { forecastTrials?: number; onProgress?: (loaded: number) => void | Promise<void> } = {},
): Promise<ProjectFlowView> {
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    mapping: settings.mapping,
    startPolicy: 'first',
    timeZone: settings.calendar.timeZone,
    asOfMs: plan.asOfMs,
    calendar: settings.calendar,
    windowDays: DEFAULT_WINDOW_DAYS,
  });
  const lookup = stageLookup(settings.mapping.stages);
  const includeSummaries = plan.request.includeSummaries ?? true;
  const summaries = new Map<string, string>();
  const rework = new Map<string, IssueRework>();
  let pending: Promise<void> = Promise.resolve();
  await loadFlowIssues(
    jira,
    plan.jql,
    (issue) => {
      accumulator.add(issue);
      const key = issue.key ?? '';
      if (includeSummaries && typeof issue.fields?.summary === 'string')
        summaries.set(key, issue.fields.summary);
      const r = reworkOf(issue, lookup);
      if (r.movedBack || r.visited.length > 0) rework.set(key, r);
    },
    (loaded) => {
      // Progress writes run one after another (each names the version the previous one wrote).
      const onProgress = options.onProgress;
      if (onProgress === undefined) return;
      pending = pending.then(() => onProgress(loaded));
      // Observed here so a failed write is not an unhandled rejection; `await pending` below rethrows it.
      pending.catch(() => undefined);
    },
  );
  await pending;
  const report = accumulator.finish();
  return buildProjectFlowView({
    report,
    projectKey: plan.projectKey,
    from: plan.from,
    to: plan.to,
    percentiles: plan.percentiles,
    calendar: settings.calendar,
    windowDays: DEFAULT_WINDOW_DAYS,
    forecastByDate: plan.request.forecast?.byDate ?? null,
    forecastItems: plan.request.forecast?.items ?? null,
    ...(options.forecastTrials === undefined ? {} : { forecastTrials: options.forecastTrials }),
    summaries,
    rework,
    issueTypes: plan.request.issueTypes ?? [],
    jql: plan.request.jql ?? null,
    mappingVersion: settings.version,
    mappingDerived: settings.derived,
    computedAtMs,
  });
}

/** What the store keeps per job under `flow-job:<jobId>`. */
export interface FlowJobState {
  readonly jobId: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly accountId: string | null;
  readonly hash: string;
  readonly request: ProjectFlowRequest;
  readonly defaultTimeZone: string | null;
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

async function startJob(
  store: StorePort,
  queue: QueuePort,
  plan: FlowPlan,
  total: number,
  nowMs: number,
  defaultTimeZone: string | null,
): Promise<{ jobId: string; progress: ProjectFlowProgress }> {
  const running = await store.get<{ jobId: string }>(runningKey(plan.projectId, plan.hash));
  if (running !== null) {
    const job = await store.get<FlowJobState>(jobKey(running.value.jobId));
    if (
      job !== null &&
      job.value.progress.phase !== 'failed' &&
      job.value.progress.phase !== 'done' &&
      nowMs - job.value.progress.updatedAtMs < JOB_STALL_MS
    )
      return { jobId: job.value.jobId, progress: job.value.progress };
  }
  const jobId = randomUUID();
  const progress: ProjectFlowProgress = { phase: 'queued', loaded: 0, total, updatedAtMs: nowMs };
  const state: FlowJobState = {
    jobId,
    projectId: plan.projectId,
    projectKey: plan.projectKey,
    accountId: plan.accountId,
    hash: plan.hash,
    request: plan.request,
    defaultTimeZone,
    progress,
    error: null,
  };
  await store.put<FlowJobState>(jobKey(jobId), state, null);
  const runKey = runningKey(plan.projectId, plan.hash);
  const previous = await store.get<{ jobId: string }>(runKey);
  await store.put(runKey, { jobId }, previous?.version ?? null);
  const message: ProjectFlowJobMessage = { kind: 'project-flow', jobId };
  await queue.push(message);
  return { jobId, progress };
}

/**
 * The project page's data: from the cache when fresh; otherwise computed now (≤ `syncIssueLimit` issues) or in
 * a queued job (`computing` with a job id). A stale cached view of a large project is answered right away with
 * `refreshJobId` while the job recomputes it.
 *
 * @throws FlowRequestError for a bad range or JQL; the Jira port's typed errors.
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
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_FLOW_CACHE_MAX_AGE_MS;
  const cached =
    request.refresh === true
      ? null
      : await readFlowCache<ProjectFlowView>(store, plan.projectId, plan.hash, nowMs, maxAgeMs);
  if (cached?.fresh === true) return { status: 'ready', view: { ...cached.value, cache: 'hit' } };

  if (options.queue !== undefined) {
    const total = (await jira.searchIssueIds(plan.jql)).length;
    if (total > (options.syncIssueLimit ?? DEFAULT_SYNC_ISSUE_LIMIT)) {
      const job = await startJob(store, options.queue, plan, total, nowMs, options.defaultTimeZone ?? null);
      if (cached !== null)
        return { status: 'ready', view: { ...cached.value, cache: 'hit' }, refreshJobId: job.jobId };
      return { status: 'computing', jobId: job.jobId, progress: job.progress };
    }
  }
  const generation = await currentGeneration(store, plan.projectId);
  const view = await computeProjectFlowView(jira, settings, plan, nowMs, {
    ...(options.forecastTrials === undefined ? {} : { forecastTrials: options.forecastTrials }),
  });
  await writeFlowCache(store, plan.projectId, plan.hash, view, nowMs, generation);
  return { status: 'ready', view };
}

/**
 * Runs a queued job (the queue consumer): loads and computes with progress written to the store every batch,
 * stores the view in the cache and marks the job done (or failed with an error code). `jiraFor(accountId)` is the
 * Jira port acting for the user who asked, so the cached view holds only issues that user may browse.
 */
export async function runProjectFlowJob(
  message: FlowJobMessage,
  deps: {
    readonly jiraFor: (accountId: string | null) => JiraPort;
    readonly store: StorePort;
    readonly clock: () => number;
    readonly forecastTrials?: number;
  },
): Promise<void> {
  const { store, clock } = deps;
  const stored = await store.get<FlowJobState>(jobKey(message.jobId));
  if (stored === null) return; // expired or never written: nothing to do
  let version = stored.version;
  let state = stored.value;
  const save = async (
    progress: Partial<ProjectFlowProgress>,
    error: FlowJobState['error'] = null,
  ): Promise<void> => {
    state = { ...state, progress: { ...state.progress, ...progress, updatedAtMs: clock() }, error };
    version = (await store.put<FlowJobState>(jobKey(state.jobId), state, version)).version;
  };
  try {
    const jira = deps.jiraFor(state.accountId);
    const settings = await getProjectFlowSettings(
      store,
      jira,
      state.projectKey,
      state.defaultTimeZone === null ? {} : { defaultTimeZone: state.defaultTimeZone },
    );
    const startedMs = clock();
    const plan = planProjectFlow(settings, state.request, startedMs, state.accountId);
    const generation = await currentGeneration(store, plan.projectId);
    await save({ phase: 'loading' });
    const view = await computeProjectFlowView(jira, settings, plan, startedMs, {
      ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
      onProgress: (loaded) => save({ loaded }),
    });
    await save({ phase: 'computing' });
    await writeFlowCache(store, plan.projectId, plan.hash, view, startedMs, generation);
    // The plan's hash may differ from the job's when the settings changed in between; the job answers with its own.
    state = { ...state, hash: plan.hash };
    await save({ phase: 'done', loaded: view.summary.issuesLoaded });
  } catch (error) {
    await save({ phase: 'failed' }, { code: flowErrorCode(error), detail: flowErrorDetail(error) });
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
  if (state.progress.phase === 'failed')
    return { status: 'failed', jobId, error: state.error ?? { code: 'internal', detail: 'The job failed.' } };
  if (state.progress.phase === 'done') {
    const cached = await readFlowCache<ProjectFlowView>(store, state.projectId, state.hash, clock());
    if (cached === null)
      return {
        status: 'failed',
        jobId,
        error: { code: 'internal', detail: 'The computed view is no longer cached.' },
      };
    return { status: 'ready', view: { ...cached.value, cache: 'hit' } };
  }
  if (clock() - state.progress.updatedAtMs > JOB_STALL_MS)
    return {
      status: 'failed',
      jobId,
      error: { code: 'internal', detail: 'The job stopped making progress.' },
    };
  return { status: 'computing', jobId, progress: state.progress };
}
