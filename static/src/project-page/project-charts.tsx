/**
 * The project page's charts: each one turns the `ProjectFlowView` into uPlot data and options plus its text
 * alternative (summary sentence and data table). Data and options are memoised on the view, so a re-render of
 * the page does not redraw 20,000 points.
 */
import { useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { ProjectFlowView } from '../../../src/contract/project-flow';
import {
  barOptions,
  dotOptions,
  lineOptions,
  stackedAreaOptions,
  type ReferenceLine,
} from '../charts/builders';
import { issuePointInteraction } from '../charts/point-interaction';
import { categoricalColour, withAlpha, type ChartTokens } from '../charts/tokens';
import { UplotChart, type ChartTable, type UplotChartProps } from '../charts/uplot-chart';
import type { UiI18n } from '../i18n/load';
import type { Translate } from '../i18n/translator';
import type { PageFormat } from './page-format';
import {
  agingSeries,
  cfdSeries,
  flowEfficiencySeries,
  histogramSeries,
  scatterSeries,
  throughputSeries,
  type ThroughputGrain,
} from './project-flow-model';

export interface ChartProps {
  readonly view: ProjectFlowView;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
}

/** Colours of percentile lines by rank: the lowest line neutral, then warning, then danger. */
function percentileColour(tokens: ChartTokens, rank: number, count: number): string {
  if (rank === count - 1 && count > 1) return tokens.danger;
  if (rank === count - 2 && count > 2) return tokens.warning;
  return tokens.success;
}

function percentileLines(
  lines: readonly { readonly percentile: number; readonly days: number | null }[],
  tokens: ChartTokens,
  format: PageFormat,
): ReferenceLine[] {
  const present = lines.filter((line): line is { percentile: number; days: number } => line.days !== null);
  return present.map((line, rank) => ({
    value: line.days,
    label: `${String(line.percentile)} %: ${format.decimal(line.days)}`,
    colour: percentileColour(tokens, rank, present.length),
  }));
}

/** A chart's status with its loading text and its empty text (the generic one unless `emptyLabel` is given). */
function chartStatus(
  t: Translate,
  empty: boolean,
  emptyLabel = t('projectPage.chart.empty'),
): Pick<UplotChartProps, 'status' | 'loadingLabel' | 'emptyLabel'> {
  return { status: empty ? 'empty' : 'ready', loadingLabel: t('projectPage.loading'), emptyLabel };
}

/** At most `max` rows for a hidden table: the text alternative of 20,000 points is their summary, not a list. */
function capRows(rows: string[][], max = 200): string[][] {
  return rows.length <= max ? rows : rows.slice(rows.length - max);
}

export function CycleTimeScatter({
  view,
  i18n,
  format,
  openIssue,
}: ChartProps & { readonly openIssue: (key: string) => void }) {
  const { t } = i18n;
  const series = useMemo(() => scatterSeries(view), [view]);
  const data = useMemo<uPlot.AlignedData>(() => [series.doneMs, series.cycleTimeDays], [series]);
  const options = useMemo(
    () => (tokens: ChartTokens) =>
      dotOptions(tokens, {
        x: { type: 'time', timeZone: view.settings.timeZone },
        colourOf: (tk) => withAlpha(tk.brand, 0.7),
        lines: (tk) => percentileLines(view.cycleTime.lines, tk, format),
        yFormat: (value) => format.decimal(value),
      }),
    [view, format],
  );
  const lineText = view.cycleTime.lines
    .map((line) =>
      t('projectPage.scatter.line', {
        percentile: line.percentile,
        days: line.days === null ? '–' : format.days(line.days),
      }),
    )
    .join('; ');
  const table: ChartTable = {
    caption: t('projectPage.scatter.tableCaption'),
    columns: [
      t('projectPage.column.key'),
      t('projectPage.column.done'),
      t('projectPage.column.cycleTimeDays'),
    ],
    rows: capRows(
      series.keys.map((key, index) => [
        key,
        format.dateOfMs(series.doneMs[index] ?? 0, view.settings.timeZone),
        format.decimal(series.cycleTimeDays[index] ?? 0),
      ]),
    ),
  };
  return (
    <UplotChart
      testId="chart-scatter"
      title={t('projectPage.scatter.title')}
      summary={t('projectPage.scatter.summary', {
        count: format.integer(series.keys.length),
        lines: lineText,
      })}
      keyboardHint={t('projectPage.chart.keyboardHint')}
      table={table}
      {...chartStatus(t, series.keys.length === 0, t('projectPage.scatter.empty'))}
      data={data}
      options={options}
      heightPx={300}
      {...issuePointInteraction(
        series.keys,
        (index) =>
          t('projectPage.scatter.point', {
            key: series.keys[index] ?? '',
            days: format.days(series.cycleTimeDays[index] ?? 0),
            date: format.dateOfMs(series.doneMs[index] ?? 0, view.settings.timeZone),
          }),
        openIssue,
      )}
    />
  );
}

interface HistogramChartProps extends ChartProps {
  readonly testId: string;
  readonly title: string;
  readonly histogram: { readonly binWidth: number; readonly counts: readonly number[] };
  readonly binLabel: (from: number, to: number) => string;
  readonly columnLabel: string;
  readonly summary: string;
  readonly verticalLines?: (tokens: ChartTokens) => ReferenceLine[];
  /** Format of the x axis' values (bin starts); one decimal by default. */
  readonly xFormat?: (value: number) => string;
}

function HistogramChart(props: HistogramChartProps) {
  const { i18n, format, histogram } = props;
  const { t } = i18n;
  const series = useMemo(() => histogramSeries(histogram), [histogram]);
  const data = useMemo<uPlot.AlignedData>(() => [series.centres, series.counts], [series]);
  const verticalLines = props.verticalLines;
  const xFormat = props.xFormat ?? format.decimal;
  const options = useMemo(
    () => (tokens: ChartTokens) =>
      barOptions(tokens, {
        x: { type: 'number', format: xFormat },
        seriesLabel: props.title,
        colour: (tk) => tk.brand,
        ...(verticalLines === undefined ? {} : { verticalLines }),
      }),
    [xFormat, props.title, verticalLines],
  );
  const total = series.counts.reduce((sum, count) => sum + count, 0);
  return (
    <UplotChart
      testId={props.testId}
      title={props.title}
      summary={props.summary}
      table={{
        caption: props.title,
        columns: [props.columnLabel, t('projectPage.column.count')],
        rows: series.starts.map((start, index) => [
          props.binLabel(start, start + histogram.binWidth),
          format.integer(series.counts[index] ?? 0),
        ]),
      }}
      {...chartStatus(t, total === 0)}
      data={data}
      options={options}
      heightPx={200}
    />
  );
}

export function CycleTimeHistogram({ view, i18n, format }: ChartProps) {
  const { t } = i18n;
  // The scatterplot's percentile lines, here as vertical marks on the days axis.
  const verticalLines = useMemo(
    () => (tokens: ChartTokens) => percentileLines(view.cycleTime.lines, tokens, format),
    [view, format],
  );
  const count = view.cycleTime.histogram.counts.reduce((sum, value) => sum + value, 0);
  return (
    <HistogramChart
      view={view}
      i18n={i18n}
      format={format}
      testId="chart-cycle-histogram"
      verticalLines={verticalLines}
      title={t('projectPage.histogram.title')}
      histogram={view.cycleTime.histogram}
      columnLabel={t('projectPage.column.cycleTimeDays')}
      binLabel={(from, to) => `${format.decimal(from)}–${format.decimal(to)}`}
      summary={t('projectPage.histogram.summary', {
        count: format.integer(count),
        p50: view.summary.cycleTime.p50 === null ? '–' : format.days(view.summary.cycleTime.p50),
        p85: view.summary.cycleTime.p85 === null ? '–' : format.days(view.summary.cycleTime.p85),
      })}
    />
  );
}

export function CumulativeFlow({ view, i18n, format }: ChartProps) {
  const { t } = i18n;
  const series = useMemo(() => cfdSeries(view), [view]);
  const data = useMemo<uPlot.AlignedData>(() => [series.dayMs, ...series.layers], [series]);
  const stages = view.settings.stages;
  const options = useMemo(
    () => (tokens: ChartTokens) =>
      stackedAreaOptions(
        tokens,
        'UTC',
        series.stageIndexes.map((stageIndex) => ({
          label: stages[stageIndex]?.name ?? '',
          colour: categoricalColour(tokens, stageIndex),
        })),
      ),
    [series, stages],
  );
  const lastDay = view.daily.dates.length - 1;
  const lastCounts = stages.map(
    (stage, index) => `${stage.name} ${format.integer(view.daily.byStage[index]?.[lastDay] ?? 0)}`,
  );
  return (
    <div className="chart-with-legend">
      <UplotChart
        testId="chart-cfd"
        title={t('projectPage.cfd.title')}
        summary={t('projectPage.cfd.summary', {
          days: format.integer(view.daily.dates.length),
          last: view.daily.dates[lastDay] === undefined ? '–' : format.date(view.daily.dates[lastDay]),
          counts: lastCounts.join(', '),
        })}
        table={{
          caption: t('projectPage.cfd.tableCaption'),
          columns: [t('projectPage.column.date'), ...stages.map((stage) => stage.name)],
          rows: capRows(
            view.daily.dates.map((date, day) => [
              format.date(date),
              ...stages.map((_, index) => format.integer(view.daily.byStage[index]?.[day] ?? 0)),
            ]),
          ),
        }}
        {...chartStatus(t, view.daily.dates.length === 0)}
        data={data}
        options={options}
        heightPx={280}
      />
      <StageLegend view={view} />
    </div>
  );
}

/** The stage colours as a list (the CFD and aging charts share them). */
export function StageLegend({ view }: { readonly view: ProjectFlowView }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {view.settings.stages.map((stage, index) => (
        <li key={stage.name}>
          <span className={`legend-swatch legend-swatch-${String(index % 8)}`} />
          {stage.name}
        </li>
      ))}
    </ul>
  );
}

