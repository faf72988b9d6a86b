/**
 * The flow measurement service: flow facts for a scope and a period, loaded from Jira at the request floor
 * (search pages of 100, one bulk changelog fetch per 1,000 issues) and measured by the one engine. The project
 * page, the gadget, the issue panel's standing and the CLI's `--site` measure through it; OKR key results and
 * effect checks are meant to (a scope, a period, a mapping and an instant in, facts in epoch ms out).
 *
 * Instants stay epoch milliseconds here; ISO strings exist only at the wire (the resolver contracts, the CLI).
 */
import { addDays, localDate } from '../domain/flow/calendar';
import { createFlowAccumulator, DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import { flowScopeJql, JqlRefinementError } from '../domain/flow/jql-scope';
import type {
  FlowFacts,
  FlowOptions,
  JiraIssueInput,
  JiraStatusRef,
  MetricsMode,
  StartPolicy,
  WorkflowMapping,
  WorkingCalendar,
} from '../domain/flow/types';
import { feedIssuesFromFacts } from './flow-measurement-facts';
import { loadFlowIssues, loadIssuesByIds } from './load-flow-issues';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';

/**
 * What to measure:
 * - `project`: a project's issues, optionally refined by a JQL condition and issue types;
 * - `jql`: the issues of a JQL query (any projects);
 * - `issues`: exactly these issue ids (read as the user; the queue consumer loads them as the app), optionally
 *   only while they are still in `projectId`.
 */
export type FlowScope =
  | {
      readonly kind: 'project';
      readonly projectKey: string;
      readonly refinement?: string;
      readonly issueTypes?: readonly string[];
    }
  | { readonly kind: 'jql'; readonly jql: string }
  | { readonly kind: 'issues'; readonly issueIds: readonly string[]; readonly projectId?: string };

/**
 * The local days the measurement is about (`YYYY-MM-DD`, inclusive, in the calendar's time zone): only issues
 * created before the day after `to` and not resolved before `activeSince` are loaded (the request floor).
 */
export interface FlowPeriod {
  /** null: however long ago they were resolved. */
  readonly activeSince: string | null;
  readonly to: string;
}

export interface MeasureFlowRequest {
  readonly scope: FlowScope;
  /**
   * null: the scope as it is (the CLI measures exactly the JQL it is given; a project: all its issues created up
   * to asOf's day).
   */
  readonly period: FlowPeriod | null;
  /**
   * The stages; null: the ITSM-aware defaults (FLOW-METRICS.md §2) of the statuses of the projects the loaded
   * issues belong to (their workflows, one Jira request per project), as the status mapping page derives them.
   */
  readonly mapping: WorkflowMapping | null;
  /** Working calendar; its time zone sets the day boundaries. */
  readonly calendar: WorkingCalendar;
  /** The instant measured at, epoch ms (changes after it are not yet known). */
  readonly asOfMs: number;
  /** Defaults: canonical, `first`, 90 days, seed 1. */
  readonly mode?: MetricsMode;
  readonly startPolicy?: StartPolicy;
  readonly windowDays?: number;
  readonly seed?: number;
  /** The Monte Carlo questions (`FlowOptions.forecast`). */
  readonly forecast?: FlowOptions['forecast'];
  /** Keep the issues' summaries (the project page lists them). Default false. */
  readonly includeSummaries?: boolean;
  /** Measure at most this many issues (the first in search order); loading stops at the next one. */
  readonly maxIssues?: number;
  /** Told of every loaded issue (e.g. to collect project keys); the issue is not kept by the service. */
  readonly onIssue?: (issue: JiraIssueInput) => void;
  /** Told after each batch of up to 1,000 issues with the number loaded so far; awaited in order. */
  readonly onProgress?: (loaded: number) => void | Promise<void>;
  /**
   * The flow facts store (issue 13). Given, a `project` or `jql` scope is searched for ids and keys only (as the
   * caller of `jira`: what they may see) and measured from the stored facts of those ids; ids without usable
   * facts are loaded from Jira at their search position. The numbers equal the live path's. An `issues` scope is
   * always loaded live: its ids come without keys, and the store finds a project's facts by the key.
   */
  readonly facts?: FlowFactsReader;
}

export interface FlowMeasurement {
  /** The engine's facts: per issue (instants in ms, rework) and the aggregates. */
  readonly facts: FlowFacts;
  /** Per issue key its summary; empty unless asked for. */
  readonly summaries: ReadonlyMap<string, string>;
  /** Issues loaded from Jira and measured. */
  readonly loaded: number;
  /** The scope had more than `maxIssues` issues; only the first were measured. */
  readonly truncated: boolean;
  /** The JQL searched (null for an `issues` scope). */
  readonly jql: string | null;
}

/** Project key of an issue key (`HD-42` → `HD`); null when the key has no project part. */
export function projectKeyOf(issueKey: string): string | null {
  const dash = issueKey.lastIndexOf('-');
  return dash > 0 ? issueKey.slice(0, dash) : null;
}

/**
 * The JQL a scope and period load: the scope bounded to issues created before the day after `to` and active
 * since `activeSince` ({@link flowScopeJql}); a `jql` scope without a period as it is. Null for an `issues` scope.
 *
 * @throws JqlRefinementError for a refinement or JQL the app refuses (also an empty JQL scope); RangeError for a
 *   project without a period.
 * @example
 * scopeJql({ kind: 'project', projectKey: 'HD' }, { activeSince: '2026-01-01', to: '2026-03-02' })
 * // 'project = "HD" AND created < "2026-03-03" AND (statusCategory in (2, 4) OR updated >= "2026-01-01") ORDER BY created ASC'
 */
export function scopeJql(scope: FlowScope, period: FlowPeriod | null): string | null {
  if (scope.kind === 'issues') return null;
  // Without a condition the scope is every issue of the site the reader can see (bounded only by the period).
  if (scope.kind === 'jql' && scope.jql.trim() === '')
    throw new JqlRefinementError('A JQL scope needs a condition (for example project = HD); it is empty.');
  if (scope.kind === 'jql' && period === null) return scope.jql;
  // A project without a period would be unbounded: callers give one (measureFlow: up to asOf's day).
  if (period === null) throw new RangeError('A project scope needs a period.');
  return flowScopeJql({
    projectKey: scope.kind === 'project' ? scope.projectKey : null,
    refinement: scope.kind === 'project' ? (scope.refinement ?? '') : scope.jql,
    issueTypes: scope.kind === 'project' ? [...(scope.issueTypes ?? [])].sort() : [],
    createdBefore: addDays(period.to, 1),
    activeSince: period.activeSince,
  });
}

/**
 * Measures a scope: loads its issues (streamed, at most 1,000 held at a time) into one engine accumulator and
 * returns the facts. Jira requests: ⌈n / 100⌉ search pages, one field list, ⌈n / 1,000⌉ bulk changelog fetches,
 * plus, without a mapping, one status list per project of the loaded issues. With `request.facts` (a project or
 * JQL scope): ⌈n / 5,000⌉ id pages, plus the live loads of issues without usable facts (see
 * {@link feedIssuesFromFacts}), plus the status lists of projects whose facts are not ready (a ready project's
 * list is stored with its facts: `FlowFactsReader.workflowStatuses`).
 *
 * @throws JqlRefinementError (bad refinement), FlowOptionsError (time zone), MappingError (mapping), the Jira
 *   port's typed errors.
 * @example
 * const { facts } = await measureFlow(jira, {
 *   scope: { kind: 'project', projectKey: 'HD' }, period: { activeSince: '2026-01-01', to: '2026-03-31' },
 *   mapping: settings.mapping, calendar: settings.calendar, asOfMs: Date.now(),
 * });
 * facts.issues.find((i) => i.key === 'HD-1')?.flowEfficiency;
 */
export async function measureFlow(jira: JiraPort, request: MeasureFlowRequest): Promise<FlowMeasurement> {
  const period =
    request.period ??
    (request.scope.kind === 'project'
      ? { activeSince: null, to: localDate(request.asOfMs, request.calendar.timeZone) }
      : null);
  const jql = scopeJql(request.scope, period);
  const accumulator = createFlowAccumulator({
    mode: request.mode ?? 'canonical',
    ...(request.mapping === null ? {} : { mapping: request.mapping }),
    startPolicy: request.startPolicy ?? 'first',
    timeZone: request.calendar.timeZone,
    asOfMs: request.asOfMs,
    calendar: request.calendar,
    windowDays: request.windowDays ?? DEFAULT_WINDOW_DAYS,
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.forecast === undefined ? {} : { forecast: request.forecast }),
  });
  const summaries = new Map<string, string>();
  const projectKeys = new Set<string>();
  const maxIssues = request.maxIssues ?? Number.POSITIVE_INFINITY;
  let truncated = false;
  const onIssue = (issue: JiraIssueInput): void => {
    if (accumulator.count >= maxIssues) {
      truncated = true;
      throw new LimitReached();
    }
    accumulator.add(issue);
    const key = issue.key ?? '';
    if (request.includeSummaries === true && typeof issue.fields?.summary === 'string')
      summaries.set(key, issue.fields.summary);
    if (request.mapping === null) {
      const project = projectKeyOf(key);
      if (project !== null) projectKeys.add(project);
    }
    request.onIssue?.(issue);
  };
  let pending: Promise<void> = Promise.resolve();
  const onLoaded = (loaded: number): void => {
    // Progress reports run one after another (e.g. store writes that each name the version the previous wrote).
    const onProgress = request.onProgress;
    if (onProgress === undefined) return;
    pending = pending.then(() => onProgress(loaded));
    // Observed here so a failed report is not an unhandled rejection; `await pending` below rethrows it.
    pending.catch(() => undefined);
  };
  const scope = request.scope;
  try {
    if (scope.kind === 'issues')
      await loadIssuesByIds(jira, scope.issueIds, onIssue, onLoaded, scope.projectId);
    else if (request.facts !== undefined)
      await feedIssuesFromFacts(
        jira,
        request.facts,
        jql ?? '',
        onIssue,
        onLoaded,
        // One id more than measured tells the limit was reached; no further id page is read.
        Number.isFinite(maxIssues) ? maxIssues + 1 : undefined,
      );
    else await loadFlowIssues(jira, jql ?? '', onIssue, onLoaded);
  } catch (error) {
    if (!(error instanceof LimitReached)) throw error;
  }
  await pending;
  if (request.mapping === null) {
    // The projects' workflows name every status with its category, also those no issue is in now, in Jira's
    // order: the defaults then equal the status mapping page's.
    if (scope.kind === 'project') projectKeys.add(scope.projectKey);
    for (const projectKey of projectKeys) {
      // From facts, a ready project's list comes from the store (kept current by its backfill, flushes and the
      // nightly reconcile: see flow-facts-statuses.ts); the live path and an issues scope ask Jira.
      const stored =
        request.facts === undefined || scope.kind === 'issues'
          ? null
          : ((await request.facts.workflowStatuses?.(projectKey)) ?? null);
      accumulator.addKnownStatuses(stored ?? (await projectStatuses(jira, projectKey)));
    }
  }
  const loaded = accumulator.count;
  return { facts: accumulator.finishFacts(), summaries, loaded, truncated, jql };
}

/** Thrown inside the issue callback to stop loading at `maxIssues`. */
class LimitReached extends Error {}

async function projectStatuses(jira: JiraPort, projectKey: string): Promise<JiraStatusRef[]> {
  return (await jira.listProjectStatuses(projectKey)).flatMap((perType) => perType.statuses);
}
