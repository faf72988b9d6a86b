/**
 * Compatibility mode `jira-agile-metrics` (FLOW-METRICS.md §4): stage dates as the open-source
 * jira-agile-metrics tool computes them, for side-by-side comparison.
 */
import type { ResolvedMapping } from './mapping';
import type { IssueTimeline } from './timeline';

export interface CompatIssueMetrics {
  /** Date per stage (`YYYY-MM-DD`, wall clock of the timestamp as written), after backfilling; by stage index. */
  readonly stageDates: readonly (string | null)[];
  readonly startDate: string | null;
  readonly doneDate: string | null;
  /** Whole calendar days from startDate to doneDate (no +1); null when either is missing. */
  readonly cycleTimeDays: number | null;
}

/** Days between two `YYYY-MM-DD` dates (b − a), exact in UTC arithmetic. */
export function daysBetweenDates(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Stage dates of one issue the way jira-agile-metrics computes them.
 *
 * The initial status is entered at `created`, then every status change in instant order (self-transitions
 * and changes before `created` included, as that tool does). Per change into a mapped stage: the stage keeps
 * the date of its first entry, and the dates of all later stages are erased (a move back). Unmapped statuses
 * are ignored. Finally an empty stage takes the date of the next later non-empty stage (backfill).
 * Dates are the wall-clock dates written in the timestamps; their UTC offsets are ignored.
 *
 * @example Open 2024-01-01, In Progress 2024-01-03, Done 2024-01-08 → cycleTimeDays 5.
 */
export function compatIssueMetrics(timeline: IssueTimeline, mapping: ResolvedMapping): CompatIssueMetrics {
  const stageCount = mapping.stages.length;
  const dates: (string | null)[] = new Array<string | null>(stageCount).fill(null);
  const enter = (status: number, date: string): void => {
    const stage = mapping.stageOfStatus[status] ?? -1;
    if (stage < 0) return;
    if (dates[stage] === null) dates[stage] = date;
    for (let later = stage + 1; later < stageCount; later++) dates[later] = null;
  };
  enter(timeline.initialStatus, timeline.createdWallDate);
  for (const change of timeline.changes) enter(change.to, change.wallDate);

  let next: string | null = null;
  for (let stage = stageCount - 1; stage >= 0; stage--) {
    const own = dates[stage] ?? null;
    if (own !== null) next = own;
    else dates[stage] = next;
  }
  const startDate = dates[mapping.startStageIndex] ?? null;
  const doneDate = dates[mapping.doneStageIndex] ?? null;
  return {
    stageDates: dates,
    startDate,
    doneDate,
    cycleTimeDays: startDate !== null && doneDate !== null ? daysBetweenDates(startDate, doneDate) : null,
  };
}