export function WipChart({ view, i18n, format }: ChartProps) {
  const { t } = i18n;
  const data = useMemo<uPlot.AlignedData>(
    () => [view.daily.dates.map((date) => Date.parse(`${date}T00:00:00Z`)), [...view.daily.wip]],
    [view],
  );
  const label = t('projectPage.wip.title');
  const options = useMemo(
    () => (tokens: ChartTokens) => lineOptions(tokens, 'UTC', [{ label, colour: tokens.brand }]),
    [label],
  );
  const max = view.daily.wip.reduce((best, value) => Math.max(best, value), 0);
  return (
    <UplotChart
      testId="chart-wip"
      title={label}
      summary={t('projectPage.wip.summary', {
        now: format.integer(view.summary.wipNow),
        max: format.integer(max),
      })}
      table={{
        caption: label,
        columns: [t('projectPage.column.date'), t('projectPage.column.wip')],
        rows: capRows(
          view.daily.dates.map((date, day) => [format.date(date), format.integer(view.daily.wip[day] ?? 0)]),
        ),
      }}
      {...chartStatus(t, view.daily.dates.length === 0)}
      data={data}
      options={options}
      heightPx={200}
    />
  );
}

export function ThroughputCharts({ view, i18n, format }: ChartProps) {
  const { t } = i18n;
  const [grain, setGrain] = useState<ThroughputGrain>('week');
  const series = useMemo(() => throughputSeries(view, grain), [view, grain]);
  const data = useMemo<uPlot.AlignedData>(() => [series.xMs, series.counts], [series]);
  const title = t('projectPage.throughput.title');
  const options = useMemo(
    () => (tokens: ChartTokens) =>
      barOptions(tokens, {
        x: { type: 'time', timeZone: 'UTC' },
        seriesLabel: title,
        colour: (tk) => tk.success,
      }),
    [title],
  );
  const total = series.counts.reduce((sum, count) => sum + count, 0);
  const histogram = grain === 'day' ? view.throughput.dailyHistogram : view.throughput.weeklyHistogram;
  return (
    <>
      <div className="chart-toolbar" role="group" aria-label={t('projectPage.throughput.grain')}>
        {(['day', 'week'] as const).map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={grain === option}
            onClick={() => {
              setGrain(option);
            }}
          >
            {t(`projectPage.throughput.per.${option}`)}
          </button>
        ))}
      </div>
      <UplotChart
        testId="chart-throughput"
        title={title}
        summary={t('projectPage.throughput.summary', {
          total: format.integer(total),
          perWeek: format.decimal(view.summary.throughputPerWeek),
        })}
        table={{
          caption: title,
          columns: [t('projectPage.column.date'), t('projectPage.column.finished')],
          rows: capRows(
            series.xMs.map((ms, index) => [
              format.dateOfMs(ms, 'UTC'),
              format.integer(series.counts[index] ?? 0),
            ]),
          ),
        }}
        {...chartStatus(t, series.xMs.length === 0)}
        data={data}
        options={options}
        heightPx={200}
      />
      <HistogramChart
        view={view}
        i18n={i18n}
        format={format}
        testId="chart-throughput-histogram"
        title={t(`projectPage.throughputHistogram.title.${grain}`)}
        histogram={histogram}
        columnLabel={t('projectPage.column.finished')}
        xFormat={(value) => (Number.isInteger(value) ? format.integer(value) : '')}
        binLabel={(from, to) =>
          to - from <= 1 ? format.integer(from) : `${format.integer(from)}–${format.integer(to - 1)}`
        }
        summary={t(`projectPage.throughputHistogram.summary.${grain}`, {
          periods: format.integer(histogram.counts.reduce((sum, count) => sum + count, 0)),
        })}
      />
    </>
  );
}

