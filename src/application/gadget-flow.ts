/**
 * Use cases of the flow gadget: its stored configuration (per dashboard and gadget, both from Forge's context,
 * optimistic versions, saved only by people who may edit the dashboard) and its metric with trend, computed from
 * one engine report of the scope's recent issues from the flow facts store (issue 13), every time it is asked for.
 * (Gadget views cached per user under `flow-cache:` keys by earlier versions stay unread and expire with their TTL.)
 */
import type {
  GadgetConfig,
  GadgetConfigAnswer,
  GadgetFlowAnswer,
  GadgetFlowView,
  SaveGadgetConfigAnswer,
} from '../contract/gadget';
import { addDays, localDate } from '../domain/flow/calendar';
import { gadgetMetric } from '../domain/flow/gadget-metric';
import { flowScopeJql, JqlRefinementError, stableHash } from '../domain/flow/jql-scope';
import type { JiraStatusRef, WorkingCalendar, WorkflowMapping } from '../domain/flow/types';
import { measureFlow, scopeJql } from './flow-measurement';
import { JiraAccessError } from './errors';
import type { JiraDashboardPort, JiraPort } from './ports/jira-port';
import { StoreConflictError } from './ports/store-port';
import type { StorePort } from './ports/store-port';
import { FlowRequestError } from './project-flow';
import { factsReadiness, type FlowFactsViews } from './project-flow-facts';
import { getProjectFlowSettings } from './project-settings';

/** Most issues a gadget computes over (the scope's issues active in both periods); more: narrow the scope. */
export const MAX_GADGET_ISSUES = 5000;

/** No configuration is stored for the gadget (answered `not-found`; the UI shows the edit view). */
export class GadgetNotConfiguredError extends Error {
  override readonly name = 'GadgetNotConfiguredError';
}

/**
 * The store key of a gadget's configuration: `gadget:<id>`. Forge KVS keys allow only `a-z A-Z 0-9 : . _ - #` and
 * spaces, so an id with other characters (a Forge localId has `/`) is stored under its hash: `gadget:h-<hash>`.
 */
export function gadgetStoreKey(gadgetId: string): string {
  return /^[A-Za-z0-9:._-]+$/.test(gadgetId) ? `gadget:${gadgetId}` : `gadget:h-${stableHash(gadgetId)}`;
}

/**
 * A gadget as Forge's context names it (`extension.dashboard.id`, `extension.gadget.id`), never as the browser's
 * payload does. Both ids match `^[A-Za-z0-9._-]{1,100}$` (checked where the context is read), so the pair keys
 * the store unambiguously.
 */
export interface GadgetRef {
  readonly dashboardId: string;
  readonly gadgetId: string;
}

/** The user may not change this gadget: the dashboard is not theirs to edit (answered `forbidden`). */
export class GadgetEditForbiddenError extends Error {
  override readonly name = 'GadgetEditForbiddenError';
}

/**
 * The store key of a gadget's configuration: `gadget:<dashboard id>:<gadget id>`. Keyed by the dashboard as well,
 * so a context that pairs another dashboard with a gadget's id reaches a different key, not that gadget's.
 */
export function gadgetConfigStoreKey(gadget: GadgetRef): string {
  return gadgetStoreKey(`${gadget.dashboardId}:${gadget.gadgetId}`);
}

/** The stored configuration of a gadget and its version (null/null when never saved). */
export async function getGadgetConfig(store: StorePort, gadget: GadgetRef): Promise<GadgetConfigAnswer> {
  const stored = await store.get<GadgetConfig>(gadgetConfigStoreKey(gadget));
  return stored === null
    ? { config: null, version: null }
    : { config: stored.value, version: stored.version };
}

/**
 * Whether the acting user may edit the gadget's dashboard, as Jira says (`isWritable` of the dashboard read as
 * the user; a dashboard Jira does not show them counts as not editable).
 *
 * @throws GadgetEditForbiddenError when not; the Jira port's other typed errors.
 */
export async function requireDashboardEditable(
  dashboards: JiraDashboardPort,
  gadget: GadgetRef,
): Promise<void> {
  let writable: boolean;
  try {
    writable = (await dashboards.getDashboard(gadget.dashboardId)).isWritable;
  } catch (error) {
    if (error instanceof JiraAccessError && error.status === 404) writable = false;
    else throw error;
  }
  if (!writable)
    throw new GadgetEditForbiddenError(
      `You may not edit dashboard ${gadget.dashboardId}, so you cannot change its gadgets' settings. ` +
        "Ask the dashboard's owner to share it with you for editing.",
    );
}

/**
 * Saves a gadget's configuration if the user may edit its dashboard ({@link requireDashboardEditable}) and nobody
 * saved since `expectedVersion` was read; otherwise answers `conflict` with what is stored now. The JQL is checked
 * first ({@link FlowRequestError}).
 */
export async function saveGadgetConfig(
  store: StorePort,
  dashboards: JiraDashboardPort,
  gadget: GadgetRef,
  config: GadgetConfig,
  expectedVersion: number | null,
): Promise<SaveGadgetConfigAnswer> {
  if (config.scope.kind === 'jql') {
    try {
      flowScopeJql({
        projectKey: null,
        refinement: config.scope.jql,
        issueTypes: [],
        createdBefore: '2000-01-01',
        activeSince: null,
      });
    } catch (error) {
      if (error instanceof JqlRefinementError) throw new FlowRequestError(error.message);
      throw error;
    }
  }
  await requireDashboardEditable(dashboards, gadget);
  try {
    const { version } = await store.put<GadgetConfig>(gadgetConfigStoreKey(gadget), config, expectedVersion);
    return { status: 'saved', version };
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    return { status: 'conflict', current: await getGadgetConfig(store, gadget) };
  }
}

