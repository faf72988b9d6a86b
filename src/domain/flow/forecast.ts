/**
 * Monte Carlo forecasts from daily throughput (FLOW-METRICS.md §3.11).
 *
 * The sample is the throughput of each of the last N days (items finished per local day, zero days included).
 * Each trial replays the future by drawing days from that sample with replacement, so the forecast carries the
 * team's real day-to-day variation instead of an average. The PRNG is seeded: the same sample and seed give the
 * same forecast on every machine, which keeps reports reproducible and tests exact.
 *
 * Hot loops use typed arrays and allocate nothing per draw: 10,000 trials × 365 days take under 100 ms even on a
 * busy two-core machine.
 */
import { addDays, toDayNumber } from './calendar';

/**
 * Hot-loop built-ins bound once. Reading a global such as `Math` is a dictionary look-up when the code runs
 * inside a `vm` context (jest runs every test file in one): bound here, the loops run 25× faster under test and
 * no slower anywhere else.
 */
const imul = Math.imul;

/** Confidence levels reported by every forecast, in percent. */
export const CONFIDENCE_LEVELS = [50, 70, 85, 95] as const;

export type ConfidenceKey = `${(typeof CONFIDENCE_LEVELS)[number]}`;

/** Trials per forecast when the caller does not say (FLOW-METRICS.md §3.11). */
export const DEFAULT_TRIALS = 10_000;

/** Horizon after which a "when" trial gives up: ten years of days. */
export const DEFAULT_MAX_DAYS = 3650;

/**
 * A deterministic pseudo-random number generator (mulberry32): 32-bit state, period 2^32, values in [0, 1).
 * Statistically fine for resampling and an order of magnitude faster than anything cryptographic; not for
 * secrets.
 *
 * @param seed any number; it is reduced to an unsigned 32-bit integer (fractions dropped, NaN → 0).
 * @example const next = createPrng(1); next() === createPrng(1)() // same seed, same sequence
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = imul(state ^ (state >>> 15), 1 | state);
    t = (t + imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface HowManyForecast {
  readonly trials: number;
  /** Days in the throughput sample. */
  readonly sampleDays: number;
  /** Items finished within the horizon with at least this confidence: "≥ value items in c % of trials". */
  readonly itemsAtConfidence: Record<ConfidenceKey, number>;
}

export interface WhenForecast {
  readonly trials: number;
  /** Days in the throughput sample. */
  readonly sampleDays: number;
  /**
   * Forecast days needed to finish the items, the day of completion included (1 = done on the first forecast
   * day): "done within value days in c % of trials"; `null` when more than 100 − c % of trials did not finish
   * within `maxDays`.
   */
  readonly daysAtConfidence: Record<ConfidenceKey, number | null>;
}

/** One value per confidence level, keyed '50' | '70' | '85' | '95'. */
function byConfidence<T>(valueAt: (confidence: number) => T): Record<ConfidenceKey, T> {
  return { '50': valueAt(50), '70': valueAt(70), '85': valueAt(85), '95': valueAt(95) };
}

function checkTrials(trials: number): void {
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`Trials must be a positive integer: ${trials}`);
}

/**
 * "How many items will be finished in the next `days` days?" — Monte Carlo over daily throughput.
 *
 * Each trial sums `days` draws (with replacement) from `dailyThroughput`. "c % confidence" means at least that
 * many items in c % of trials: the trial totals are sorted ascending and the order statistic at index
 * ⌊(100 − c) / 100 · (trials − 1)⌋ is taken, without interpolation (items are whole).
 *
 * @param dailyThroughput items finished per day of the sample window, zero days included.
 * @param days horizon in whole days (0 → 0 items).
 * @param options.trials number of trials (default 10,000); options.seed PRNG seed.
 * @returns the forecast, or `null` when the sample is empty or `days` is negative.
 * @throws RangeError for a non-integer `days` or `trials` < 1.
 * @example forecastHowMany([2, 2, 2], 10, { seed: 1 })?.itemsAtConfidence // { '50': 20, '70': 20, '85': 20, '95': 20 }
 */
