/**
 * Use case of the project flow page: settings → bounded JQL → the user's issue ids → their flow facts (issue 13) →
 * one engine report → view. No per-user cache of whole views and no queued job: every view is computed from the
 * flow facts store. (Views cached per user under `flow-cache:` / `flow-cache-user:` keys and jobs under
 * `flow-job:` / `flow-running:` keys by earlier versions stay unread and expire with their TTL; no migration.)
 */
import type { ProjectFlowAnswer, ProjectFlowRequest } from '../contract/project-flow';
import { notingCatchUp } from './flow-facts-lookup';
import type { JiraPort } from './ports/jira-port';
import type { StorePort } from './ports/store-port';
import { factsReadiness, type FlowFactsViews } from './project-flow-facts';
import { planProjectFlow } from './project-flow-plan';
import { computeProjectFlowView } from './project-flow-view';
import { getProjectFlowSettings } from './project-settings';

// Planning, view and facts readiness live in their own modules; this one keeps the page's use case and every
// import path.
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
export { computeProjectFlowView } from './project-flow-view';

export interface ProjectFlowOptions {
  /** Time zone of the default calendar when the project has no saved settings (e.g. the user's). */
  readonly defaultTimeZone?: string;
  /** Monte Carlo trials (default 10,000). */
  readonly forecastTrials?: number;
}

/**
 * The project page's data (issue 13): computed now from the flow facts when the project's are ready (the request's
 * range, JQL and issue types apply through the id search, which runs as the user), else `backfilling` with the
 * backfill's progress (the backfill started), or `failed` when it could not be built.
 *
 * @throws FlowRequestError for a bad range or JQL; the Jira port's typed errors.
 */
export async function getProjectFlow(
  jira: JiraPort,
  store: StorePort,
  projectKey: string,
  request: ProjectFlowRequest,
  clock: () => number,
  facts: FlowFactsViews,
  options: ProjectFlowOptions = {},
): Promise<ProjectFlowAnswer> {
  const reader = facts.reader;
  const settings = await getProjectFlowSettings(store, jira, projectKey, {
    ...(options.defaultTimeZone === undefined ? {} : { defaultTimeZone: options.defaultTimeZone }),
    // A ready project's workflow statuses are stored with its facts: no status request for the default mapping.
    ...(reader.workflowStatuses === undefined
      ? {}
      : { storedStatuses: (key: string) => reader.workflowStatuses?.(key) ?? Promise.resolve(null) }),
  });
  const nowMs = clock();
  const plan = planProjectFlow(settings, request, nowMs);
  const readiness = await factsReadiness(facts, settings.projectId, settings.projectKey);
  if (!readiness.ready) return readiness.answer;
  const noting = notingCatchUp(reader);
  const view = await computeProjectFlowView(jira, settings, plan, nowMs, noting.reader, {
    ...(options.forecastTrials === undefined ? {} : { forecastTrials: options.forecastTrials }),
  });
  // Facts of a project catching up after dropped events are used (not all loaded live): the page says so.
  return { status: 'ready', view: noting.catchingUp() ? { ...view, factsCatchingUp: true } : view };
}
