/**
 * Progress, status and grading of key results and objectives, exactly as OKR.md "Semantics" defines them.
 * Pure: the time (`nowMs`, epoch ms) and the measured values are passed in. Shares are 0..1.
 */
import { elapsedShare, isPeriodClosed } from './period';
import type { CheckIn, KeyResult, KeyResultDirection, KeyResultKind, Objective } from './types';

/** Clamps a share into [0, 1]; NaN becomes 0 (no value is no progress). */
function clampShare(share: number): number {
  if (Number.isNaN(share)) return 0;
  return Math.min(1, Math.max(0, share));
}

/**
 * Progress of a value moving from `start` to `target`: (current − start) ÷ (target − start), clamped to [0, 1].
 * Works for both directions (a decrease has target < start, so both differences are negative). When target equals
 * start there is no way to go: reached (1) when the value stands where the direction wants it (increase: ≥ target,
 * decrease: ≤ target, stay-within: = target), else 0.
 *
 * @example metricProgress(10, 8.5, 9.25, 'decrease') === 0.5 // lead time 10 d → 8.5 d, now 9.25 d
 */
export function metricProgress(
  start: number,
  target: number,
  current: number,
  direction: KeyResultDirection,
): number {
  if (target === start) {
    if (direction === 'increase') return current >= target ? 1 : 0;
    if (direction === 'decrease') return current <= target ? 1 : 0;
    return current === target ? 1 : 0;
  }
  return clampShare((current - start) / (target - start));
}

/** A threshold key result: 1 while the value keeps the condition (≥ or ≤ `threshold`), else 0. */
export function thresholdProgress(
  operator: 'atLeast' | 'atMost',
  threshold: number,
  current: number,
): number {
  return (operator === 'atLeast' ? current >= threshold : current <= threshold) ? 1 : 0;
}

/**
 * Issue progress: issues done (status category Done) ÷ all issues. No issues: 0 (nothing delivered yet; the caller
 * shows "no issues linked" rather than a full bar).
 */
export function issueProgress(doneIssues: number, totalIssues: number): number {
  if (totalIssues <= 0) return 0;
  return clampShare(doneIssues / totalIssues);
}

/**
 * The target of a relative key result: the baseline changed by `targetChangePercent` percent.
 *
 * @example relativeTarget(12, -15) === 10.2 // p50 lead time 12 days last quarter, 15 % less → 10.2 days
 */
export function relativeTarget(baselineValue: number, targetChangePercent: number): number {
  // Rounded to 1e-9 so 12 × 0.85 is 10.2, not 10.199999999999999 (the value is shown and compared by people).
  return Math.round(baselineValue * (1 + targetChangePercent / 100) * 1e9) / 1e9;
}

/** Start and target of a key result's kind, where it has them (null while a baseline is not measured yet). */
export function startAndTarget(
  kind: KeyResultKind,
): { readonly start: number; readonly target: number } | null {
  switch (kind.type) {
    case 'metric':
      return { start: kind.start, target: kind.target };
    case 'binary':
      return { start: 0, target: 1 };
    case 'issueProgress':
      return { start: 0, target: 1 };
    case 'flowMetric':
    case 'issueCount':
    case 'csat':
      return kind.baselineValue === undefined
        ? null
        : { start: kind.baselineValue, target: relativeTarget(kind.baselineValue, kind.targetChangePercent) };
    case 'threshold':
      return null;
  }
}

/**
 * The current value of a key result: the check-in that holds latest (greatest `atMs`, so a backdated check-in does
 * not hide a newer value); of check-ins at the same instant the one recorded last. Null without check-ins.
 */
export function currentCheckIn(checkIns: readonly CheckIn[]): CheckIn | null {
  let newest: CheckIn | null = null;
  for (const checkIn of checkIns) {
    if (
      newest === null ||
      checkIn.atMs > newest.atMs ||
      (checkIn.atMs === newest.atMs && checkIn.recordedAtMs > newest.recordedAtMs)
    )
      newest = checkIn;
  }
  return newest;
}

/**
 * Progress of a key result from its current value (unit of the key result; for issue progress the share done
 * 0..1; for binary 1 = done). Null value → 0. A relative key result without a measured baseline → 0.
 */
export function keyResultProgress(
  keyResult: Pick<KeyResult, 'kind' | 'direction'>,
  value: number | null,
): number {
  if (value === null) return 0;
  const kind = keyResult.kind;
  switch (kind.type) {
    case 'threshold':
      return thresholdProgress(kind.operator, kind.threshold, value);
    case 'binary':
      return value >= 1 ? 1 : 0;
    case 'issueProgress':
      return clampShare(value);
    default: {
      const range = startAndTarget(kind);
      return range === null ? 0 : metricProgress(range.start, range.target, value, keyResult.direction);
    }
  }
}

/** Time-aware status of a key result or objective. */
export type OkrStatus = 'on-track' | 'at-risk' | 'off-track';

/** Shares of the expected progress that separate the statuses (OKR.md: 0.7 and 0.4). */
export interface StatusThresholds {
  /** On track when progress ≥ onTrack × expected. */
  readonly onTrack: number;
  /** At risk when progress ≥ atRisk × expected (and not on track); else off track. */
  readonly atRisk: number;
}

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { onTrack: 0.7, atRisk: 0.4 };

/**
 * Status from progress and expected progress (both 0..1): on track when progress ≥ onTrack × expected, at risk
 * when ≥ atRisk × expected, else off track. Before the period begins (expected 0) everything is on track.
 *
 * @example progressStatus(0.35, 0.5) === 'on-track' // exactly 0.7 × 0.5
 */