export function AgingWip({
  view,
  i18n,
  format,
  openIssue,
}: ChartProps & { readonly openIssue: (key: string) => void }) {
  const { t } = i18n;
  const series = useMemo(() => agingSeries(view), [view]);
  const data = useMemo<uPlot.AlignedData>(() => [series.x, series.ageDays], [series]);
  const stageNames = useMemo(() => view.settings.stages.map((stage) => stage.name), [view]);
  const options = useMemo(
    () => (tokens: ChartTokens) => {
      const bandValues = view.aging.bands.filter(
        (band): band is { percentile: number; days: number } => band.days !== null,
      );
      const bandColours = [tokens.success, tokens.warning, tokens.danger];
      let previous = 0;
      const bands = bandValues.map((band, index) => {
        const from = previous;
        previous = band.days;
        return {
          from,
          to: band.days,
          colour: withAlpha(bandColours[Math.min(index, 2)] ?? tokens.neutral, 0.12),
        };
      });
      return dotOptions(tokens, {
        x: { type: 'category', labels: stageNames },
        colourOf: (tk, index) => categoricalColour(tk, series.stageIndexes[index] ?? 0),
        lines: (tk) => percentileLines(view.aging.bands, tk, format),
        bands: () => bands,
        yFormat: (value) => format.decimal(value),
      });
    },
    [view, series, stageNames, format],
  );
  const above = view.summary.agingAboveP85;
  return (
    <UplotChart
      testId="chart-aging"
      title={t('projectPage.aging.title')}
      summary={t('projectPage.aging.summary', {
        count: format.integer(view.aging.items.length + view.aging.omitted),
        above: format.integer(above),
        bands: view.aging.bands
          .map((band) => `${String(band.percentile)} %: ${band.days === null ? '–' : format.days(band.days)}`)
          .join(', '),
      })}
      keyboardHint={t('projectPage.chart.keyboardHint')}
      table={{
        caption: t('projectPage.aging.tableCaption'),
        columns: [
          t('projectPage.column.key'),
          t('projectPage.column.stage'),
          t('projectPage.column.status'),
          t('projectPage.column.ageDays'),
          t('projectPage.column.percentileRank'),
        ],
        rows: capRows(
          view.aging.items.map((item) => [
            item.key,
            stageNames[item.stageIndex] ?? '',
            item.status,
            format.decimal(item.ageDays),
            item.percentileRank === null ? '–' : `${format.decimal(item.percentileRank)} %`,
          ]),
        ),
      }}
      {...chartStatus(t, series.keys.length === 0, t('projectPage.aging.empty'))}
      data={data}
      options={options}
      heightPx={280}
      {...issuePointInteraction(
        series.keys,
        (index) =>
          t('projectPage.aging.point', {
            key: series.keys[index] ?? '',
            stage: stageNames[series.stageIndexes[index] ?? -1] ?? '',
            days: format.days(series.ageDays[index] ?? 0),
          }),
        openIssue,
      )}
    />
  );
}

