/**
 * Use case of the project flow page: settings → bounded JQL → the user's issue ids → their flow facts (issue 13) →
 * one engine report → view. Without the flow facts store (the CLI's and older tests' path): streamed issues with a
 * per-user cache in the store and, for projects too large for one resolver call, a background job in the queue.
 */
import type { ProjectFlowAnswer, ProjectFlowRequest } from '../contract/project-flow';
import { DEFAULT_FLOW_CACHE_MAX_AGE_MS, readFlowCache } from './flow-cache';
import type { JiraPort } from './ports/jira-port';
import type { QueuePort } from './ports/queue-port';
import type { StorePort } from './ports/store-port';
import { factsReadiness, type FlowFactsViews } from './project-flow-facts';
import { failedAnswer, MAX_JOB_ISSUES, runningJob, startJob } from './project-flow-jobs';
import { FlowRequestError, planProjectFlow } from './project-flow-plan';
import { cacheView, computeProjectFlowView, entryOf, isProjectFlowView } from './project-flow-view';
import { getProjectFlowSettings } from './project-settings';

// Planning, view and jobs live in their own modules; this one keeps the page's use case and every import path.
export {
  DEFAULT_RANGE_DAYS,
  flowErrorCode,
  flowErrorDetail,
  FlowRequestError,
  MAX_RANGE_DAYS,
  planProjectFlow,
} from './project-flow-plan';
export type { FlowPlan } from './project-flow-plan';
export { backfillProgressOf, factsReadiness } from './project-flow-facts';
export type { FlowFactsViews } from './project-flow-facts';
export { computeProjectFlowView, isProjectFlowView, readUserProjectView } from './project-flow-view';
export {
  getFlowJob,
  JOB_CACHE_RETRY_WAITS_MS,
  JOB_ID_CHUNK,
  JOB_STALL_MS,
  JOB_TTL_SECONDS,
  MAX_JOB_ISSUES,
  runProjectFlowJob,
} from './project-flow-jobs';
export type { FlowJobState, JobIssueIds, ProjectFlowJobMessage } from './project-flow-jobs';

/**
 * Issues computed inside the resolver call; more go to the queue. Loading runs at ~100 issues per search request
 * plus one bulk changelog request per 1,000: 3,000 issues are ~33 requests, well inside 25 s.
 */
export const DEFAULT_SYNC_ISSUE_LIMIT = 3000;
/**
 * Longest a cached view with a JQL refinement is served: its JQL may name any field (labels, assignee, sprint…),
 * and changes of those pass no trigger filter (which lets through only the fields every view depends on).
 */
export const REFINED_VIEW_MAX_AGE_MS = 15 * 60_000;

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
  /**
   * The flow facts store (issue 13). Given, views are computed from the facts every time (no per-user cache, no
   * queued job): `ready` when the project's facts are ready, else `backfilling` while its backfill runs.
   */
  readonly facts?: FlowFactsViews;
}

/**
 * The project page's data. With `options.facts` (issue 13): computed now from the flow facts when the project's
 * are ready, else `backfilling` (the backfill started). Without: from the cache when fresh; otherwise computed now (≤ `syncIssueLimit` issues) or in
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
  const reader = options.facts?.reader;
  const settings = await getProjectFlowSettings(store, jira, projectKey, {
    ...(options.defaultTimeZone === undefined ? {} : { defaultTimeZone: options.defaultTimeZone }),
    // A ready project's workflow statuses are stored with its facts: no status request for the default mapping.
    ...(reader?.workflowStatuses === undefined
      ? {}
      : { storedStatuses: (key: string) => reader.workflowStatuses?.(key) ?? Promise.resolve(null) }),
  });
  const nowMs = clock();
  const plan = planProjectFlow(settings, request, nowMs, options.accountId ?? null);
  if (options.facts !== undefined) {
    const readiness = await factsReadiness(options.facts, settings.projectId, settings.projectKey);
    if (!readiness.ready) return readiness.answer;
    // The request's range, JQL and issue types apply through the id search, which runs as the user.
    const view = await computeProjectFlowView(jira, settings, plan, nowMs, {
      ...(options.forecastTrials === undefined ? {} : { forecastTrials: options.forecastTrials }),
      facts: options.facts.reader,
    });
    return { status: 'ready', view };
  }
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
