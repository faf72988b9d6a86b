/**
 * The flow gadget's numbers: one metric over a period and the period before it, with the trend. Computed from one
 * engine report, pure (no clock: the periods end at the report's asOf day).
 *
 * Periods are whole local days in the report's time zone: current = the `periodDays` days ending with asOf's day,
 * previous = the `periodDays` days before. Durations in days (ms ÷ 86,400,000).
 */
import { addDays, localDate, startOfLocalDayMs } from './calendar';
import { percentile, sortNumbers } from './percentiles';
import type { FlowFacts } from './types';

/**
 * - `cycleTime` / `leadTime`: the `percentile` of the items finished in the period, days.
 * - `throughput`: items finished in the period.
 * - `wip`: work in progress at the end of the period.
 * - `aging`: items started and not finished at the end of the period that are older than the `percentile` cycle
 *   time of the items finished in that period (how many are already "late"); null when none finished. Reconstructed
 *   from each item's start and done instants, so an item moved back before its start point still counts.
 */
export type GadgetMetric = 'leadTime' | 'cycleTime' | 'throughput' | 'wip' | 'aging';

/** Direction of the current period's value against the previous one (`none` when either lacks data). */
export type GadgetTrend = 'up' | 'down' | 'flat' | 'none';

const MS_PER_DAY = 86_400_000;
/** |change| up to this share counts as flat. */
export const FLAT_CHANGE = 0.05;

export interface PeriodValue {
  /** null without data (nothing finished for time metrics and aging). */
  readonly value: number | null;
  /** Items the value is computed from. */
  readonly sampleSize: number;
}

interface PeriodFacts {
  readonly doneDate: string | null;
  readonly startMs: number | null;
  readonly doneMs: number | null;
  readonly cycleTimeMs: number | null;
  readonly leadTimeMs: number | null;
}