export function progressStatus(
  progress: number,
  expected: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): OkrStatus {
  // A tiny tolerance so a boundary computed in floating point (0.7 × 0.5 = 0.35 written as 0.35) counts as reached.
  const EPSILON = 1e-12;
  if (progress + EPSILON >= thresholds.onTrack * expected) return 'on-track';
  if (progress + EPSILON >= thresholds.atRisk * expected) return 'at-risk';
  return 'off-track';
}

/** Status of a progress at `nowMs` (epoch ms) in a period: expected = elapsed share of the period. */
export function timeAwareStatus(
  progress: number,
  period: Objective['period'],
  nowMs: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): { readonly status: OkrStatus; readonly expected: number } {
  const expected = elapsedShare(period, nowMs);
  return { status: progressStatus(progress, expected, thresholds), expected };
}

/**
 * Objective progress: the weighted mean of its key results' progress. Key results with weight 0 do not count;
 * when every weight is 0 each key result counts equally (the owners gave no preference). Null without key results.
 *
 * @example objectiveProgress([{ progress: 1, weight: 3 }, { progress: 0, weight: 1 }]) === 0.75
 */
export function objectiveProgress(
  keyResults: readonly { readonly progress: number; readonly weight: number }[],
): number | null {
  if (keyResults.length === 0) return null;
  let weighted = 0;
  let totalWeight = 0;
  for (const { progress, weight } of keyResults) {
    if (!(weight > 0)) continue;
    weighted += clampShare(progress) * weight;
    totalWeight += weight;
  }
  if (totalWeight === 0) {
    return keyResults.reduce((sum, kr) => sum + clampShare(kr.progress), 0) / keyResults.length;
  }
  return weighted / totalWeight;
}

/**
 * Grade of a key result at period close: its progress rounded to one decimal, 0.0–1.0 (0.7 is good for an
 * aspirational key result).
 */
export function gradeOf(progress: number): number {
  return Math.round(clampShare(progress) * 10) / 10;
}

/** How a grade reads: 0.7–1.0 delivered, 0.4–0.6 progress made, 0.0–0.3 failed to make real progress. */
export function gradeBand(grade: number): 'delivered' | 'progress' | 'missed' {
  if (grade >= 0.7) return 'delivered';
  if (grade >= 0.4) return 'progress';
  return 'missed';
}

/** The grades of an objective and its key results at period close. */
export interface ObjectiveGrading {
  readonly objectiveGrade: number;
  readonly keyResults: readonly { readonly keyResultId: string; readonly grade: number }[];
}

/**
 * Grades an objective when its period has closed at `nowMs` (epoch ms): each key result's grade from its final
 * progress, the objective's grade as the weighted mean of those grades, rounded to one decimal.
 *
 * @throws RangeError while the period is still open (grading would be premature).
 */
export function gradeObjective(
  objective: Pick<Objective, 'period'>,
  keyResults: readonly { readonly keyResultId: string; readonly progress: number; readonly weight: number }[],
  nowMs: number,
): ObjectiveGrading {
  if (!isPeriodClosed(objective.period, nowMs))
    throw new RangeError('The period is still open: grade it once it has ended.');
  const graded = keyResults.map((kr) => ({
    keyResultId: kr.keyResultId,
    grade: gradeOf(kr.progress),
    weight: kr.weight,
  }));
  const mean = objectiveProgress(graded.map((kr) => ({ progress: kr.grade, weight: kr.weight })));
  return {
    objectiveGrade: mean === null ? 0 : gradeOf(mean),
    keyResults: graded.map(({ keyResultId, grade }) => ({ keyResultId, grade })),
  };
}

/** What a view shows of a key result at one instant. */
export interface KeyResultSummary {
  readonly keyResultId: string;
  /** The current value (unit of the key result), null without check-ins. */
  readonly currentValue: number | null;
  /** When the current value held, epoch ms; null without check-ins. */
  readonly currentAtMs: number | null;
  /** 0..1. */
  readonly progress: number;
  /** Elapsed share of the period, 0..1. */
  readonly expected: number;
  readonly status: OkrStatus;
  /** The owners' latest confidence 0..10 (measured values carry none), null when never given. */
  readonly confidence: number | null;
}

/**
 * A key result's current value, progress, time-aware status and latest confidence at `nowMs` (epoch ms) in its
 * objective's period. Status and confidence are separate on purpose: the one is what the numbers say, the other
 * what the owners believe.
 */
export function summarizeKeyResult(
  keyResult: Pick<KeyResult, 'id' | 'kind' | 'direction'>,
  checkIns: readonly CheckIn[],
  period: Objective['period'],
  nowMs: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): KeyResultSummary {
  const current = currentCheckIn(checkIns);
  const progress = keyResultProgress(keyResult, current?.value ?? null);
  const { status, expected } = timeAwareStatus(progress, period, nowMs, thresholds);
  const confident = currentCheckIn(checkIns.filter((checkIn) => checkIn.confidence !== undefined));
  return {
    keyResultId: keyResult.id,
    currentValue: current?.value ?? null,
    currentAtMs: current?.atMs ?? null,
    progress,
    expected,
    status,
    confidence: confident?.confidence ?? null,
  };
}

/**
 * An objective's progress (weighted mean of its key results) and its time-aware status at `nowMs` (epoch ms);
 * progress 0 and status from that when it has no key results yet.
 */
export function summarizeObjective(
  objective: Pick<Objective, 'period'>,
  keyResults: readonly { readonly progress: number; readonly weight: number }[],
  nowMs: number,
  thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS,
): {
  readonly progress: number;
  readonly expected: number;
  readonly status: OkrStatus;
  readonly keyResultCount: number;
} {
  const progress = objectiveProgress(keyResults) ?? 0;
  const { status, expected } = timeAwareStatus(progress, objective.period, nowMs, thresholds);
  return { progress, expected, status, keyResultCount: keyResults.length };
}
