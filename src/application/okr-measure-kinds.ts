/**
 * How each measured kind of key result gets its value from Jira (OKR.md "How key results get their values"):
 * flow metrics through the flow measurement service, issue counts and issue progress through ids-only searches
 * (pages of 5,000 ids, the cheapest search Jira has), CSAT through the service desk's ratings of the requests the
 * scope resolved (`csat.ts`). The Jira port acts as whoever measures: the user on demand
 * (so nobody measures issues they cannot see), the app in the daily run. Every value is an aggregate; no issue is
 * named in it.
 */
import { addDays, defaultCalendar } from '../domain/flow/calendar';
import { jqlString } from '../domain/flow/jql-scope';
import type { WorkflowMapping, WorkingCalendar } from '../domain/flow/types';
import {
  createdWithinJql,
  flowMetricValue,
  ratePerInterval,
  requiredJql,
  type MeasuredSpan,
} from '../domain/okr/measure';
import { issueProgress } from '../domain/okr/progress';
import type { KeyResultKind, MeasurementScope } from '../domain/okr/types';
import { CSAT_MAX_REQUESTS, measureCsat } from './csat';
import { JiraBadRequestError } from './errors';
import { measureFlow } from './flow-measurement';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';
import type { JiraServiceDeskPort } from './ports/service-desk-port';
import type { StorePort } from './ports/store-port';
import { getProjectFlowSettings } from './project-settings';

/** Most issues one flow measurement loads (as the flow gadget): more, and the scope is too wide to measure in time. */
export const OKR_MEASURE_MAX_FLOW_ISSUES = 5000;
/** Linked issue ids named in one search (`issuekey in (…)`): keeps each JQL a few KiB long. */
export const OKR_MEASURE_ID_CHUNK = 1000;
/** Jira's status category Done by id: the same in every language. */
const DONE_CATEGORY_JQL = 'statusCategory = 3';

/** Why a key result could not be measured (the resolver answers `measure-failed` naming it). */
export type MeasureFailureCause =
  'invalid-jql' | 'no-value' | 'too-many-issues' | 'not-measured' | 'not-started' | 'scope-not-found';

/** The key result cannot be measured now; the message names the cause and what to do (English). */
export class KeyResultMeasureError extends Error {
  override readonly name = 'KeyResultMeasureError';
  constructor(
    readonly failure: MeasureFailureCause,
    message: string,
  ) {
    super(message);
  }
}

/** One measured value with the number of issues it was computed from. */
export interface KindValue {
  /** In the key result's unit; null when the span gives none (e.g. no issue finished yet). */
  readonly value: number | null;
  /** Issues the value counted (loaded, counted or linked and visible). */
  readonly issueCount: number;
}

/** What measuring a kind needs. */
export interface KindDeps {
  readonly jira: JiraPort;
  readonly store: StorePort;
  /**
   * Jira Service Management as whoever measures (CSAT key results). Absent: the Jira client's own JSM calls when it
   * has them (the app's client does: `adapters/jira/jira-client.ts`).
   */
  readonly serviceDesk?: Pick<JiraServiceDeskPort, 'getRequestFeedback'>;
  /**
   * The flow facts store (issue 13): flow metrics are measured from the stored facts of the ids the scope's search
   * returns (as whoever measures), issues without facts loaded live. Absent: everything loaded from Jira.
   */
  readonly facts?: FlowFactsReader;
}

/** Whether a Jira client also reads JSM ratings (the app's client does; fakes of the platform port may not). */
function speaksServiceDesk(jira: object): jira is Pick<JiraServiceDeskPort, 'getRequestFeedback'> {
  return typeof (jira as { getRequestFeedback?: unknown }).getRequestFeedback === 'function';
}

/** The stages and calendar a flow-metric key result is measured with, in its period's time zone. */
interface FlowSetup {
  readonly mapping: WorkflowMapping | null;
  readonly calendar: WorkingCalendar;
}

