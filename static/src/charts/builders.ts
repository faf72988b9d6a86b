/**
 * uPlot option builders for the chart types the flow views use: dots (scatterplot, aging WIP), bars
 * (histograms, throughput), stacked areas (cumulative flow) and lines (WIP, flow efficiency), plus the
 * reference lines (percentiles) drawn over them. Colours come from the tokens passed in, never literals.
 *
 * Dots are drawn by a draw hook with one `fillRect` each instead of uPlot's point markers: 20,000 squares
 * draw in a few milliseconds, uPlot's arc markers take several times longer.
 */
import uPlot from 'uplot';
import { withAlpha, type ChartTokens } from './tokens';

/** A horizontal reference line (e.g. the 85th percentile of cycle time) with its label. */
export interface ReferenceLine {
  readonly value: number;
  readonly label: string;
  readonly colour: string;
}

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

/** Axis styling in the theme's colours. */
function axis(tokens: ChartTokens, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: tokens.textSubtle,
    grid: { stroke: tokens.grid, width: 1 },
    ticks: { stroke: tokens.grid, width: 1 },
    ...extra,
  };
}

/** The x axis: time (epoch ms, in `timeZone`) or categories (`labels[i]` at x = i). */
export type XAxis =
  | { readonly type: 'time'; readonly timeZone: string }
  | { readonly type: 'category'; readonly labels: readonly string[] }
  | { readonly type: 'number'; readonly format?: (value: number) => string };

function xAxisOptions(
  tokens: ChartTokens,
  x: XAxis,
): Pick<ChartOptions, 'scales' | 'axes'> & {
  readonly extra: Partial<ChartOptions>;
} {
  if (x.type === 'time') {
    return {
      scales: { x: { time: true } },
      axes: [axis(tokens)],
      extra: { ms: 1, tzDate: (ms: number) => uPlot.tzDate(new Date(ms), x.timeZone) },
    };
  }
  if (x.type === 'category') {
    const count = x.labels.length;
    return {
      scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, count - 0.5)] } },
      axes: [
        axis(tokens, {
          splits: () => x.labels.map((_, index) => index),
          values: (_u, splits) => splits.map((split) => x.labels[split] ?? ''),
          grid: { show: false },
        }),
      ],
      extra: {},
    };
  }
  const format = x.format;
  return {
    scales: { x: { time: false } },
    axes: [
      axis(
        tokens,
        format === undefined ? {} : { values: (_u, splits) => splits.map((split) => format(split)) },
      ),
    ],
    extra: {},
  };
}

