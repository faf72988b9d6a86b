/**
 * The small before/after chart of an effect-check run: per window a strip of the sample values with a box plot
 * (quartiles, median) over one shared axis, as SVG drawn with design tokens (light and dark). Flow times have long
 * tails: when a few values lie far beyond the rest, the axis ends at the larger 95th percentile and those values
 * sit at its right edge as arrows (the caption says how many). Accessible: the SVG
 * is an image with a name saying what it shows and the medians, and the same figures stand in a table beneath it
 * (readable without the picture, and by screen readers).
 */
import { useId } from 'react';
import type { UiI18n } from '../i18n/load';
import { axisTopOf, fiveNumbersOf, type FiveNumbers } from './effect-format';

const WIDTH = 400;
const ROW_HEIGHT = 44;
const LEFT = 64;
const RIGHT = 12;
const TOP = 8;
const AXIS_HEIGHT = 24;

/** About five round tick values from at or below `low` to at or above `high`. */
export function niceTicks(low: number, high: number): number[] {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [];
  if (high <= low) return [low];
  const raw = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  // From the round value at or below `low` to the one at or above `high`: the axis ends on round numbers.
  const last = Math.ceil(high / step - 1e-9) * step;
  for (let v = Math.floor(low / step + 1e-9) * step; v <= last + step * 1e-9; v += step)
    ticks.push(Number(v.toFixed(10)));
  return ticks;
}

export interface EffectChartProps {
  readonly before: readonly number[];
  readonly after: readonly number[];
  /** Unit of the values in the user's language (e.g. "Tage"). */
  readonly unit: string;
  /** The windows' sample sizes (the chart's values are at most 200 evenly spaced order statistics of them). */
  readonly counts: { readonly before: number; readonly after: number };
  readonly i18n: UiI18n;
}

export function EffectChart({ before, after, unit, counts, i18n }: EffectChartProps) {
  const { t } = i18n;
  const id = useId();
  const number = new Intl.NumberFormat(i18n.formattingLocale, { maximumFractionDigits: 2 });
  const rows = [
    {
      key: 'before',
      label: t('effectCheck.chart.before'),
      values: before,
      stats: fiveNumbersOf(before),
      n: counts.before,
    },
    {
      key: 'after',
      label: t('effectCheck.chart.after'),
      values: after,
      stats: fiveNumbersOf(after),
      n: counts.after,
    },
  ] as const;
  const all = [...before, ...after];
  if (all.length === 0) {
    return (
      <p className="subtle" data-testid="effect-chart-empty">
        {t('effectCheck.chart.empty')}
      </p>
    );
  }
  const low = Math.min(0, ...all);
  const top = axisTopOf(before, after);
  const ticks = niceTicks(low, top);
  const axisHigh = Math.max(top, ...ticks);
  const span = axisHigh - low || 1;
  const beyond = all.filter((value) => value > axisHigh).length;
  const x = (value: number): number =>
    LEFT + ((Math.min(value, axisHigh) - low) / span) * (WIDTH - LEFT - RIGHT);
  const height = TOP + rows.length * ROW_HEIGHT + AXIS_HEIGHT;
  const medianOf = (stats: FiveNumbers | null): string =>
    stats === null ? t('effectCheck.chart.none') : `${number.format(stats.median)} ${unit}`;
  const label = t('effectCheck.chart.label', {
    unit,
    before: medianOf(rows[0].stats),
    after: medianOf(rows[1].stats),
  });

  return (
    <figure className="effect-chart" data-testid="effect-chart">
      <svg
        role="img"
        aria-labelledby={`${id}-title`}
        viewBox={`0 0 ${String(WIDTH)} ${String(height)}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        className="effect-chart-svg"
      >
        <title id={`${id}-title`}>{label}</title>
        {ticks.map((tick) => (
          <g key={tick} aria-hidden="true">
            <line
              className="effect-grid"
              x1={x(tick)}
              x2={x(tick)}
              y1={TOP}
              y2={TOP + rows.length * ROW_HEIGHT}
            />
            <text className="effect-axis-text" x={x(tick)} y={height - 8} textAnchor="middle">
              {number.format(tick)}
            </text>
          </g>
        ))}
        {rows.map((row, index) => {
          const mid = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;
          const { stats } = row;
          return (
            <g key={row.key} className={`effect-row effect-${row.key}`} aria-hidden="true">
              <text className="effect-row-label" x={LEFT - 8} y={mid + 4} textAnchor="end">
                {row.label}
              </text>
              {row.values.map((value, i) => {
                // A fixed spread over three lines so repeated values stay visible, without randomness.
                const cy = mid - 12 + (i % 3) * 4;
                return value > axisHigh ? (
                  <path
                    key={i}
                    className="effect-dot effect-beyond"
                    d={`M ${String(x(value) - 3)} ${String(cy - 3)} L ${String(x(value) + 2)} ${String(cy)} L ${String(x(value) - 3)} ${String(cy + 3)} Z`}
                  />
                ) : (
                  <circle key={i} className="effect-dot" cx={x(value)} cy={cy} r={2} />
                );
              })}
              {stats !== null && (
                <>
                  <line
                    className="effect-whisker"
                    x1={x(stats.min)}
                    x2={x(stats.max)}
                    y1={mid + 8}
                    y2={mid + 8}
                  />
                  <rect
                    className="effect-box"
                    x={x(stats.q1)}
                    y={mid + 2}
                    width={Math.max(1, x(stats.q3) - x(stats.q1))}
                    height={12}
                  />
                  <line
                    className="effect-median"
                    x1={x(stats.median)}
                    x2={x(stats.median)}
                    y1={mid}
                    y2={mid + 16}
                  />
                </>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="subtle">
        {t('effectCheck.chart.caption', { unit })}
        {beyond > 0 &&
          ` ${t('effectCheck.chart.beyond', { count: beyond, max: `${number.format(axisHigh)} ${unit}` })}`}
        {(counts.before > before.length || counts.after > after.length) &&
          ` ${t('effectCheck.chart.sampled', { count: Math.max(before.length, after.length) })}`}
      </figcaption>
      <div className="table-scroll">
        <table className="data-table effect-summary" data-testid="effect-chart-summary">
          <caption className="visually-hidden">{t('effectCheck.chart.summaryCaption', { unit })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('effectCheck.chart.window')}</th>
              <th scope="col">n</th>
              {(['min', 'q1', 'median', 'q3', 'max'] as const).map((column) => (
                <th key={column} scope="col">
                  <abbr title={t(`effectCheck.chart.${column}`)}>
                    {t(`effectCheck.chart.${column}.short`)}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ key, label: rowLabel, stats, n }) => (
              <tr key={key} data-window={key}>
                <th scope="row">{rowLabel}</th>
                <td className="number">{n}</td>
                {stats === null ? (
                  <td colSpan={5}>{t('effectCheck.chart.none')}</td>
                ) : (
                  [stats.min, stats.q1, stats.median, stats.q3, stats.max].map((value, i) => (
                    <td key={i} className="number">
                      {number.format(value)}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