export function forecastHowMany(
  dailyThroughput: readonly number[],
  days: number,
  options: { trials?: number; seed: number },
): HowManyForecast | null {
  const trials = options.trials ?? DEFAULT_TRIALS;
  checkTrials(trials);
  if (dailyThroughput.length === 0 || days < 0) return null;
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number: ${days}`);
  const sample = Float64Array.from(dailyThroughput);
  // `| 0` truncates like Math.floor for the non-negative draw index (< sampleSize < 2^31), without a global look-up.
  const sampleSize = sample.length;
  const next = createPrng(options.seed);
  const totals = new Float64Array(trials);
  for (let trial = 0; trial < trials; trial++) {
    let total = 0;
    for (let day = 0; day < days; day++) total += sample[(next() * sampleSize) | 0] ?? 0;
    totals[trial] = total;
  }
  totals.sort();
  const itemsAtConfidence = byConfidence((confidence) => {
    // Integer arithmetic before the division: (100 − c) / 100 · (n − 1) in floating point can land a hair below a
    // whole index (0.3 · 10 = 2.9999999999999996) and floor to the wrong order statistic.
    const index = Math.floor(((100 - confidence) * (trials - 1)) / 100);
    return totals[index] ?? 0;
  });
  return { trials, sampleDays: sampleSize, itemsAtConfidence };
}

/**
 * "When will `items` items be finished?" — Monte Carlo over daily throughput.
 *
 * Each trial draws days (with replacement) from `dailyThroughput` until the running total reaches `items`; the
 * number of days drawn is that trial's result (0 when `items` <= 0). A trial still short after `maxDays` days
 * did not finish. "c % confidence" is the c-th percentile of the days needed, as an order statistic: sorted
 * ascending, index ⌈c / 100 · trials⌉ − 1, i.e. the smallest day count within which c % of trials finished. When
 * that order statistic is an unfinished trial, the level is `null` ("not within maxDays").
 *
 * @param dailyThroughput items finished per day of the sample window, zero days included.
 * @param items items still to finish.
 * @param options.trials number of trials (default 10,000); options.seed PRNG seed; options.maxDays horizon per
 *   trial (default 3650).
 * @returns the forecast, or `null` when the sample is empty or has no day with throughput > 0 (the items could
 *   never be finished).
 * @throws RangeError for a non-finite `items`, `trials` < 1 or `maxDays` < 0.
 * @example forecastWhen([2, 2, 2], 7, { seed: 1 })?.daysAtConfidence // { '50': 4, '70': 4, '85': 4, '95': 4 }
 */
export function forecastWhen(
  dailyThroughput: readonly number[],
  items: number,
  options: { trials?: number; seed: number; maxDays?: number },
): WhenForecast | null {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const maxDays = options.maxDays ?? DEFAULT_MAX_DAYS;
  checkTrials(trials);
  if (!Number.isFinite(items)) throw new RangeError(`Items must be a finite number: ${items}`);
  if (!(maxDays >= 0)) throw new RangeError(`maxDays must be >= 0: ${maxDays}`);
  if (!dailyThroughput.some((count) => count > 0)) return null;
  const sample = Float64Array.from(dailyThroughput);
  const sampleSize = sample.length;
  const next = createPrng(options.seed);
  const daysNeeded = new Float64Array(trials);
  for (let trial = 0; trial < trials; trial++) {
    let total = 0;
    let day = 0;
    while (total < items && day < maxDays) {
      total += sample[(next() * sampleSize) | 0] ?? 0;
      day++;
    }
    // Infinity sorts after every finished trial, so the unfinished ones fill the top order statistics.
    daysNeeded[trial] = total >= items ? day : Number.POSITIVE_INFINITY;
  }
  daysNeeded.sort();
  const daysAtConfidence = byConfidence((confidence) => {
    const value = daysNeeded[Math.ceil((confidence * trials) / 100) - 1] ?? Number.POSITIVE_INFINITY;
    return Number.isFinite(value) ? value : null;
  });
  return { trials, sampleDays: sampleSize, daysAtConfidence };
}

/** Both Monte Carlo questions for one sample, dated from a local day (FLOW-METRICS.md §3.11). */
export interface DatedForecast {
  /** Days of daily throughput sampled. */
  readonly sampleDays: number;
  readonly trials: number;
  readonly seed: number;
  /** "At least N items by `byDate`" at each confidence; null without history. */
  readonly howMany: {
    readonly byDate: string;
    readonly itemsAtConfidence: Readonly<Record<ConfidenceKey, number>>;
  } | null;
  /** "`items` items done by <date>" at each confidence (null date: not within ten years); null without need or history. */
  readonly when: {
    readonly items: number;
    readonly dateAtConfidence: Readonly<Record<ConfidenceKey, string | null>>;
  } | null;
}

/**
 * The one Monte Carlo forecast every screen and the CLI show: "how many by `byDate`" and "when will `items` be
 * done", both from the same sample and seed, dated from `fromDate` (the local day of asOf; day n of a trial is
 * `fromDate + n`). The engine's report and the project page both take it from here, so it runs once per report.
 *
 * @param sample items finished per day (zero days included), oldest first.
 * @param fromDate `YYYY-MM-DD`, the day the forecast starts from.
 * @param options.byDate the "how many" date (≥ fromDate); options.items the "when" count (≤ 0: no "when").
 * @returns null for an empty sample.
 * @example
 * datedForecast([1, 1], '2026-03-02', { byDate: '2026-03-04', items: 2, seed: 1 })
 * // { howMany: { byDate: '2026-03-04', itemsAtConfidence: { '50': 2, … } }, when: { items: 2, dateAtConfidence: { '50': '2026-03-04', … } } }
 */
export function datedForecast(
  sample: readonly number[],
  fromDate: string,
  options: {
    readonly byDate: string;
    readonly items: number;
    readonly seed: number;
    readonly trials?: number;
  },
): DatedForecast | null {
  if (sample.length === 0) return null;
  const { seed } = options;
  const run = options.trials === undefined ? { seed } : { seed, trials: options.trials };
  const horizon = Math.max(0, toDayNumber(options.byDate) - toDayNumber(fromDate));
  const howMany = forecastHowMany(sample, horizon, run);
  const when = options.items > 0 ? forecastWhen(sample, options.items, run) : null;
  const dateAt = (n: number | null): string | null => (n === null ? null : addDays(fromDate, n));
  return {
    sampleDays: sample.length,
    trials: howMany?.trials ?? when?.trials ?? 0,
    seed,
    howMany:
      howMany === null
        ? null
        : { byDate: options.byDate, itemsAtConfidence: { ...howMany.itemsAtConfidence } },
    when:
      when === null
        ? null
        : {
            items: options.items,
            dateAtConfidence: byConfidence((c) => dateAt(when.daysAtConfidence[`${c}` as ConfidenceKey])),
          },
  };
}