function factsOf(report: FlowFacts): PeriodFacts[] {
  return report.issues.map((i) => {
    const doneMs = i.doneMs;
    return {
      doneDate: doneMs === null ? null : localDate(doneMs, report.timeZone),
      startMs: i.startMs,
      doneMs,
      cycleTimeMs: i.cycleTimeMs,
      leadTimeMs: i.leadTimeMs,
    };
  });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * The metric over the local days `[first, last]`:
 * - `cycleTime` / `leadTime`: the `percentileValue` percentile of the items finished in those days, days;
 * - `throughput`: items finished in those days;
 * - `wip`: the engine's WIP at the end of `last`;
 * - `aging`: items started before and not finished at the end of `last` (or asOf) older than the percentile cycle
 *   time of the items finished in those days.
 *
 * @example metricOver(report, facts, 'throughput', 85, '2026-03-01', '2026-03-07') // { value: 12, sampleSize: 12 }
 */
function metricOver(
  report: FlowFacts,
  facts: readonly PeriodFacts[],
  metric: GadgetMetric,
  percentileValue: number,
  first: string,
  last: string,
): PeriodValue {
  const finished = facts.filter((f) => f.doneDate !== null && f.doneDate >= first && f.doneDate <= last);
  switch (metric) {
    case 'throughput':
      return { value: finished.length, sampleSize: finished.length };
    case 'wip': {
      const row = report.daily.find((d) => d.date === last);
      const wip = row?.wip ?? 0;
      return { value: wip, sampleSize: wip };
    }
    case 'cycleTime':
    case 'leadTime': {
      const values = finished.flatMap((f) => {
        const ms = metric === 'cycleTime' ? f.cycleTimeMs : f.leadTimeMs;
        return ms === null ? [] : [ms];
      });
      const p = percentile(sortNumbers(values), percentileValue);
      return { value: p === null ? null : round2(p / MS_PER_DAY), sampleSize: values.length };
    }
    case 'aging': {
      const cycle = finished.flatMap((f) => (f.cycleTimeMs === null ? [] : [f.cycleTimeMs]));
      const threshold = percentile(sortNumbers(cycle), percentileValue);
      const endMs = Math.min(report.asOfMs, startOfLocalDayMs(addDays(last, 1), report.timeZone));
      const open = facts.filter(
        (f) => f.startMs !== null && f.startMs < endMs && (f.doneMs === null || f.doneMs >= endMs),
      );
      if (threshold === null) return { value: null, sampleSize: open.length };
      return {
        value: open.filter((f) => endMs - (f.startMs ?? endMs) > threshold).length,
        sampleSize: open.length,
      };
    }
  }
}

/**
 * Direction of `current` against `previous` (any unit): flat within ±5 %; `none` when either is null; change as
 * a fraction of `previous` (3 decimals), null when `previous` is 0.
 * @example trendOf(8, 4) // { trend: 'up', change: 1 }
 */
export function trendOf(
  current: number | null,
  previous: number | null,
): { trend: GadgetTrend; change: number | null } {
  if (current === null || previous === null) return { trend: 'none', change: null };
  if (previous === 0) return { trend: current === 0 ? 'flat' : 'up', change: null };
  const change = (current - previous) / previous;
  return {
    trend: Math.abs(change) <= FLAT_CHANGE ? 'flat' : change > 0 ? 'up' : 'down',
    change: Math.round(change * 1000) / 1000,
  };
}

/**
 * Whether a trend is good news: throughput should go up, times, WIP and aging down; null when flat or unknown.
 * @example isImproving('cycleTime', 'down') === true
 */
export function isImproving(metric: GadgetMetric, trend: GadgetTrend): boolean | null {
  if (trend === 'flat' || trend === 'none') return null;
  return metric === 'throughput' ? trend === 'up' : trend === 'down';
}

export interface GadgetMetricResult {
  readonly current: PeriodValue;
  readonly previous: PeriodValue;
  readonly trend: GadgetTrend;
  readonly change: number | null;
  readonly improving: boolean | null;
  readonly period: {
    readonly from: string;
    readonly to: string;
    readonly previousFrom: string;
    readonly previousTo: string;
  };
  /** The metric per day (periods ≤ 14 days) or per 7 days over both periods, oldest first. */
  readonly spark: readonly (number | null)[];
}

/**
 * The gadget's metric for the period ending with the report's asOf day and the period before it, with trend and
 * a sparkline (see {@link metricOver} for each metric's definition).
 *
 * @example
 * gadgetMetric(report, 'cycleTime', 85, 14)
 * // { current: { value: 6.5, sampleSize: 20 }, previous: { value: 8, sampleSize: 18 }, trend: 'down', improving: true, ... }
 */
export function gadgetMetric(
  report: FlowFacts,
  metric: GadgetMetric,
  percentileValue: number,
  periodDays: number,
): GadgetMetricResult {
  const facts = factsOf(report);
  const to = report.daily.at(-1)?.date ?? localDate(report.asOfMs, report.timeZone);
  const from = addDays(to, 1 - periodDays);
  const previousTo = addDays(from, -1);
  const previousFrom = addDays(previousTo, 1 - periodDays);
  const current = metricOver(report, facts, metric, percentileValue, from, to);
  const previous = metricOver(report, facts, metric, percentileValue, previousFrom, previousTo);
  const { trend, change } = trendOf(current.value, previous.value);
  const bucket = periodDays <= 14 ? 1 : 7;
  const spark: (number | null)[] = [];
  for (let end = to; end >= previousFrom; end = addDays(end, -bucket)) {
    const start = addDays(end, 1 - bucket) < previousFrom ? previousFrom : addDays(end, 1 - bucket);
    spark.push(metricOver(report, facts, metric, percentileValue, start, end).value);
  }
  spark.reverse();
  return {
    current,
    previous,
    trend,
    change,
    improving: isImproving(metric, trend),
    period: { from, to, previousFrom, previousTo },
    spark,
  };
}
