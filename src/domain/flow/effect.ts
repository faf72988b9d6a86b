/**
 * The effect of a change, "did we get there?" (FLOW-METRICS.md §6): lead or cycle times of the items finished in
 * a window before a change date against those finished in a window after it, with the relative median change,
 * a Mann–Whitney U test, a seeded bootstrap interval and a verdict. Used by the CLI's `effect` command; the CSI
 * effect check and flow-metric key results can call {@link analyseSamples} with any samples. Pure: no I/O, no clock.
 */
import { addDays, localDate } from './calendar';
import { bootstrapMedianChange, mannWhitneyU, medianChange } from './effect-stats';
import { percentile, sortNumbers } from './percentiles';
import type { IssueFacts } from './types';

const MS_PER_DAY = 86_400_000;

/** The flow metric compared (canonical definitions of FLOW-METRICS.md §3.4). */
export type EffectMetric = 'lead-time' | 'cycle-time';

export type EffectVerdict = 'improved' | 'worse' | 'no-detectable-change' | 'insufficient-data';

/** Defaults of §6 and of the CLI. */
export const EFFECT_DEFAULTS = {
  metric: 'lead-time',
  beforeDays: 90,
  afterDays: 90,
  alpha: 0.05,
  /** Seed of the bootstrap's mulberry32 stream when the caller gives none. */
  seed: 1,
  resamples: 10_000,
  /** A sample with fewer values gives the verdict `insufficient-data`. */
  minSampleSize: 8,
} as const;

/** What the analysis needs besides the issues. */
export interface EffectOptions {
  readonly metric: EffectMetric;
  /** IANA time zone of the local dates (the change date and the done instants' dates). */
  readonly timeZone: string;
  /** D: the first local day after the change, `YYYY-MM-DD` in `timeZone`. */
  readonly changeDate: string;
  /** B: whole days before D (default 90). */
  readonly beforeDays: number;
  /** A: whole days from D on (default 90). */
  readonly afterDays: number;
  /** Significance level (default 0.05). */
  readonly alpha: number;
  /**
   * Which way is better (default `lower`: lead and cycle times, §6's "improved when the median fell"); `higher`
   * for metrics such as a satisfaction rating, where a risen median is the improvement.
   */
  readonly better?: 'lower' | 'higher';
  /** Bootstrap seed (default 1). */
  readonly seed: number;
  /** Bootstrap resamples (default 10,000). */
  readonly resamples?: number;
  /**
   * The instant the data is as of (epoch ms); when given and the after window has not ended by its local date,
   * the result warns `after-window-open`.
   */
  readonly asOfMs?: number;
}

/** One window's figures; values in days. */
export interface EffectSample {
  /** First local date of the window (inclusive). */
  readonly from: string;
  /** Local date after the window (exclusive). */
  readonly to: string;
  readonly n: number;
  /** Median (type 7) in days; null for an empty sample. */
  readonly p50: number | null;
  /** 85th percentile (type 7) in days; null for an empty sample. */
  readonly p85: number | null;
}

/** The result, the CLI's `effect --format json` (FLOW-METRICS.md §6). */
export interface EffectResult {
  readonly metric: string;
  readonly timeZone: string;
  readonly changeDate: string;
  readonly before: EffectSample;
  readonly after: EffectSample;
  /** (p50 after − p50 before) ÷ p50 before; null when a sample is empty or p50 before is 0. */
  readonly medianChange: number | null;
  /** u, z and two-sided p-value; all null when a sample is empty. */
  readonly mannWhitney: {
    readonly u: number | null;
    readonly z: number | null;
    readonly pValue: number | null;
  };
  /** u ÷ (n₁·n₂): probability that a before value exceeds an after value (ties half); null when a sample is empty. */
  readonly effectSize: number | null;
  /** 95 % percentile interval of medianChange; bounds null when not computable. */
  readonly bootstrap: {
    readonly low: number | null;
    readonly high: number | null;
    readonly resamples: number;
    readonly seed: number;
  };
  readonly verdict: EffectVerdict;
  /** Codes, some with a detail in parentheses (see {@link analyseSamples}). */
  readonly warnings: readonly string[];
}

/** The windows of §6 as local dates: before [D − B, D), after [D, D + A). */
export function effectWindows(
  changeDate: string,
  beforeDays: number,
  afterDays: number,
): { before: { from: string; to: string }; after: { from: string; to: string } } {
  return {
    before: { from: addDays(changeDate, -beforeDays), to: changeDate },
    after: { from: changeDate, to: addDays(changeDate, afterDays) },
  };
}

/**
 * The before and after samples of §6 from the engine's issue facts: an issue counts when its metric is defined
 * (lead time: done; cycle time: done and started) and the local date of its done instant in `timeZone` lies in
 * a window. Values are the exact metric in days (ms ÷ 86,400,000), not calendar days.
 */
export function effectSamples(
  issues: Iterable<Pick<IssueFacts, 'doneMs' | 'leadTimeMs' | 'cycleTimeMs'>>,
  options: Pick<EffectOptions, 'metric' | 'timeZone' | 'changeDate' | 'beforeDays' | 'afterDays'>,
): { before: number[]; after: number[] } {
  const w = effectWindows(options.changeDate, options.beforeDays, options.afterDays);
  const before: number[] = [];
  const after: number[] = [];
  for (const issue of issues) {
    const valueMs = options.metric === 'lead-time' ? issue.leadTimeMs : issue.cycleTimeMs;
    if (valueMs === null || issue.doneMs === null) continue;
    // Local dates YYYY-MM-DD compare as strings in date order.
    const date = localDate(issue.doneMs, options.timeZone);
    if (date >= w.before.from && date < w.before.to) before.push(valueMs / MS_PER_DAY);
    else if (date >= w.after.from && date < w.after.to) after.push(valueMs / MS_PER_DAY);
  }
  return { before, after };
}