interface GadgetScopeSettings {
  /** The project's id; null for a JQL across projects. */
  readonly projectId: string | null;
  readonly projectKey: string | null;
  readonly refinement: string;
  readonly mapping: WorkflowMapping | null;
  readonly calendar: WorkingCalendar;
  readonly version: number | null;
}

async function scopeSettings(
  jira: JiraPort,
  store: StorePort,
  config: GadgetConfig,
  defaultTimeZone: string,
  /** A ready project's workflow statuses stored with its facts (issue 13): no status request without a mapping. */
  storedStatuses?: (projectKey: string) => Promise<readonly JiraStatusRef[] | null>,
): Promise<GadgetScopeSettings> {
  const projectKey = config.scope.projectKey ?? null;
  const refinement = config.scope.kind === 'jql' ? config.scope.jql : '';
  if (projectKey === null) {
    // A JQL across projects: stages from Jira's status categories, Monday–Friday in the user's time zone.
    return {
      projectId: null,
      projectKey: null,
      refinement,
      mapping: null,
      calendar: { timeZone: defaultTimeZone, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
      version: null,
    };
  }
  const settings = await getProjectFlowSettings(store, jira, projectKey, {
    defaultTimeZone,
    ...(storedStatuses === undefined ? {} : { storedStatuses }),
  });
  return {
    projectId: settings.projectId,
    projectKey: settings.projectKey,
    refinement,
    mapping: settings.mapping,
    calendar: settings.calendar,
    version: settings.version,
  };
}

/**
 * The gadget's view: the configured metric over the last `periodDays` days and the period before, as of now.
 * Config from the request (edit preview) or the store.
 *
 * Measured from the flow facts of the ids the user's search returns, every time (issue 13: no cache). A gadget of a
 * project whose facts are not ready answers the backfill's progress (and starts it); a JQL across projects is
 * measured at once (issues of projects without facts are loaded live, at most {@link MAX_GADGET_ISSUES} in all).
 *
 * @throws GadgetNotConfiguredError; FlowRequestError (bad JQL, scope too large); the Jira port's typed errors.
 */
export async function getGadgetFlow(
  jira: JiraPort,
  store: StorePort,
  gadget: GadgetRef,
  requestConfig: GadgetConfig | undefined,
  clock: () => number,
  /** The flow facts store and the backfill starter (issue 13). */
  facts: FlowFactsViews,
  options: { readonly defaultTimeZone?: string } = {},
): Promise<GadgetFlowAnswer> {
  const { gadgetId } = gadget;
  const config = requestConfig ?? (await getGadgetConfig(store, gadget)).config;
  if (config === null) throw new GadgetNotConfiguredError(`Gadget ${gadgetId} has no configuration yet.`);
  const reader = facts.reader;
  const scope = await scopeSettings(
    jira,
    store,
    config,
    options.defaultTimeZone ?? 'UTC',
    reader.workflowStatuses === undefined
      ? undefined
      : (key) => reader.workflowStatuses?.(key) ?? Promise.resolve(null),
  );
  const nowMs = clock();
  const tz = scope.calendar.timeZone;
  const today = localDate(nowMs, tz);
  let jql: string;
  try {
    jql =
      scopeJql(
        scope.projectKey === null
          ? { kind: 'jql', jql: scope.refinement }
          : { kind: 'project', projectKey: scope.projectKey, refinement: scope.refinement },
        { activeSince: addDays(today, -2 * config.periodDays - 1), to: today },
      ) ?? '';
  } catch (error) {
    if (error instanceof JqlRefinementError) throw new FlowRequestError(error.message);
    throw error;
  }
  if (scope.projectId !== null && scope.projectKey !== null) {
    const readiness = await factsReadiness(facts, scope.projectId, scope.projectKey);
    if (!readiness.ready) {
      if (readiness.answer.status === 'backfilling')
        return { status: 'backfilling', gadgetId, config, progress: readiness.answer.progress };
      const detail = readiness.answer.status === 'failed' ? readiness.answer.error.detail : '';
      throw new Error(detail);
    }
  }
  const measured = await measureFlow(jira, {
    scope: { kind: 'jql', jql },
    period: null, // bounded above
    mapping: scope.mapping,
    calendar: scope.calendar,
    asOfMs: nowMs,
    facts: reader,
    // A project with ready facts costs id pages only; a JQL across projects may load issues live.
    ...(scope.projectId === null ? { maxIssues: MAX_GADGET_ISSUES } : {}),
  });
  if (measured.truncated) throw tooManyIssues(`more than ${String(MAX_GADGET_ISSUES)}`);
  const result = gadgetMetric(measured.facts, config.metric, config.percentile, config.periodDays);
  const view: GadgetFlowView = {
    gadgetId,
    config,
    unit: config.metric === 'cycleTime' || config.metric === 'leadTime' ? 'days' : 'items',
    current: result.current.value,
    previous: result.previous.value,
    trend: result.trend,
    improving: result.improving,
    change: result.change,
    sampleSize: { current: result.current.sampleSize, previous: result.previous.sampleSize },
    period: result.period,
    spark: result.spark,
    timeZone: tz,
    asOfMs: nowMs,
    computedAtMs: nowMs,
    issuesLoaded: measured.loaded,
  };
  return view;
}

function tooManyIssues(count: string): FlowRequestError {
  return new FlowRequestError(
    `The gadget's scope has ${count} recently active issues (at most ${String(MAX_GADGET_ISSUES)}): narrow the JQL or shorten the period.`,
  );
}
