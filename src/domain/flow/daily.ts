/**
 * Daily series (FLOW-METRICS.md §3.7 canonical, §4 compatibility): status and stage counts at each day's end,
 * WIP and throughput, on a grid of local days in the report's time zone.
 */
import type { DayGrid } from './calendar';
import { dayIndex } from './calendar';
import type { ResolvedMapping } from './mapping';
import type { IssueTimeline } from './timeline';

/** Counts per day; arrays indexed by day of the grid. */
export interface DailyCounts {
  /** `byStatus[status][day]`: issues whose status at that day's end is `status`. */
  readonly byStatus: Int32Array[];
  /** `throughput[day]`: issues whose done instant falls on that day. */
  readonly throughput: Int32Array;
}

/**
 * Accumulates one issue into the daily status counts: the status at a day's end is the status after every
 * change with instant < the next day's midnight; the issue counts from the day it was created.
 * Difference arrays keep this O(visits) per issue; {@link finishDailyCounts} turns them into counts.
 */
export function addIssueToDaily(
  counts: DailyCounts,
  grid: DayGrid,
  timeline: IssueTimeline,
  doneMs: number | null,
): void {
  const days = grid.dates.length;
  const { visits } = timeline;
  for (let i = 0; i < visits.length; i++) {
    const visit = visits[i];
    if (visit === undefined) continue;
    const from = Math.max(0, dayIndex(grid, visit.enterMs));
    const nextEnter = visits[i + 1]?.enterMs;
    const toExclusive = nextEnter === undefined ? days : Math.min(days, dayIndex(grid, nextEnter));
    if (from >= toExclusive) continue;
    const diff = counts.byStatus[visit.status];
    if (diff === undefined) continue;
    diff[from] = (diff[from] ?? 0) + 1;
    diff[toExclusive] = (diff[toExclusive] ?? 0) - 1;
  }
  if (doneMs !== null) {
    const day = dayIndex(grid, doneMs);
    if (day >= 0 && day < days) counts.throughput[day] = (counts.throughput[day] ?? 0) + 1;
  }
}

/** Fresh difference arrays for `statusCount` statuses (one extra slot for the closing decrement). */
export function emptyDailyCounts(statusCount: number, days: number): DailyCounts {
  return {
    byStatus: Array.from({ length: statusCount }, () => new Int32Array(days + 1)),
    throughput: new Int32Array(days),
  };
}

/** Prefix-sums the difference arrays in place: afterwards `byStatus[s][d]` is a count. */
export function finishDailyCounts(counts: DailyCounts): void {
  for (const diff of counts.byStatus) {
    let running = 0;
    for (let d = 0; d < diff.length; d++) {
      running += diff[d] ?? 0;
      diff[d] = running;
    }
  }
}

/** Stage counts per day from status counts; `byStage[stage][day]`. Unmapped statuses belong to no stage. */
export function stageCountsFromStatus(
  counts: DailyCounts,
  mapping: ResolvedMapping,
  days: number,
): Int32Array[] {
  const byStage = mapping.stages.map(() => new Int32Array(days));
  counts.byStatus.forEach((perDay, status) => {
    const stage = mapping.stageOfStatus[status] ?? -1;
    const target = byStage[stage];
    if (target === undefined) return;
    for (let d = 0; d < days; d++) target[d] = (target[d] ?? 0) + (perDay[d] ?? 0);
  });
  return byStage;
}

/**
 * WIP per day (canonical): issues whose status at the day's end maps to a stage from the start stage up to,
 * not including, the done stage.
 */
export function wipFromStages(
  byStage: readonly Int32Array[],
  mapping: ResolvedMapping,
  days: number,
): Int32Array {
  const wip = new Int32Array(days);
  for (let stage = mapping.startStageIndex; stage < mapping.doneStageIndex; stage++) {
    const perDay = byStage[stage];
    if (perDay === undefined) continue;
    for (let d = 0; d < days; d++) wip[d] = (wip[d] ?? 0) + (perDay[d] ?? 0);
  }
  return wip;
}

/**
 * Cumulative stage counts (compatibility mode): per stage, the number of issues whose stage date is on or
 * before that day. `dateIndex` maps a `YYYY-MM-DD` date to its grid day (dates before the grid count from day 0,
 * dates after it are not counted).
 */
export function cumulativeStageCounts(
  stageDatesPerIssue: readonly (readonly (string | null)[])[],
  stageCount: number,
  dates: readonly string[],
): Int32Array[] {
  const days = dates.length;
  const index = new Map<string, number>();
  dates.forEach((date, i) => index.set(date, i));
  const first = dates[0];
  const byStage = Array.from({ length: stageCount }, () => new Int32Array(days + 1));
  for (const stageDates of stageDatesPerIssue) {
    for (let stage = 0; stage < stageCount; stage++) {
      const date = stageDates[stage];
      if (date === null || date === undefined) continue;
      let day = index.get(date);
      if (day === undefined) {
        if (first !== undefined && date < first) day = 0;
        else continue;
      }
      const diff = byStage[stage];
      if (diff !== undefined) diff[day] = (diff[day] ?? 0) + 1;
    }
  }
  for (const diff of byStage) {
    let running = 0;
    for (let d = 0; d <= days; d++) {
      running += diff[d] ?? 0;
      diff[d] = running;
    }
  }
  return byStage;
}
