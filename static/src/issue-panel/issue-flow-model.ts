/**
 * What the issue panel shows, computed from the resolver's `IssueFlowView` without any rendering: the headline
 * metrics and the time-in-status rows. Pure functions; the React components only lay them out.
 */
import type { IssueFlowView, ResolverErrorCode } from '../../../src/contract/resolvers';
import type { StageKind } from '../../../src/contract/flow-rules';
import type { InvokeResolver } from '../api/resolver-types';
import type { Translate } from '../i18n/translator';

/** Order of the time-in-status rows: as the issue first reached each status, or longest time first. */
export type StatusOrder = 'visit' | 'time';

export interface TimeInStatusRow {
  readonly status: string;
  readonly stage: string | null;
  readonly kind: StageKind | null;
  /** Elapsed time in the status, milliseconds. */
  readonly ms: number;
  /** Share of the issue's whole recorded time, 0..1 (0 when nothing is recorded). */
  readonly share: number;
  /** Position in first-visit order (the resolver's order), 0-based. */
  readonly visitIndex: number;
}

/**
 * The time-in-status rows with each status' share of the total, in first-visit order (the order the resolver
 * sends) or by time, longest first (ties keep first-visit order).
 * @example timeInStatusRows([{ status: 'To Do', stage: null, kind: null, ms: 1 }, …], 'time')
 */
export function timeInStatusRows(
  entries: IssueFlowView['timeInStatus'],
  order: StatusOrder,
): TimeInStatusRow[] {
  const totalMs = entries.reduce((sum, entry) => sum + Math.max(0, entry.ms), 0);
  const rows = entries.map((entry, visitIndex) => ({
    status: entry.status,
    stage: entry.stage,
    kind: entry.kind,
    ms: entry.ms,
    share: totalMs > 0 ? Math.max(0, entry.ms) / totalMs : 0,
    visitIndex,
  }));
  if (order === 'time') rows.sort((a, b) => b.ms - a.ms || a.visitIndex - b.visitIndex);
  return rows;
}

/** Total recorded time in status, milliseconds. */
export function totalTimeInStatusMs(entries: IssueFlowView['timeInStatus']): number {
  return entries.reduce((sum, entry) => sum + Math.max(0, entry.ms), 0);
}

/** A headline value: a duration, a ratio, or a translated reason why there is none. */
export type MetricValue =
  | { readonly type: 'duration'; readonly ms: number }
  | { readonly type: 'ratio'; readonly ratio: number }
  | { readonly type: 'none'; readonly reasonKey: string };

export interface HeadlineMetric {
  /** Stable id (also used in test ids). */
  readonly id: 'leadTime' | 'age' | 'cycleTime' | 'flowEfficiency';
  /** Translation key of the label; `<labelKey>.help` explains the metric in one sentence. */
  readonly labelKey: string;
  readonly value: MetricValue;
}

/**
 * The panel's headline metrics: lead time for a done issue or its age so far for an open one, then cycle
 * time and flow efficiency; a missing value carries the reason (not started yet, still open, …).
 */
export function headlineMetrics(view: IssueFlowView): HeadlineMetric[] {
  const done = view.doneAt !== null;
  const first: HeadlineMetric = done
    ? {
        id: 'leadTime',
        labelKey: 'issuePanel.metric.leadTime',
        value:
          view.leadTimeMs === null
            ? { type: 'none', reasonKey: 'issuePanel.value.unknown' }
            : { type: 'duration', ms: view.leadTimeMs },
      }
    : {
        id: 'age',
        labelKey: 'issuePanel.metric.age',
        value:
          view.ageMs !== null
            ? { type: 'duration', ms: view.ageMs }
            : {
                type: 'none',
                reasonKey: view.startAt === null ? 'issuePanel.value.notStarted' : 'issuePanel.value.unknown',
              },
      };
  let cycleTime: MetricValue;
  if (view.cycleTimeMs !== null) cycleTime = { type: 'duration', ms: view.cycleTimeMs };
  else if (!done) cycleTime = { type: 'none', reasonKey: 'issuePanel.value.stillOpen' };
  else if (view.startAt === null) cycleTime = { type: 'none', reasonKey: 'issuePanel.value.noStart' };
  else cycleTime = { type: 'none', reasonKey: 'issuePanel.value.unknown' };
  return [
    first,
    { id: 'cycleTime', labelKey: 'issuePanel.metric.cycleTime', value: cycleTime },
    {
      id: 'flowEfficiency',
      labelKey: 'issuePanel.metric.flowEfficiency',
      value:
        view.flowEfficiency === null
          ? { type: 'none', reasonKey: 'issuePanel.value.notAvailable' }
          : { type: 'ratio', ratio: view.flowEfficiency },
    },
  ];
}

/** What the panel is showing. */
export type PanelState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: ResolverErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly view: IssueFlowView };