function sampleFigures(values: readonly number[], window: { from: string; to: string }): EffectSample {
  const sorted = sortNumbers(values);
  return { ...window, n: values.length, p50: percentile(sorted, 50), p85: percentile(sorted, 85) };
}

/**
 * The analysis of §6 for two samples (days for flow metrics; any unit works, the figures keep it):
 *
 * - figures per sample: n, p50 and p85 (type 7);
 * - `medianChange` = (p50 after − p50 before) ÷ p50 before, null when a sample is empty or p50 before is 0;
 * - Mann–Whitney U of before against after ({@link mannWhitneyU}: mid-ranks, tie and continuity correction,
 *   z = 0 when the corrected numerator is ≤ 0, as SciPy's asymptotic two-sided test), null when a sample is empty;
 * - bootstrap 95 % percentile interval of the median change ({@link bootstrapMedianChange}: `resamples` rounds,
 *   mulberry32 seeded with `seed`, type 7 2.5th/97.5th percentiles);
 * - verdict: `insufficient-data` when a sample has fewer than 8 values; else `improved` when pValue < α and the
 *   median fell (p50 after < p50 before), `worse` when pValue < α and it rose, `no-detectable-change` otherwise
 *   (also for a significant test with an unchanged median: the figures are still all reported). With
 *   `better: 'higher'` a rise is `improved` and a fall `worse`.
 *
 * Warnings: `before-too-small (n < 8)`, `after-too-small (n < 8)`, `median-change-undefined` (a sample is empty
 * or p50 before is 0), `bootstrap-resamples-undefined (k of N)` (resamples whose median before was 0, left out of
 * the interval), `after-window-open (…)` (the data ends before the after window does).
 */
export function analyseSamples(
  before: readonly number[],
  after: readonly number[],
  options: Omit<EffectOptions, 'timeZone' | 'metric'> & {
    readonly metric: string;
    readonly timeZone: string;
  },
): EffectResult {
  const windows = effectWindows(options.changeDate, options.beforeDays, options.afterDays);
  const beforeFigures = sampleFigures(before, windows.before);
  const afterFigures = sampleFigures(after, windows.after);
  const change = medianChange(before, after);
  const test = mannWhitneyU(before, after);
  const resamples = options.resamples ?? EFFECT_DEFAULTS.resamples;
  const interval = bootstrapMedianChange(before, after, options.seed, resamples);
  const warnings: string[] = [];
  const min = EFFECT_DEFAULTS.minSampleSize;
  if (before.length < min) warnings.push(`before-too-small (${before.length} < ${min})`);
  if (after.length < min) warnings.push(`after-too-small (${after.length} < ${min})`);
  if (change === null) warnings.push('median-change-undefined');
  if (interval.undefinedResamples > 0)
    warnings.push(`bootstrap-resamples-undefined (${interval.undefinedResamples} of ${resamples})`);
  if (options.asOfMs !== undefined) {
    const asOfDate = localDate(options.asOfMs, options.timeZone);
    if (asOfDate < addDays(windows.after.to, -1))
      warnings.push(
        `after-window-open (data as of ${asOfDate}, window ends ${addDays(windows.after.to, -1)})`,
      );
  }
  return {
    metric: options.metric,
    timeZone: options.timeZone,
    changeDate: options.changeDate,
    before: beforeFigures,
    after: afterFigures,
    medianChange: change,
    mannWhitney: { u: test?.u ?? null, z: test?.z ?? null, pValue: test?.pValue ?? null },
    effectSize: test?.effectSize ?? null,
    bootstrap: { low: interval.low, high: interval.high, resamples, seed: options.seed },
    verdict: verdictOf(
      beforeFigures,
      afterFigures,
      test?.pValue ?? null,
      options.alpha,
      options.better ?? 'lower',
    ),
    warnings,
  };
}

function verdictOf(
  before: EffectSample,
  after: EffectSample,
  pValue: number | null,
  alpha: number,
  better: 'lower' | 'higher',
): EffectVerdict {
  const min = EFFECT_DEFAULTS.minSampleSize;
  if (before.n < min || after.n < min || pValue === null) return 'insufficient-data';
  if (pValue < alpha && before.p50 !== null && after.p50 !== null) {
    if (after.p50 < before.p50) return better === 'lower' ? 'improved' : 'worse';
    if (after.p50 > before.p50) return better === 'lower' ? 'worse' : 'improved';
  }
  return 'no-detectable-change';
}

/**
 * The effect of a change on a flow metric (FLOW-METRICS.md §6) from the engine's issue facts (canonical mode,
 * instants in epoch ms): {@link effectSamples} then {@link analyseSamples}.
 */
export function analyseFlowEffect(
  issues: Iterable<Pick<IssueFacts, 'doneMs' | 'leadTimeMs' | 'cycleTimeMs'>>,
  options: EffectOptions,
): EffectResult {
  const { before, after } = effectSamples(issues, options);
  return analyseSamples(before, after, options);
}
