/**
 * The flow engine's summary over all issues: lead/cycle time percentiles, throughput, Little's Law, aging WIP and
 * the Monte Carlo forecast (FLOW-METRICS.md §3). Pure; called once by the aggregate finish (`engine-finish.ts`).
 */
import { addDays, dayIndex, localDate } from './calendar';
import type { DayGrid } from './calendar';
import type { AnalysedIssue } from './engine-issue';
import { datedForecast } from './forecast';
import { littlesLawCheck } from './littles-law';
import type { ResolvedMapping } from './mapping';
import { percentile, percentileRank, sortNumbers } from './percentiles';
import type {
  AgingFacts,
  DurationSummary,
  FlowFacts,
  FlowOptions,
  ForecastReport,
  LittlesLawReport,
} from './types';

const MS_PER_DAY = 86_400_000;
/** Default look-back for Little's Law, aging percentiles and the forecast sample, in days. */
export const DEFAULT_WINDOW_DAYS = 90;
/** Default forecast horizon ("how many by asOf + 30 days"), in days. */
export const DEFAULT_FORECAST_DAYS = 30;

function summarize(values: number[], unit: 'ms' | 'days'): DurationSummary {
  const sorted = sortNumbers(values);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p85: percentile(sorted, 85),
    p95: percentile(sorted, 95),
    unit,
  };
}

export interface SeriesContext {
  readonly grid: DayGrid;
  readonly wip: Int32Array;
  readonly throughput: Int32Array;
  readonly seriesDays: number;
  readonly asOfMs: number;
  readonly windowDays: number;
  readonly seed: number;
  readonly mode: FlowOptions['mode'];
  readonly forecast: NonNullable<FlowOptions['forecast']>;
}

export function buildSummary(
  analysed: readonly AnalysedIssue[],
  mapping: ResolvedMapping,
  statusNames: readonly string[],
  ctx: SeriesContext,
): Omit<FlowFacts['summary'], 'warningCounts'> {
  const { grid, asOfMs } = ctx;
  const days = ctx.seriesDays;
  const leadTimes: number[] = [];
  const cycleTimes: number[] = [];
  const compatCycleDays: number[] = [];
  for (const a of analysed) {
    if (a.canonical.leadTimeMs !== null) leadTimes.push(a.canonical.leadTimeMs);
    if (a.canonical.cycleTimeMs !== null) cycleTimes.push(a.canonical.cycleTimeMs);
    if (a.compat?.cycleTimeDays !== null && a.compat?.cycleTimeDays !== undefined)
      compatCycleDays.push(a.compat.cycleTimeDays);
  }
  let totalThroughput = 0;
  for (let d = 0; d < days; d++) totalThroughput += ctx.throughput[d] ?? 0;

  // The window: the last `windowDays` days of the series ending with asOf's day (Little's Law, aging ranks);
  // the forecast samples the full days before asOf's day, since today is not over yet.
  const windowStart = Math.max(0, days - ctx.windowDays);
  const asOfDay = days - 1;
  const windowCycleTimes: number[] = [];
  for (const a of analysed) {
    const { doneMs, cycleTimeMs } = a.canonical;
    if (doneMs === null || cycleTimeMs === null) continue;
    const day = dayIndex(grid, doneMs);
    if (day >= windowStart && day <= asOfDay) windowCycleTimes.push(cycleTimeMs);
  }
  const sortedWindowCycle = sortNumbers(windowCycleTimes);

  let littlesLaw: LittlesLawReport | null = null;
  if (days > 0) {
    let wipSum = 0;
    let doneSum = 0;
    for (let d = windowStart; d < days; d++) {
      wipSum += ctx.wip[d] ?? 0;
      doneSum += ctx.throughput[d] ?? 0;
    }
    const span = days - windowStart;
    const meanCycleMs =
      windowCycleTimes.length === 0
        ? null
        : windowCycleTimes.reduce((s, v) => s + v, 0) / windowCycleTimes.length;
    const check = littlesLawCheck({
      averageWip: wipSum / span,
      averageThroughputPerDay: doneSum / span,
      meanCycleTimeDays: meanCycleMs === null ? null : meanCycleMs / MS_PER_DAY,
    });
    littlesLaw = {
      windowStart: grid.dates[windowStart] ?? '',
      windowEnd: grid.dates[asOfDay] ?? '',
      ...check,
    };
  }

  const aging: AgingFacts[] = [];
  for (const a of analysed) {
    const last = a.timeline.visits[a.timeline.visits.length - 1];
    if (last === undefined || a.canonical.doneMs !== null) continue;
    const stage = mapping.stageOfStatus[last.status] ?? -1;
    if (stage < mapping.startStageIndex || stage >= mapping.doneStageIndex || a.canonical.startMs === null)
      continue;
    const ageMs = asOfMs - a.canonical.startMs;
    aging.push({
      key: a.timeline.key,
      status: statusNames[last.status] ?? '',
      stage: mapping.stages[stage]?.name ?? '',
      startMs: a.canonical.startMs,
      ageMs,
      percentileRank: percentileRank(sortedWindowCycle, ageMs),
    });
  }
  aging.sort((x, y) => y.ageMs - x.ageMs);

  return {
    leadTime: summarize(leadTimes, 'ms'),
    cycleTime:
      ctx.mode === 'jira-agile-metrics' ? summarize(compatCycleDays, 'days') : summarize(cycleTimes, 'ms'),
    throughputPerWeek: days === 0 ? 0 : (totalThroughput / days) * 7,
    littlesLaw,
    wipNow: ctx.wip[asOfDay] ?? 0,
    aging,
    forecast: buildForecast(ctx, aging.length),
  };
}

/**
 * The Monte Carlo forecast over the full days of the window before asOf's day (asOf's own day is not over): how
 * many by the asked date (default asOf's day + {@link DEFAULT_FORECAST_DAYS}) and when the asked number of items
 * (default the aging WIP) will be done.
 */
function buildForecast(ctx: SeriesContext, wipCount: number): ForecastReport | null {
  const fullDays = ctx.seriesDays - 1;
  const from = Math.max(0, fullDays - ctx.windowDays);
  const sample = Array.from(ctx.throughput.subarray(from, Math.max(from, fullDays)));
  const asOfDate = ctx.grid.dates[ctx.seriesDays - 1] ?? localDate(ctx.asOfMs, 'UTC');
  const { byDate, items, trials } = ctx.forecast;
  return datedForecast(sample, asOfDate, {
    byDate: byDate ?? addDays(asOfDate, DEFAULT_FORECAST_DAYS),
    items: items ?? wipCount,
    seed: ctx.seed,
    ...(trials === undefined ? {} : { trials }),
  });
}
