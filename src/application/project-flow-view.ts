/**
 * The project flow page's view: computed from one flow measurement of a plan, cached per user, and read back
 * (the issue panel reads the user's newest whole-project view).
 */
import type { ProjectFlowRequest, ProjectFlowView } from '../contract/project-flow';
import { DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import * as v from 'valibot';
import { buildProjectFlowView, PROJECT_FLOW_SCHEMA_VERSION } from '../domain/flow/project-view';
import { fitProjectFlowView } from '../domain/flow/project-view-fit';
import {
  ownerKeyOf,
  readFlowCache,
  rememberUserView,
  userViewPointer,
  writeFlowCache,
  type FlowCacheEntryRef,
} from './flow-cache';
import { measureFlow } from './flow-measurement';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';
import type { StorePort } from './ports/store-port';
import type { FlowPlan } from './project-flow-plan';
import type { ProjectFlowSettings } from './project-settings';

/** The cache entry of a plan's view. */
export function entryOf(plan: FlowPlan, hash = plan.hash): FlowCacheEntryRef {
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
export async function cacheView(
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
 * the project's mapping and calendar), fitted into one resolver answer ({@link fitProjectFlowView}).
 * `onProgress(loaded)` after each batch of 1,000 issues.
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
    /** Measure the plan's JQL from the flow facts store (ids searched as the user; issue 13). */
    facts?: FlowFactsReader;
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
    ...(options.facts === undefined ? {} : { facts: options.facts }),
  });
  // One resolver answer holds at most 5 MB: a view over tens of thousands of issues gives up summaries, then rows.
  return fitProjectFlowView(
    buildProjectFlowView({
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
    }),
  );
}
