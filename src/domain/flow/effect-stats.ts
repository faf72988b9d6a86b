/**
 * The statistics of the effect analysis (FLOW-METRICS.md §6): the Mann–Whitney U test with its normal
 * approximation, the standard normal tail, and the seeded bootstrap interval of the relative median change.
 * Pure and unit-agnostic: samples are plain numbers (the effect analysis passes days).
 */
import { createPrng } from './forecast';
import { percentile, sortNumbers } from './percentiles';

/** Bound once: a global read in the resampling loop is a dictionary look-up inside a `vm` context (jest). */
const floor = Math.floor;

/** The result of a two-sided Mann–Whitney U test by the normal approximation. */
export interface MannWhitneyResult {
  /** Rank sum of the first sample − n₁(n₁+1)/2: pairs (x, y) with x > y, ties counting half. 0..n₁·n₂. */
  readonly u: number;
  /** Standardised U with tie and continuity correction, signed as u − n₁n₂/2 (0 when |u − n₁n₂/2| ≤ 0.5). */
  readonly z: number;
  /** Two-sided p-value 2·P(Z ≥ |z|), at most 1. */
  readonly pValue: number;
  /** u ÷ (n₁·n₂): probability that a value of the first sample exceeds one of the second, ties counting half. */
  readonly effectSize: number;
}

/**
 * erfc(x) for x ≥ 0 with a small relative error also far in the tail (p-values of 1e-30 keep their digits).
 * Below 2: 1 − erf(x) with erf(x) = 2/√π · e^(−x²) · Σ 2ⁿx^(2n+1)/(1·3·…·(2n+1)) (all terms positive, no
 * cancellation in the sum; erfc ≥ 0.0046 there, so the subtraction loses under two digits). From 2 on: the
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) by the modified Lentz
 * method.
 */
function erfcNonNegative(x: number): number {
  if (x < 2) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // Lentz: f = x + a₁/(x + a₂/(x + …)) with aₖ = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/**
 * Upper tail of the standard normal distribution, P(Z ≥ z) (SciPy's `norm.sf`), accurate in relative terms
 * far into the tail: erfc(z/√2)/2 for z ≥ 0, 1 − that for z < 0.
 *
 * @example normalSf(1.959963984540054) // ≈ 0.025
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  if (z === Number.POSITIVE_INFINITY) return 0;
  if (z === Number.NEGATIVE_INFINITY) return 1;
  const tail = erfcNonNegative(Math.abs(z) / Math.SQRT2) / 2;
  return z >= 0 ? tail : 1 - tail;
}

/**
 * Two-sided Mann–Whitney U test of `first` against `second` (FLOW-METRICS.md §6) by the normal approximation
 * with tie and continuity correction, for every sample size:
 *
 * - ranks 1..N over the pooled sample, tied values getting their mid-rank;
 * - u = R₁ − n₁(n₁+1)/2, R₁ the rank sum of `first`;
 * - σ² = n₁n₂/12 · ((N+1) − Σ(t³ − t)/(N(N−1))), t the sizes of the groups of tied values;
 * - z = sign(u − n₁n₂/2) · (|u − n₁n₂/2| − 0.5)/σ, and z = 0 when |u − n₁n₂/2| − 0.5 ≤ 0 or σ = 0 (all values
 *   equal);
 * - pValue = min(1, 2·P(Z ≥ |z|)).
 *
 * This is SciPy's `mannwhitneyu(first, second, use_continuity=True, alternative='two-sided',
 * method='asymptotic')`: SciPy takes U = max(U₁, U₂), so its numerator is |u − n₁n₂/2| − 0.5; where that is ≤ 0
 * (or σ = 0) its 2·sf(z) is ≥ 1 and clipped to 1, which z = 0 gives as well. SciPy reports U₁ (our u) as the
 * statistic and no z.
 *
 * @returns null when either sample is empty (no test possible).
 * @example mannWhitneyU([3, 4, 5], [1, 2]) // u 6, z ≈ 1.443, pValue ≈ 0.149, effectSize 1
 */
export function mannWhitneyU(first: readonly number[], second: readonly number[]): MannWhitneyResult | null {
  const n1 = first.length;
  const n2 = second.length;
  if (n1 === 0 || n2 === 0) return null;
  const n = n1 + n2;
  // Pooled values tagged by sample (first: index < n1), sorted by value.
  const order = Array.from({ length: n }, (_, i) => i);
  const valueOf = (i: number): number => (i < n1 ? (first[i] ?? 0) : (second[i - n1] ?? 0));
  order.sort((a, b) => valueOf(a) - valueOf(b));
  let rankSumFirst = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    const value = valueOf(order[start] ?? 0);
    while (end < n && valueOf(order[end] ?? 0) === value) end++;
    // Positions start..end-1 hold ranks start+1..end: their mid-rank.
    const midRank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if ((order[k] ?? 0) < n1) rankSumFirst += midRank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  const u = rankSumFirst - (n1 * (n1 + 1)) / 2;
  const deviation = u - (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const numerator = Math.abs(deviation) - 0.5;
  const z = numerator <= 0 || !(variance > 0) ? 0 : (Math.sign(deviation) * numerator) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), effectSize: u / (n1 * n2) };
}