/** Draws `lines` across the plotting area at their y values, labelled at the right end. */
export function drawReferenceLines(plot: uPlot, lines: readonly ReferenceLine[], tokens: ChartTokens): void {
  const { ctx, bbox } = plot;
  ctx.save();
  ctx.lineWidth = Math.max(1, uPlot.pxRatio);
  ctx.setLineDash([6 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
  ctx.font = `${String(Math.round(11 * uPlot.pxRatio))}px sans-serif`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  // Lines close together (e.g. 85 % and 95 % in a long-tailed sample) get their labels stacked, not overlaid.
  const labelGap = 13 * uPlot.pxRatio;
  let lastLabelY = Number.POSITIVE_INFINITY;
  for (const line of [...lines].sort((a, b) => a.value - b.value)) {
    const y = Math.round(plot.valToPos(line.value, 'y', true));
    if (y < bbox.top || y > bbox.top + bbox.height) continue;
    ctx.strokeStyle = line.colour;
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
    const labelY = Math.min(y - 2, lastLabelY - labelGap);
    lastLabelY = labelY;
    ctx.fillStyle = tokens.text;
    ctx.fillText(line.label, bbox.left + bbox.width - 4, labelY);
  }
  ctx.restore();
}

/** Draws `lines` top to bottom at their x values (e.g. percentiles on a histogram), labelled at the top. */
export function drawVerticalLines(plot: uPlot, lines: readonly ReferenceLine[], tokens: ChartTokens): void {
  const { ctx, bbox } = plot;
  ctx.save();
  ctx.lineWidth = Math.max(1, uPlot.pxRatio);
  ctx.setLineDash([6 * uPlot.pxRatio, 4 * uPlot.pxRatio]);
  ctx.font = `${String(Math.round(11 * uPlot.pxRatio))}px sans-serif`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  const labelGap = 13 * uPlot.pxRatio;
  let labelRow = 0;
  let lastX = Number.NEGATIVE_INFINITY;
  for (const line of [...lines].sort((a, b) => a.value - b.value)) {
    const x = Math.round(plot.valToPos(line.value, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.strokeStyle = line.colour;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    // Labels of lines close together go one row lower instead of overlapping.
    labelRow = x - lastX < 80 * uPlot.pxRatio ? labelRow + 1 : 0;
    lastX = x;
    ctx.fillStyle = tokens.text;
    ctx.fillText(line.label, x + 3, bbox.top + 2 + labelRow * labelGap);
  }
  ctx.restore();
}

/** Draws series `seriesIndex` of the plot's data as small squares (nulls skipped). */
export function drawDots(
  plot: uPlot,
  seriesIndex: number,
  colourOf: (pointIndex: number) => string,
  sizeCssPx = 4,
): void {
  const xs = plot.data[0];
  const ys = plot.data[seriesIndex];
  if (ys === undefined) return;
  const { ctx, bbox } = plot;
  const size = sizeCssPx * uPlot.pxRatio;
  const half = size / 2;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  let lastColour = '';
  for (let index = 0; index < xs.length; index += 1) {
    const x = xs[index];
    const y = ys[index];
    if (x === undefined || y === undefined || y === null) continue;
    const colour = colourOf(index);
    if (colour !== lastColour) {
      ctx.fillStyle = colour;
      lastColour = colour;
    }
    ctx.fillRect(plot.valToPos(x, 'x', true) - half, plot.valToPos(y, 'y', true) - half, size, size);
  }
  ctx.restore();
}

/** Draws a focus ring around point `index` of series `seriesIndex` (keyboard navigation). */
export function drawPointHighlight(
  plot: uPlot,
  seriesIndex: number,
  index: number,
  tokens: ChartTokens,
): void {
  const x = plot.data[0][index];
  const y = plot.data[seriesIndex]?.[index];
  if (x === undefined || y === undefined || y === null) return;
  const { ctx } = plot;
  ctx.save();
  ctx.strokeStyle = tokens.focus;
  ctx.lineWidth = 2 * uPlot.pxRatio;
  ctx.beginPath();
  ctx.arc(plot.valToPos(x, 'x', true), plot.valToPos(y, 'y', true), 7 * uPlot.pxRatio, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.restore();
}

/** The index of the data point of series `seriesIndex` nearest to canvas CSS position (left, top), within `maxPx`. */
export function nearestPoint(
  plot: uPlot,
  seriesIndex: number,
  leftPx: number,
  topPx: number,
  maxPx = 8,
): number | null {
  const xs = plot.data[0];
  const ys = plot.data[seriesIndex];
  if (ys === undefined) return null;
  let best: number | null = null;
  let bestDistance = maxPx * maxPx;
  for (let index = 0; index < xs.length; index += 1) {
    const x = xs[index];
    const y = ys[index];
    if (x === undefined || y === undefined || y === null) continue;
    const dx = plot.valToPos(x, 'x') - leftPx;
    const dy = plot.valToPos(y, 'y') - topPx;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = index;
    }
  }
  return best;
}

const noPath = (): null => null;
// Dragging is off; uPlot's default `drag.click` swallows a click whose mouse moved slightly between down and up,
// which would make dots hard to click.
const cursor: uPlot.Cursor = {
  drag: { x: false, y: false, click: () => undefined },
  points: { show: false },
};

export interface DotOptions {
  readonly x: XAxis;
  readonly colourOf: (tokens: ChartTokens, pointIndex: number) => string;
  readonly lines: (tokens: ChartTokens) => readonly ReferenceLine[];
  /** Bands drawn behind the dots (aging WIP: up to p50, p85, p95). */
  readonly bands?: (
    tokens: ChartTokens,
  ) => readonly { readonly from: number; readonly to: number; readonly colour: string }[];
  readonly yFormat?: (value: number) => string;
}

/** A dot plot: x = `data[0]`, y = `data[1]`; reference lines over the dots. */
export function dotOptions(tokens: ChartTokens, options: DotOptions): ChartOptions {
  const x = xAxisOptions(tokens, options.x);
  const yFormat = options.yFormat;
  const lines = options.lines(tokens);
  const bands = options.bands?.(tokens) ?? [];
  const maxLine = lines.reduce((max, line) => Math.max(max, line.value), 0);
  return {
    ...x.extra,
    legend: { show: false },
    cursor,
    scales: {
      ...x.scales,
      y: { range: (_u, min, max) => [Math.min(0, min), Math.max(max, maxLine * 1.1, 1)] },
    },
    axes: [
      ...(x.axes ?? []),
      axis(tokens, yFormat === undefined ? {} : { values: (_u, splits) => splits.map((s) => yFormat(s)) }),
    ],
    series: [{}, { paths: noPath, points: { show: false }, stroke: tokens.brand }],
    hooks: {
      drawClear: [
        (plot) => {
          if (bands.length === 0) return;
          const { ctx, bbox } = plot;
          ctx.save();
          for (const band of bands) {
            const top = plot.valToPos(band.to, 'y', true);
            const bottom = plot.valToPos(band.from, 'y', true);
            ctx.fillStyle = band.colour;
            ctx.fillRect(
              bbox.left,
              Math.max(bbox.top, top),
              bbox.width,
              Math.min(bbox.top + bbox.height, bottom) - Math.max(bbox.top, top),
            );
          }
          ctx.restore();
        },
      ],
      draw: [
        (plot) => {
          drawDots(plot, 1, (index) => options.colourOf(tokens, index));
          drawReferenceLines(plot, lines, tokens);
        },
      ],
    },
  };
}

export interface BarOptions {
  readonly x: XAxis;
  readonly seriesLabel: string;
  readonly colour: (tokens: ChartTokens) => string;
  readonly lines?: (tokens: ChartTokens) => readonly ReferenceLine[];
  /** Vertical reference lines at x values (percentiles on a histogram). */
  readonly verticalLines?: (tokens: ChartTokens) => readonly ReferenceLine[];
}

/** Bars: x = `data[0]`, heights = `data[1]`. */
export function barOptions(tokens: ChartTokens, options: BarOptions): ChartOptions {
  const x = xAxisOptions(tokens, options.x);
  const colour = options.colour(tokens);
  const lines = options.lines?.(tokens) ?? [];
  const verticalLines = options.verticalLines?.(tokens) ?? [];
  return {
    ...x.extra,
    legend: { show: false },
    cursor,
    scales: { ...x.scales, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
    axes: [...(x.axes ?? []), axis(tokens)],
    series: [
      {},
      {
        label: options.seriesLabel,
        stroke: colour,
        fill: withAlpha(colour, 0.75),
        width: 0,
        points: { show: false },
        paths: uPlot.paths.bars?.({ size: [0.8, 64], align: 0 }) ?? noPath,
      },
    ],
    hooks:
      lines.length === 0 && verticalLines.length === 0
        ? {}
        : {
            draw: [
              (plot) => {
                drawReferenceLines(plot, lines, tokens);
                drawVerticalLines(plot, verticalLines, tokens);
              },
            ],
          },
  };
}

export interface SeriesStyle {
  readonly label: string;
  readonly colour: string;
}

/** Stacked areas: `data[1..n]` are already stacked (running totals, bottom series first). */
export function stackedAreaOptions(
  tokens: ChartTokens,
  timeZone: string,
  series: readonly SeriesStyle[],
): ChartOptions {
  const x = xAxisOptions(tokens, { type: 'time', timeZone });
  return {
    ...x.extra,
    legend: { show: false },
    cursor,
    scales: { ...x.scales, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: [...(x.axes ?? []), axis(tokens)],
    series: [
      {},
      ...series.map((style) => ({
        label: style.label,
        stroke: style.colour,
        fill: withAlpha(style.colour, 0.85),
        width: 1,
        points: { show: false },
      })),
    ],
    // Each band fills between a series and the one below it, so the layers do not overlap.
    bands: series.slice(1).map((_, index) => ({ series: [index + 2, index + 1] as [number, number] })),
  };
}

/** Lines: x = `data[0]` (time), one line per `series`; `yFormat` formats the y axis. */
export function lineOptions(
  tokens: ChartTokens,
  timeZone: string,
  series: readonly SeriesStyle[],
  yRange?: readonly [number, number],
  yFormat?: (value: number) => string,
): ChartOptions {
  const x = xAxisOptions(tokens, { type: 'time', timeZone });
  return {
    ...x.extra,
    legend: { show: false },
    cursor,
    scales: {
      ...x.scales,
      y:
        yRange === undefined
          ? { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] }
          : { range: () => [yRange[0], yRange[1]] },
    },
    axes: [
      ...(x.axes ?? []),
      axis(tokens, yFormat === undefined ? {} : { values: (_u, splits) => splits.map((s) => yFormat(s)) }),
    ],
    series: [
      {},
      ...series.map((style) => ({
        label: style.label,
        stroke: style.colour,
        width: 2,
        points: { show: false },
        spanGaps: true,
      })),
    ],
  };
}
