/**
 * Order statistics of the flow engine (FLOW-METRICS.md §3.8 and §3.9): percentiles of lead and cycle times and
 * the percentile rank of an aging item. Unit-agnostic: the result has the unit of the input (ms or days).
 *
 * Inputs are sorted ascending once ({@link sortNumbers}) and then queried many times, so the query functions take
 * an already sorted array and never copy it.
 */

/**
 * The p-th percentile of an ascending sample by linear interpolation between order statistics: Hyndman & Fan
 * type 7, the default of numpy (`np.percentile`), pandas and R. With n values the percentile lies at 0-based
 * position h = (n − 1) · p / 100, between the values at ⌊h⌋ and ⌈h⌉.
 *
 * @param sortedAscending finite numbers sorted ascending (not checked; see {@link sortNumbers}).
 * @param p percentile, 0..100.
 * @returns a value in the input's unit, or `null` for an empty sample.
 * @throws RangeError when p is outside 0..100 or not a number.
 * @example percentile([1, 2, 3, 4], 85) // 3.55, as np.percentile([1, 2, 3, 4], 85)
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`Percentile must be within 0..100: ${p}`);
  const n = sortedAscending.length;
  if (n === 0) return null;
  const position = (n - 1) * (p / 100);
  const below = Math.floor(position);
  const lower = sortedAscending[below] ?? Number.NaN;
  if (below >= n - 1) return lower;
  const upper = sortedAscending[below + 1] ?? Number.NaN;
  const fraction = position - below;
  // numpy interpolates from the nearer neighbour (lerp from above when fraction >= 0.5); doing the same keeps
  // results bit-identical to np.percentile and exact at the upper end.
  return fraction >= 0.5 ? upper - (upper - lower) * (1 - fraction) : lower + (upper - lower) * fraction;
}

/**
 * Percentile rank of `value` in an ascending sample: the share (0..100) of values strictly below it. For aging
 * WIP: "this item is already older than X % of the items finished in the window" (FLOW-METRICS.md §3.9).
 *
 * @returns 0..100, or `null` for an empty sample.
 * @example percentileRank([1, 2, 3, 4], 3) === 50 // 1 and 2 are below 3
 */
export function percentileRank(sortedAscending: ArrayLike<number>, value: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  // Binary search for the first index whose value is >= value: that index counts the values below.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sortedAscending[mid] ?? Number.POSITIVE_INFINITY) < value) lo = mid + 1;
    else hi = mid;
  }
  return (lo / n) * 100;
}

/**
 * Copies numbers into a new `Float64Array` sorted ascending (numeric typed-array sort; NaN, if any, last).
 *
 * @example Array.from(sortNumbers([3, 1, 2])) // [1, 2, 3]
 */
export function sortNumbers(values: Iterable<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Arithmetic mean, in the input's unit.
 *
 * @returns the mean, or `null` for an empty sample.
 * @example mean([1, 2, 3, 4]) === 2.5
 */
export function mean(values: ArrayLike<number>): number | null {
  const n = values.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] ?? 0;
  return sum / n;
}
