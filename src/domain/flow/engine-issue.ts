/**
 * The flow engine's per-issue step: one replayed timeline → the issue's facts (durations, working days, rework,
 * compatibility-mode stage dates). Pure; called once per issue by the aggregate finish (`engine-finish.ts`).
 */
import { dayIndex } from './calendar';
import type { DayGrid } from './calendar';
import type { CanonicalIssueMetrics } from './canonical';
import type { CompatIssueMetrics } from './compat';
import type { ResolvedMapping } from './mapping';
import type { IssueTimeline } from './timeline';
import type { IssueFacts, IssueRework, WarningCode, WorkingCalendar } from './types';

/** What the accumulator keeps of one issue: its compact timeline and type, never the input object. */
export interface TimelineEntry {
  readonly timeline: IssueTimeline;
  readonly issueType: string | null;
}

/** What the summary needs of an issue once its report row is built (the time-in-status map is not kept). */
export interface AnalysedIssue extends TimelineEntry {
  readonly canonical: Pick<CanonicalIssueMetrics, 'startMs' | 'doneMs' | 'leadTimeMs' | 'cycleTimeMs'>;
  readonly compat: CompatIssueMetrics | null;
}

/** Working time per grid day, so working-day durations cost two binary searches per issue. */
export interface WorkingGrid {
  readonly grid: DayGrid;
  /** `prefixDays[i]`: working days (fractional) before grid day i. */
  readonly prefixDays: Float64Array;
  readonly working: Uint8Array;
}

export function buildWorkingGrid(grid: DayGrid, calendar: WorkingCalendar): WorkingGrid {
  const days = grid.dates.length;
  const holidays = new Set(calendar.holidays);
  const weekdays = new Set(calendar.workingWeekdays);
  const working = new Uint8Array(days);
  const prefixDays = new Float64Array(days + 1);
  for (let d = 0; d < days; d++) {
    const date = grid.dates[d] ?? '';
    const isoWeekday = ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    working[d] = weekdays.has(isoWeekday) && !holidays.has(date) ? 1 : 0;
    prefixDays[d + 1] = (prefixDays[d] ?? 0) + (working[d] ?? 0);
  }
  return { grid, prefixDays, working };
}

/** Working days (fractional, each day weighted by its own 23/24/25 h length) before instant `t`. */
function workingDaysBefore(w: WorkingGrid, t: number): number {
  const days = w.grid.dates.length;
  const d = dayIndex(w.grid, t);
  if (d < 0) return 0;
  if (d >= days) return w.prefixDays[days] ?? 0;
  const dayStart = w.grid.startsMs[d] ?? t;
  const dayEnd = w.grid.startsMs[d + 1] ?? t;
  const partial = w.working[d] === 1 && dayEnd > dayStart ? (t - dayStart) / (dayEnd - dayStart) : 0;
  return (w.prefixDays[d] ?? 0) + partial;
}

export function emptyIssueReport(key: string, warning: WarningCode): IssueFacts {
  return {
    key,
    createdMs: null,
    startMs: null,
    doneMs: null,
    leadTimeMs: null,
    cycleTimeMs: null,
    flowEfficiency: null,
    timeInStatusMs: {},
    warnings: [warning],
  };
}

/**
 * Backward moves through the stages, from the engine's replayed visits (so the same ordering, clamping, asOf cut
 * and self-transition rules as every other number): a visit to a mapped stage left of the last mapped stage the
 * issue was in is a move back; unmapped visits are skipped, so a move through an unmapped status still counts when
 * it lands left of where the issue was; moves within a stage are not rework.
 */
function reworkOfTimeline(timeline: IssueTimeline, mapping: ResolvedMapping): IssueRework {
  let current = -1;
  const visited: number[] = [];
  const returnedTo: number[] = [];
  for (const visit of timeline.visits) {
    const stage = mapping.stageOfStatus[visit.status] ?? -1;
    if (stage < 0) continue;
    if (current >= 0 && stage < current && !returnedTo.includes(stage)) returnedTo.push(stage);
    if (!visited.includes(stage)) visited.push(stage);
    current = stage;
  }
  const ascending = (x: number, y: number): number => x - y;
  return {
    movedBack: returnedTo.length > 0,
    visited: visited.sort(ascending),
    returnedTo: returnedTo.sort(ascending),
  };
}

export function issueFacts(
  e: TimelineEntry,
  c: CanonicalIssueMetrics,
  compat: CompatIssueMetrics | null,
  mapping: ResolvedMapping,
  statusNames: readonly string[],
  grid: DayGrid,
  workingGrid: WorkingGrid,
  withRework: boolean,
): IssueFacts {
  const t = e.timeline;
  const timeInStatusMs: Record<string, number> = {};
  for (const [status, ms] of c.timeInStatusMs) timeInStatusMs[statusNames[status] ?? ''] = ms;
  const lastVisit = t.visits[t.visits.length - 1];
  const stageIndex = lastVisit === undefined ? -1 : (mapping.stageOfStatus[lastVisit.status] ?? -1);
  const base = {
    key: t.key,
    createdMs: t.createdMs,
    startMs: c.startMs,
    doneMs: c.doneMs,
    leadTimeMs: c.leadTimeMs,
    cycleTimeMs: c.cycleTimeMs,
    flowEfficiency: c.flowEfficiency,
    timeInStatusMs,
    warnings: c.warnings.length === 0 ? [] : [...c.warnings],
    status: lastVisit === undefined ? null : (statusNames[lastVisit.status] ?? null),
    stage: mapping.stages[stageIndex]?.name ?? null,
    issueType: e.issueType,
    blockedMs: c.blockedMs,
    cycleTimeCalendarDays:
      c.startMs === null || c.doneMs === null
        ? null
        : dayIndex(grid, c.doneMs) - dayIndex(grid, c.startMs) + 1,
    cycleTimeWorkingDays:
      c.startMs === null || c.doneMs === null
        ? null
        : workingDaysBefore(workingGrid, c.doneMs) - workingDaysBefore(workingGrid, c.startMs),
    // The CLI's report carries no rework: not computed for it.
    rework: withRework ? reworkOfTimeline(t, mapping) : null,
  };
  if (compat === null) return base;
  const stageDates: Record<string, string | null> = {};
  mapping.stages.forEach((stage, i) => (stageDates[stage.name] = compat.stageDates[i] ?? null));
  return {
    ...base,
    stageDates,
    startDate: compat.startDate,
    doneDate: compat.doneDate,
    cycleTimeDays: compat.cycleTimeDays,
  };
}
