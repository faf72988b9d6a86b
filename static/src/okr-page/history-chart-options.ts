/**
 * The time axis of a key result's history chart. uPlot fits its x scale to the data: one check-in, or a few values
 * within minutes, gave a scale of minutes and uPlot's English clock labels (":00 :05 … 12:01pm"). A key result
 * lives for a period, so the scale spans the objective's period (and every value, should one lie outside it), at
 * least {@link MIN_HISTORY_SPAN_MS}, with ticks on whole days labelled as dates in the viewer's locale and zone
 * (`05.12.` in German, `12/05` in English).
 */
import type uPlot from 'uplot';
import type { OkrPeriod } from '../../../src/contract/okr';

const DAY_MS = 86_400_000;

/** The shortest time the chart's x axis spans: a week, so even one value sits on a readable axis of days. */
export const MIN_HISTORY_SPAN_MS = 7 * DAY_MS;

/** Tick steps of the time axis: whole days only (uPlot aligns them to midnight in the chart's zone). */
export const HISTORY_TICK_STEPS_MS: readonly number[] = [1, 2, 3, 7, 14, 28, 56, 91, 182, 364].map(
  (days) => days * DAY_MS,
);

/**
 * The period's days as instants, to the day: from midnight UTC of its first day to midnight UTC after its last.
 * The period's own zone shifts that by hours at most, which does not matter for an axis of days (and the values
 * are always inside the range, see {@link historyTimeRange}); null for a period that does not parse.
 *
 * @example periodDaysMs({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' })
 *   // { startMs: Date.UTC(2026, 0, 1), endMs: Date.UTC(2026, 3, 1) }
 */
export function periodDaysMs(period: OkrPeriod): { readonly startMs: number; readonly endMs: number } | null {
  if (period.kind === 'quarter') {
    const match = /^(\d{4})-Q([1-4])$/.exec(period.quarter);
    if (match === null) return null;
    const year = Number(match[1]);
    const firstMonth = (Number(match[2]) - 1) * 3;
    return { startMs: Date.UTC(year, firstMonth, 1), endMs: Date.UTC(year, firstMonth + 3, 1) };
  }
  const startMs = Date.parse(`${period.startDate}T00:00:00Z`);
  const lastMs = Date.parse(`${period.endDate}T00:00:00Z`);
  if (Number.isNaN(startMs) || Number.isNaN(lastMs) || lastMs < startMs) return null;
  return { startMs, endMs: lastMs + DAY_MS };
}

/**
 * The x range `[minMs, maxMs]` of the history chart: the period and every value, at least
 * {@link MIN_HISTORY_SPAN_MS} wide (widened evenly around what it covers). Without values or period: the week
 * before `fallbackMs`.
 *
 * @example historyTimeRange([t], null, t) // [t - 3.5 days, t + 3.5 days]
 */
export function historyTimeRange(
  valuesAtMs: readonly number[],
  period: { readonly startMs: number; readonly endMs: number } | null,
  fallbackMs: number,
): readonly [number, number] {
  const covered = [...valuesAtMs, ...(period === null ? [] : [period.startMs, period.endMs])];
  if (covered.length === 0) return [fallbackMs - MIN_HISTORY_SPAN_MS, fallbackMs];
  const min = Math.min(...covered);
  const max = Math.max(...covered);
  const missing = Math.max(0, MIN_HISTORY_SPAN_MS - (max - min));
  return [min - missing / 2, max + missing / 2];
}

/** A day as the viewer reads it, in `timeZone`: `05.12.` (de-DE), `12/05` (en-US). */
export function dayLabelFormat(locale: string, timeZone: string): (ms: number) => string {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone });
  } catch {
    format = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', timeZone: 'UTC' });
  }
  return (ms) => format.format(ms);
}

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/**
 * `base` (the line chart's options, x axis first) with the history's time axis: the x scale fixed to `rangeMs`,
 * ticks on whole days, labelled by `dayLabel`.
 */
export function withHistoryTimeAxis(
  base: ChartOptions,
  rangeMs: readonly [number, number],
  dayLabel: (ms: number) => string,
): ChartOptions {
  const [xAxis, ...otherAxes] = base.axes ?? [{}];
  return {
    ...base,
    scales: {
      ...base.scales,
      x: { ...base.scales?.['x'], time: true, range: () => [rangeMs[0], rangeMs[1]] },
    },
    axes: [
      {
        ...xAxis,
        incrs: [...HISTORY_TICK_STEPS_MS],
        space: 56,
        values: (_plot, splits) => splits.map((split) => dayLabel(split)),
      },
      ...otherAxes,
    ],
  };
}

/**
 * `base` with a dot at every value: the history is a few check-ins or daily values, and a line alone draws
 * nothing for a single one (a key result's first check-in showed an empty chart).
 */
export function withValueDots(base: ChartOptions): ChartOptions {
  return {
    ...base,
    series: base.series.map((series, index) =>
      index === 0
        ? series
        : {
            ...series,
            points: { show: true, size: 7, ...(series.stroke === undefined ? {} : { fill: series.stroke }) },
          },
    ),
  };
}
