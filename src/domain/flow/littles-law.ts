/**
 * Little's Law check over a window (FLOW-METRICS.md §3.10).
 *
 * Little's Law: average cycle time = average WIP ÷ average throughput. It holds exactly only for a stable system
 * (arrivals ≈ departures, WIP neither growing nor shrinking, items not abandoned) observed over a window long
 * enough that items straddling its edges do not matter. Comparing the cycle time the law predicts with the cycle
 * time actually measured therefore tells how far the process is from those assumptions.
 */

/**
 * Largest relative deviation still reported as "stable". Not a figure from the literature: the averages come from
 * one finite window, where items that started before it or are still open after it skew WIP and cycle time by
 * some percent even in a healthy process, so a tight bound would flag noise. 20 % tolerates that edge effect but
 * still flags what matters: WIP piling up (predicted ≫ measured) or old items being flushed out (predicted ≪
 * measured).
 */
export const LITTLES_LAW_STABLE_DEVIATION = 0.2;

export interface LittlesLawInput {
  /** Mean of the daily WIP counts over the window (items). */
  readonly averageWip: number;
  /** Mean of the daily throughput over the window (items per day). */
  readonly averageThroughputPerDay: number;
  /** Mean cycle time of the items finished in the window (days), or null when none finished. */
  readonly meanCycleTimeDays: number | null;
}

export interface LittlesLawCheck {
  readonly averageWip: number;
  readonly averageThroughputPerDay: number;
  /** averageWip ÷ averageThroughputPerDay (days); null when nothing was finished. */
  readonly predictedCycleTimeDays: number | null;
  readonly meanCycleTimeDays: number | null;
  /** (predicted − measured) ÷ measured: +0.5 means the law predicts 50 % longer cycle times than measured. */
  readonly deviation: number | null;
  /** |deviation| <= 20 %; null when the deviation cannot be computed. */
  readonly stable: boolean | null;
}

/**
 * Compares the cycle time Little's Law predicts from WIP and throughput with the mean cycle time measured over the
 * same window.
 *
 * This is a stability signal, never a forecast: Little's Law holds only for a stable system over a long enough
 * window, so a large deviation says the process was not stable in that window (WIP growing or shrinking, work
 * abandoned, too short a window), and a small one only that it was consistent with stability. Do not use the
 * predicted cycle time to promise dates; use the Monte Carlo forecast for that. `stable` is |deviation| <= 20 %
 * ({@link LITTLES_LAW_STABLE_DEVIATION}: large enough to absorb the edge effects of a finite window, small enough
 * to flag real drift).
 *
 * Units: WIP in items, throughput in items per day, cycle times in days. The time zone does not enter here; the
 * daily averages come from days in the report's time zone.
 *
 * @returns predicted = WIP ÷ throughput (null when throughput <= 0); deviation = (predicted − mean) ÷ mean (null
 *   when either is null or the mean is 0); stable = |deviation| <= 0.2 (null when the deviation is null).
 * @example
 * littlesLawCheck({ averageWip: 12, averageThroughputPerDay: 1.5, meanCycleTimeDays: 10 })
 * // predicted 8 days, deviation (8 − 10) / 10 = −0.2, stable: true
 */
export function littlesLawCheck(input: LittlesLawInput): LittlesLawCheck {
  const { averageWip, averageThroughputPerDay, meanCycleTimeDays } = input;
  const predictedCycleTimeDays = averageThroughputPerDay > 0 ? averageWip / averageThroughputPerDay : null;
  const deviation =
    predictedCycleTimeDays === null || meanCycleTimeDays === null || meanCycleTimeDays === 0
      ? null
      : (predictedCycleTimeDays - meanCycleTimeDays) / meanCycleTimeDays;
  return {
    averageWip,
    averageThroughputPerDay,
    predictedCycleTimeDays,
    meanCycleTimeDays,
    deviation,
    stable: deviation === null ? null : Math.abs(deviation) <= LITTLES_LAW_STABLE_DEVIATION,
  };
}