/**
 * Asks the `getIssueFlow` resolver for `issueKey`'s flow. Never rejects: a missing issue key, a resolver error
 * and a failed bridge call all become an error state the panel can explain.
 */
export async function loadIssueFlow(invoke: InvokeResolver, issueKey: string | null): Promise<PanelState> {
  if (issueKey === null) {
    return { phase: 'error', code: 'invalid-payload', detail: 'the view context names no issue' };
  }
  // The invoke never rejects: a failed bridge call arrives as an `internal` error like a resolver's own.
  const result = await invoke('getIssueFlow', { issueKey });
  return result.ok ? { phase: 'loaded', view: result.value } : { phase: 'error', ...result.error };
}

/** The plain-language note for a data warning code; an unknown code gets a generic note naming it. */
export function warningText(t: Translate, code: string): string {
  const key = `warning.${code}`;
  const text = t(key);
  return text === key ? t('warning.unknown', { code }) : text;
}

export interface TimelineBar {
  readonly status: string;
  readonly stage: string | null;
  readonly kind: StageKind | null;
  readonly enterMs: number;
  /** End of the stay: when the issue left, or asOf for the current status (epoch ms). */
  readonly endMs: number;
  readonly ongoing: boolean;
  /** Length of the stay, ms. */
  readonly ms: number;
  /** Position and width on the timeline from creation to asOf, 0..1. */
  readonly offset: number;
  readonly width: number;
}

/**
 * One bar per visit on a common axis from the first visit's entry to asOf (`asOfMs`, epoch ms): a status visited
 * twice gets two bars. Stays after asOf are cut at asOf; an empty axis gives zero widths.
 * @example timelineBars([{ status: 'Open', enterMs: 0, leaveMs: 1, … }, { status: 'Done', enterMs: 1, leaveMs: null, … }], 2)
 * // offsets 0 and 0.5, widths 0.5 and 0.5
 */
export function timelineBars(visits: IssueFlowView['visits'], asOfMs: number): TimelineBar[] {
  const axisStartMs = visits[0]?.enterMs ?? asOfMs;
  const axisMs = Math.max(0, asOfMs - axisStartMs);
  return visits.map((visit) => {
    const endMs = Math.min(asOfMs, visit.leaveMs ?? asOfMs);
    const ms = Math.max(0, endMs - visit.enterMs);
    return {
      status: visit.status,
      stage: visit.stage,
      kind: visit.kind,
      enterMs: visit.enterMs,
      endMs,
      ongoing: visit.leaveMs === null,
      ms,
      offset: axisMs > 0 ? (visit.enterMs - axisStartMs) / axisMs : 0,
      width: axisMs > 0 ? ms / axisMs : 0,
    };
  });
}

/** Days as a number with one decimal in the UI's locale (the standing's values are days already). */
function daysText(format: { days: (ms: number) => string }, days: number): string {
  return format.days(days * 86_400_000);
}

/**
 * The sentence saying where the issue stands against the project, e.g. "Older than 85 % of the 20 finished
 * items (age 18.0 days)"; for the other cases the explanation why there is none.
 */
export function standingText(
  standing: IssueFlowView['standing'],
  t: Translate,
  format: { days: (ms: number) => string; percent: (ratio: number) => string },
): string {
  switch (standing.kind) {
    case 'compared':
      return t(`issuePanel.standing.${standing.measure === 'age' ? 'olderThan' : 'longerThan'}`, {
        percent: format.percent(standing.rankPercent / 100),
        count: String(standing.finishedCount),
        value: daysText(format, standing.valueDays),
      });
    case 'no-cached-view':
      return t('issuePanel.standing.noView', { project: standing.projectKey });
    case 'computing':
      return t('issuePanel.standing.computing', { project: standing.projectKey });
    case 'not-comparable':
      return t('issuePanel.standing.notComparable');
    case 'unknown-project':
      return t('issuePanel.standing.unknownProject');
  }
}

/** The percentile marks as "50 %: 2.1 days" items, in the view's order. */
export function standingMarks(
  standing: IssueFlowView['standing'],
  format: { days: (ms: number) => string; percent: (ratio: number) => string },
): { readonly percentile: number; readonly label: string; readonly days: string }[] {
  if (standing.kind !== 'compared') return [];
  return standing.marks.map((mark) => ({
    percentile: mark.percentile,
    label: format.percent(mark.percentile / 100),
    days: daysText(format, mark.days),
  }));
}

/** How often the panel asks again while the viewer's project view is computed, ms. */
export const STANDING_POLL_MS = 10_000;
/** Asks at most this often (15 minutes: the background job's limit). */
export const MAX_STANDING_POLLS = 90;

/** Whether the panel should ask again: the view is loaded but its standing is still being computed. */
export function standingPending(state: PanelState): boolean {
  return state.phase === 'loaded' && state.view.standing.kind === 'computing';
}
