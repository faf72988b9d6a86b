/**
 * Value-stream measures over the engine's facts: how the in-process time of finished items splits over the
 * stages, and how many were sent back (from each issue's rework, which the engine replays from its timeline).
 * Pure; no clock, no I/O.
 */
import { percentile, sortNumbers } from './percentiles';
import type { ValueStream, ValueStreamStage } from './project-view-types';
import type { IssueFacts, StageKind, StageRef } from './types';

const MS_PER_DAY = 86_400_000;

/** A stage as the report lists it. */
export type { StageRef } from './types';

/**
 * Stage index per status name or id, case-insensitive (as the engine matches them).
 *
 * @example stageLookup([{ name: 'Doing', kind: 'active', statuses: ['In Arbeit', '3'] }]).get('in arbeit') // 0
 */
export function stageLookup(stages: readonly StageRef[]): ReadonlyMap<string, number> {
  const byLower = new Map<string, number>();
  stages.forEach((stage, index) => {
    for (const status of stage.statuses) {
      const lower = status.toLowerCase();
      if (!byLower.has(lower)) byLower.set(lower, index);
    }
  });
  return byLower;
}

/** Backward moves of one issue; the engine replays them from its timeline ({@link IssueFacts.rework}). */
export type { IssueRework } from './types';

/** Per stage of the value stream: time, rework and the bottleneck flag (units: days, shares 0..1). */
export type StageFlow = ValueStreamStage;

/** The value stream as the project view carries it. */
export type ValueStreamResult = ValueStream;

/**
 * The value stream of a set of finished items: for each stage from the start stage to before the done stage, the
 * time the items spent in it (from the engine's time in status, over `[created, done)`), each stage's share of the
 * in-process time, the share of items sent back into it, and the stage with the largest total time flagged as the
 * likely bottleneck (ties: the leftmost). Waiting vs active: shares of in-process time in waiting-kind and
 * active-kind stages. Rework: share of the items with at least one backward move.
 *
 * Unrounded; durations in days (ms ÷ 86,400,000), independent of time zone.
 *
 * @param finished the engine's facts of the finished items to describe, with their rework (absent: none).
 * @example
 * valueStream(stages, 1, 3, [{ key: 'A-1', timeInStatusMs: { Doing: 2 * DAY, Waiting: DAY }, rework }])
 * // Doing: averageDays 2, share 2/3, bottleneck; Waiting: averageDays 1, share 1/3
 */
export function valueStream(
  stages: readonly StageRef[],
  startStageIndex: number,
  doneStageIndex: number,
  finished: readonly Pick<IssueFacts, 'key' | 'timeInStatusMs' | 'rework'>[],
): ValueStreamResult {
  const lookup = stageLookup(stages);
  const inProcess: number[] = [];
  for (let s = Math.max(0, startStageIndex); s < doneStageIndex && s < stages.length; s++) inProcess.push(s);
  const perStage = new Map<number, number[]>(inProcess.map((s) => [s, []]));
  const visitors = new Map<number, number>(inProcess.map((s) => [s, 0]));
  const returned = new Map<number, number>(inProcess.map((s) => [s, 0]));
  let movedBack = 0;
  for (const issue of finished) {
    const itemMs = new Map<number, number>();
    for (const [status, ms] of Object.entries(issue.timeInStatusMs)) {
      const stage = lookup.get(status.toLowerCase());
      if (stage === undefined || !perStage.has(stage) || ms <= 0) continue;
      itemMs.set(stage, (itemMs.get(stage) ?? 0) + ms);
    }
    for (const [stage, ms] of itemMs) perStage.get(stage)?.push(ms);
    const r = issue.rework;
    if (r?.movedBack === true) movedBack++;
    const seen = new Set<number>([...itemMs.keys(), ...(r?.visited ?? [])]);
    for (const stage of seen) if (visitors.has(stage)) visitors.set(stage, (visitors.get(stage) ?? 0) + 1);
    for (const stage of r?.returnedTo ?? [])
      if (returned.has(stage)) returned.set(stage, (returned.get(stage) ?? 0) + 1);
  }
  const totals = inProcess.map((s) => (perStage.get(s) ?? []).reduce((sum, ms) => sum + ms, 0));
  const total = totals.reduce((sum, ms) => sum + ms, 0);
  let bottleneckPosition = -1;
  totals.forEach((ms, i) => {
    if (ms > 0 && (bottleneckPosition < 0 || ms > (totals[bottleneckPosition] ?? 0))) bottleneckPosition = i;
  });
  let waitingMs = 0;
  let activeMs = 0;
  const result = inProcess.map((s, i): StageFlow => {
    const stage = stages[s];
    const kind: StageKind = stage?.kind ?? 'active';
    const values = perStage.get(s) ?? [];
    const stageTotal = totals[i] ?? 0;
    if (kind === 'waiting') waitingMs += stageTotal;
    else if (kind === 'active') activeMs += stageTotal;
    const sorted = sortNumbers(values);
    const p85 = percentile(sorted, 85);
    const visitorsOf = visitors.get(s) ?? 0;
    return {
      stageIndex: s,
      name: stage?.name ?? '',
      kind,
      items: values.length,
      averageDays: values.length === 0 ? null : stageTotal / values.length / MS_PER_DAY,
      p85Days: p85 === null ? null : p85 / MS_PER_DAY,
      shareOfFlowTime: total === 0 ? 0 : stageTotal / total,
      returnedShare: visitorsOf === 0 ? 0 : (returned.get(s) ?? 0) / visitorsOf,
      bottleneck: i === bottleneckPosition,
    };
  });
  return {
    stages: result,
    waitingShare: total === 0 ? 0 : waitingMs / total,
    activeShare: total === 0 ? 0 : activeMs / total,
    reworkShare: finished.length === 0 ? 0 : movedBack / finished.length,
    bottleneckIndex: bottleneckPosition,
  };
}