export function FlowEfficiencyChart({ view, i18n, format }: ChartProps) {
  const { t } = i18n;
  const series = useMemo(() => flowEfficiencySeries(view), [view]);
  const data = useMemo<uPlot.AlignedData>(() => [series.xMs, series.efficiency], [series]);
  const title = t('projectPage.efficiency.title');
  const options = useMemo(
    () => (tokens: ChartTokens) =>
      lineOptions(tokens, 'UTC', [{ label: title, colour: tokens.brand }], [0, 1], (value) =>
        format.percent(value),
      ),
    [title, format],
  );
  const weeksWithData = series.efficiency.filter((value) => value !== null).length;
  return (
    <UplotChart
      testId="chart-efficiency"
      title={title}
      summary={t('projectPage.efficiency.summary', {
        overall: view.summary.flowEfficiency === null ? '–' : format.percent(view.summary.flowEfficiency),
        weeks: format.integer(weeksWithData),
      })}
      table={{
        caption: title,
        columns: [t('projectPage.column.week'), t('projectPage.column.flowEfficiency')],
        rows: capRows(
          view.weekly.map((week) => [
            format.date(week.weekStart),
            week.flowEfficiency === null ? '–' : format.percent(week.flowEfficiency),
          ]),
        ),
      }}
      {...chartStatus(t, weeksWithData === 0)}
      data={data}
      options={options}
      heightPx={200}
    />
  );
}