/**
 * A project scope takes the project's saved status mapping and working calendar (as its project page does; the
 * defaults derived from its workflows when none is saved); a JQL scope the defaults of the loaded issues'
 * projects. Either way the days are the period's: the calendar's zone is the period's zone.
 */
async function flowSetup(deps: KindDeps, scope: MeasurementScope, timeZone: string): Promise<FlowSetup> {
  if (scope.type === 'jql') return { mapping: null, calendar: defaultCalendar(timeZone) };
  const settings = await getProjectFlowSettings(deps.store, deps.jira, scope.projectKey, {
    defaultTimeZone: timeZone,
  });
  return { mapping: settings.mapping, calendar: { ...settings.calendar, timeZone } };
}

/**
 * A flow metric over the days of `span` ({@link flowMetricValue}). The issues loaded are the scope's created
 * before the day after the span and active since the day before it: Jira reads those JQL dates in the searching
 * user's zone, so a day's margin on each side keeps every issue of the span's local days; the engine's instants
 * then decide exactly.
 *
 * @throws KeyResultMeasureError `too-many-issues` beyond {@link OKR_MEASURE_MAX_FLOW_ISSUES}.
 */
export async function measureFlowMetric(
  deps: KindDeps,
  kind: Extract<KeyResultKind, { type: 'flowMetric' }>,
  span: MeasuredSpan,
  timeZone: string,
): Promise<KindValue> {
  const setup = await flowSetup(deps, kind.scope, timeZone);
  const measured = await measureFlow(deps.jira, {
    scope:
      kind.scope.type === 'project'
        ? { kind: 'project', projectKey: kind.scope.projectKey }
        : { kind: 'jql', jql: kind.scope.jql },
    period: { activeSince: addDays(span.firstDate, -1), to: addDays(span.lastDate, 1) },
    mapping: setup.mapping,
    calendar: setup.calendar,
    // A finished span is measured as at its last instant; a running one as now.
    asOfMs: span.complete ? span.endMs - 1 : span.endMs,
    maxIssues: OKR_MEASURE_MAX_FLOW_ISSUES,
    ...(deps.facts === undefined ? {} : { facts: deps.facts }),
  });
  if (measured.truncated)
    throw new KeyResultMeasureError(
      'too-many-issues',
      `The scope has more than ${String(OKR_MEASURE_MAX_FLOW_ISSUES)} issues active from ${span.firstDate} to ${span.lastDate}: narrow the JQL (e.g. one project or issue type).`,
    );
  const { value } = flowMetricValue(measured.facts, kind.metric, span.firstDate, span.lastDate);
  return { value, issueCount: measured.loaded };
}

/**
 * Issues matching the key result's JQL created in the span (instants of the period's zone, written in the
 * searcher's zone: {@link createdWithinJql}), as a rate per week, month or period ({@link ratePerInterval}).
 * One `GET /myself` for the searcher's zone, then ids-only pages of 5,000.
 */
export async function measureIssueCount(
  deps: KindDeps,
  kind: Extract<KeyResultKind, { type: 'issueCount' }>,
  span: MeasuredSpan,
  searcherTimeZone: string,
): Promise<KindValue> {
  const jql = createdWithinJql(kind.jql, span.startMs, span.endMs, searcherTimeZone);
  const count = (await deps.jira.searchIssueIds(jql)).length;
  return { value: ratePerInterval(count, span.days, kind.per, span.periodDays), issueCount: count };
}

/**
 * The mean CSAT rating (1..5, 3 decimals) of the requests the scope resolved on the span's local days
 * ({@link measureCsat}): one ratings read per resolved request, a missing rating (or a site without JSM) is not
 * counted; no rated request gives no value. The searcher's zone writes the JQL's resolution dates.
 *
 * @throws KeyResultMeasureError `not-measured` without a way to read ratings; `too-many-issues` beyond
 *   {@link CSAT_MAX_REQUESTS} resolved requests in the span.
 */