/**
 * Relative change of the median: (p50 after − p50 before) ÷ p50 before, medians by type 7.
 * @returns null when a sample is empty or the median before is 0 (no relative change of nothing).
 */
export function medianChange(before: readonly number[], after: readonly number[]): number | null {
  const p50Before = percentile(sortNumbers(before), 50);
  const p50After = percentile(sortNumbers(after), 50);
  if (p50Before === null || p50After === null || p50Before === 0) return null;
  return (p50After - p50Before) / p50Before;
}

/** A bootstrap percentile interval. */
export interface BootstrapInterval {
  /** 2.5th percentile (type 7) of the resampled statistic; null when no resample gave a value. */
  readonly low: number | null;
  /** 97.5th percentile (type 7) of the resampled statistic; null when no resample gave a value. */
  readonly high: number | null;
  /** Resamples drawn. */
  readonly resamples: number;
  /** Resamples whose statistic was undefined (median before 0) and left out of the interval. */
  readonly undefinedResamples: number;
  readonly seed: number;
}

/**
 * Median of a resample drawn with replacement from `sortedAscending` (type 7), drawing `n` indices with `next`.
 * The draws are counted per index instead of sorted: the resample's order statistics follow from the counts in
 * one pass (the source is sorted), O(n) per resample instead of O(n log n).
 */
function resampledMedian(sortedAscending: Float64Array, counts: Int32Array, next: () => number): number {
  const n = sortedAscending.length;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const j = floor(next() * n);
    counts[j] = (counts[j] ?? 0) + 1;
  }
  // Type 7 median: positions ⌊(n−1)/2⌋ and ⌈(n−1)/2⌉ (0-based) of the sorted resample, averaged.
  const lowPosition = (n - 1) >> 1;
  const highPosition = n >> 1;
  let seen = 0;
  let low = Number.NaN;
  for (let j = 0; j < n; j++) {
    seen += counts[j] ?? 0;
    if (Number.isNaN(low) && seen > lowPosition) low = sortedAscending[j] ?? Number.NaN;
    if (seen > highPosition) {
      const high = sortedAscending[j] ?? Number.NaN;
      // As percentile() interpolates at fraction 0.5 (from the upper neighbour), so the bits agree.
      return high - (high - low) * 0.5;
    }
  }
  return low;
}

/**
 * 95 % bootstrap percentile interval of {@link medianChange} (FLOW-METRICS.md §6). Each of `resamples` rounds
 * draws n₁ values from `before` and then n₂ from `after` with replacement, from one mulberry32 stream
 * ({@link createPrng}) seeded with `seed` (index ⌊u·n⌋ of the sorted sample for each uniform u), and computes the
 * resample's median change. The interval is the 2.5th and 97.5th percentile, type 7, of the defined changes;
 * rounds whose median before is 0 are left out and counted. Same samples and seed → same interval everywhere.
 *
 * @returns an interval with null bounds when a sample is empty (nothing to resample).
 */
export function bootstrapMedianChange(
  before: readonly number[],
  after: readonly number[],
  seed: number,
  resamples: number,
): BootstrapInterval {
  if (!Number.isInteger(resamples) || resamples < 1)
    throw new RangeError(`Resamples must be a positive integer: ${resamples}`);
  const empty = { low: null, high: null, resamples, undefinedResamples: 0, seed };
  if (before.length === 0 || after.length === 0) return empty;
  const sortedBefore = sortNumbers(before);
  const sortedAfter = sortNumbers(after);
  const countsBefore = new Int32Array(sortedBefore.length);
  const countsAfter = new Int32Array(sortedAfter.length);
  const next = createPrng(seed);
  const changes = new Float64Array(resamples);
  let defined = 0;
  for (let r = 0; r < resamples; r++) {
    const p50Before = resampledMedian(sortedBefore, countsBefore, next);
    const p50After = resampledMedian(sortedAfter, countsAfter, next);
    if (p50Before !== 0) changes[defined++] = (p50After - p50Before) / p50Before;
  }
  if (defined === 0) return { ...empty, undefinedResamples: resamples };
  const sorted = changes.subarray(0, defined).sort();
  return {
    low: percentile(sorted, 2.5),
    high: percentile(sorted, 97.5),
    resamples,
    undefinedResamples: resamples - defined,
    seed,
  };
}
