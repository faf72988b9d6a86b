/**
 * Per-issue flow measures in canonical mode (FLOW-METRICS.md §3.2–3.6).
 */
import type { ResolvedMapping } from './mapping';
import type { IssueTimeline } from './timeline';
import type { StartPolicy, WarningCode } from './types';

export interface CanonicalIssueMetrics {
  /** Commitment point (epoch ms) or null when the issue never started. */
  readonly startMs: number | null;
  /** Beginning of the final uninterrupted stay in done-kind statuses (epoch ms), or null when not done. */
  readonly doneMs: number | null;
  /** Index into `timeline.visits` of the first visit of that final done stay; `visits.length` when not done. */
  readonly doneVisitIndex: number;
  readonly leadTimeMs: number | null;
  readonly cycleTimeMs: number | null;
  /** Active time ÷ (end − start) over `[start, end)`, end = done or asOf; null without start or for a zero span. */
  readonly flowEfficiency: number | null;
  /** Flagged time within `[created, end)` in ms. */
  readonly blockedMs: number;
  /** Time per interned status over `[created, end)` in ms; statuses not visited before `end` are absent. */
  readonly timeInStatusMs: Map<number, number>;
  readonly warnings: readonly WarningCode[];
}

/**
 * The commitment point of an issue (FLOW-METRICS.md §3.2): the first entry into a status whose stage is at or
 * after the start stage and not of kind done. With policy `last`, the first such entry after the issue's last
 * entry into a stage before the start stage (ActionableAgile-style restart after a move back).
 *
 * @returns index into `visits`, or -1 when the issue never started.
 */
export function startVisitIndex(
  timeline: IssueTimeline,
  mapping: ResolvedMapping,
  policy: StartPolicy,
): number {
  const { visits } = timeline;
  let from = 0;
  if (policy === 'last') {
    for (let i = visits.length - 1; i >= 0; i--) {
      const stage = mapping.stageOfStatus[visits[i]?.status ?? -1] ?? -1;
      if (stage >= 0 && stage < mapping.startStageIndex) {
        from = i + 1;
        break;
      }
    }
  }
  for (let i = from; i < visits.length; i++) {
    const status = visits[i]?.status ?? -1;
    const stage = mapping.stageOfStatus[status] ?? -1;
    if (stage >= mapping.startStageIndex && mapping.kindOfStatus[status] !== 'done') return i;
  }
  return -1;
}

/**
 * The first visit of the issue's final, uninterrupted stay in done-kind statuses (FLOW-METRICS.md §3.3).
 * Reopened and resolved again: the last resolution counts; reopened and not resolved again: not done.
 *
 * @returns index into `visits`, or `visits.length` when the final status is not of kind done.
 */
export function doneVisitIndex(timeline: IssueTimeline, mapping: ResolvedMapping): number {
  const { visits } = timeline;
  let i = visits.length;
  while (i > 0 && mapping.kindOfStatus[visits[i - 1]?.status ?? -1] === 'done') i--;
  return i;
}

/** Length of the overlap of `[a0, a1)` with the union of sorted, disjoint `intervals`, in ms. */
export function overlapMs(a0: number, a1: number, intervals: readonly (readonly [number, number])[]): number {
  let total = 0;
  for (const [b0, b1] of intervals) {
    if (b0 >= a1) break;
    const lo = Math.max(a0, b0);
    const hi = Math.min(a1, b1);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

/**
 * Computes lead time, cycle time, time in status, blocked time and flow efficiency of one issue.
 *
 * - Lead time = done − created; cycle time = done − start (exact, ms; null when not done or never started).
 * - Time in status: visit durations clipped to `[created, end)`, end = done for done issues, `asOfMs` for open ones.
 * - Flow efficiency: time in `active` statuses that is not flagged, ÷ (end − start), over `[start, end)`. Waiting,
 *   backlog, interim-done and unmapped time is not active.
 * Units: epoch ms and ms; no calendar or time zone is involved.
 *
 * @example an issue created 09:00, In Progress 10:00, Done 14:00 → lead 5 h, cycle 4 h, efficiency 1.
 */
export function canonicalIssueMetrics(
  timeline: IssueTimeline,
  mapping: ResolvedMapping,
  policy: StartPolicy,
  asOfMs: number,
): CanonicalIssueMetrics {
  const { visits, createdMs, flaggedMs } = timeline;
  const warnings: WarningCode[] = [...timeline.warnings];
  const startIndex = startVisitIndex(timeline, mapping, policy);
  const doneIndex = doneVisitIndex(timeline, mapping);
  const isDone = doneIndex < visits.length;
  const startMs = startIndex >= 0 ? (visits[startIndex]?.enterMs ?? null) : null;
  const doneMs = isDone ? (visits[doneIndex]?.enterMs ?? null) : null;
  const endMs = doneMs ?? Math.max(asOfMs, createdMs);
  if (isDone && startMs === null) warnings.push('done-without-start');

  const timeInStatusMs = new Map<number, number>();
  let activeMs = 0;
  let unmapped = false;
  for (let i = 0; i < doneIndex; i++) {
    const visit = visits[i];
    if (visit === undefined) break;
    const leaveMs = Math.min(visits[i + 1]?.enterMs ?? endMs, endMs);
    const durationMs = Math.max(0, leaveMs - visit.enterMs);
    timeInStatusMs.set(visit.status, (timeInStatusMs.get(visit.status) ?? 0) + durationMs);
    const kind = mapping.kindOfStatus[visit.status];
    if (kind === null || kind === undefined) unmapped = true;
    if (startMs !== null && kind === 'active') {
      const lo = Math.max(visit.enterMs, startMs);
      if (leaveMs > lo) activeMs += leaveMs - lo - overlapMs(lo, leaveMs, flaggedMs);
    }
  }
  if (unmapped) warnings.push('unmapped-status');

  const spanMs = startMs === null ? 0 : endMs - startMs;
  return {
    startMs,
    doneMs,
    doneVisitIndex: doneIndex,
    leadTimeMs: doneMs === null ? null : doneMs - createdMs,
    cycleTimeMs: doneMs === null || startMs === null ? null : doneMs - startMs,
    flowEfficiency: startMs === null || spanMs <= 0 ? null : activeMs / spanMs,
    blockedMs: overlapMs(createdMs, endMs, flaggedMs),
    timeInStatusMs,
    warnings,
  };
}