export async function measureCsatAverage(
  deps: KindDeps,
  kind: Extract<KeyResultKind, { type: 'csat' }>,
  span: MeasuredSpan,
  timeZone: string,
  searcherTimeZone: string,
): Promise<KindValue> {
  const serviceDesk = deps.serviceDesk ?? (speaksServiceDesk(deps.jira) ? deps.jira : null);
  if (serviceDesk === null)
    throw new KeyResultMeasureError(
      'not-measured',
      'CSAT ratings cannot be read here (no Jira Service Management client); measure it in Jira.',
    );
  const result = await measureCsat(deps.jira, serviceDesk, {
    jql: kind.scope.type === 'project' ? `project = ${jqlString(kind.scope.projectKey)}` : kind.scope.jql,
    firstDate: span.firstDate,
    lastDate: span.lastDate,
    timeZone,
    searcherTimeZone,
  });
  if (result.truncated)
    throw new KeyResultMeasureError(
      'too-many-issues',
      `The scope resolved more than ${String(CSAT_MAX_REQUESTS)} requests from ${span.firstDate} to ${span.lastDate}: narrow it (e.g. one request type or service desk).`,
    );
  return { value: result.mean, issueCount: result.n };
}

/**
 * Share of issues in status category Done (0..1, 4 decimals): the linked issues (`linkedIssueIds`, those the
 * searcher can see; deleted ones are left out) or a project or JQL (all its issues, whenever created). No issues: 0.
 */
export async function measureIssueProgress(
  deps: KindDeps,
  kind: Extract<KeyResultKind, { type: 'issueProgress' }>,
  linkedIssueIds: () => Promise<readonly string[]>,
): Promise<KindValue> {
  let total: number;
  let done: number;
  if (kind.issues.type === 'linked') {
    ({ total, done } = await countLinked(deps.jira, await linkedIssueIds()));
  } else {
    const condition =
      kind.issues.type === 'project'
        ? `project = ${jqlString(kind.issues.projectKey)}`
        : requiredJql(kind.issues.jql);
    total = (await deps.jira.searchIssueIds(`(${condition})`)).length;
    done =
      total === 0 ? 0 : (await deps.jira.searchIssueIds(`(${condition}) AND ${DONE_CATEGORY_JQL}`)).length;
  }
  return { value: Math.round(issueProgress(done, total) * 10_000) / 10_000, issueCount: total };
}

/**
 * Visible and done issues among `issueIds`, {@link OKR_MEASURE_ID_CHUNK} ids per search. Jira refuses a whole
 * `issuekey in (…)` (400) when one id is deleted or hidden from the searcher: such a chunk is halved until those
 * ids are found and left out.
 */
async function countLinked(
  jira: JiraPort,
  issueIds: readonly string[],
): Promise<{ total: number; done: number }> {
  let total = 0;
  let done = 0;
  const countChunk = async (ids: readonly string[]): Promise<void> => {
    const safe = ids.filter((id) => /^[0-9]+$/.test(id));
    if (safe.length === 0) return;
    let visible: readonly string[];
    try {
      visible = await jira.searchIssueIds(`issuekey in (${safe.join(', ')})`);
    } catch (error) {
      if (!(error instanceof JiraBadRequestError)) throw error;
      if (safe.length === 1) return;
      const half = Math.ceil(safe.length / 2);
      await countChunk(safe.slice(0, half));
      await countChunk(safe.slice(half));
      return;
    }
    if (visible.length === 0) return;
    total += visible.length;
    done += (await jira.searchIssueIds(`issuekey in (${visible.join(', ')}) AND ${DONE_CATEGORY_JQL}`))
      .length;
  };
  for (let start = 0; start < issueIds.length; start += OKR_MEASURE_ID_CHUNK)
    await countChunk(issueIds.slice(start, start + OKR_MEASURE_ID_CHUNK));
  return { total, done };
}
