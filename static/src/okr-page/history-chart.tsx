/**
 * The history chart of a key result: every value over time (check-ins, measured and external values) as a line
 * with the target as a reference line, through the project's uPlot wrapper (caption, summary sentence, data table
 * for screen readers, tokens for light and dark). Loaded as a chunk of its own when a key result's detail opens,
 * so the page's first JS stays small (its CSS comes with the page's chunk, `okr-main.tsx`, which imports it).
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { KeyResultDetail } from '../../../src/contract/okr';
import { drawReferenceLines, lineOptions } from '../charts/builders';
import type { ChartTokens } from '../charts/tokens';
import { UplotChart } from '../charts/uplot-chart';
import type { UiI18n } from '../i18n/load';
import { isShareKeyResult } from '../okr-gadget/okr-gadget-model';
import {
  dayLabelFormat,
  historyTimeRange,
  periodDaysMs,
  withHistoryTimeAxis,
  withValueDots,
} from './history-chart-options';
import type { OkrFormat } from './okr-format';

export interface HistoryChartProps {
  readonly detail: KeyResultDetail;
  readonly i18n: UiI18n;
  readonly format: OkrFormat;
  readonly timeZone: string;
}

export default function HistoryChart({ detail, i18n, format, timeZone }: HistoryChartProps) {
  const { t } = i18n;
  const { view } = detail;
  const kr = view.keyResult;
  const points = useMemo(() => [...detail.checkIns].sort((a, b) => a.atMs - b.atMs), [detail]);
  const data = useMemo<uPlot.AlignedData>(
    () => [points.map((point) => point.atMs), points.map((point) => point.value)],
    [points],
  );
  const label = t('okrPage.chart.title', { keyResult: view.keyResult.title });
  const targetLabel = t('okrPage.chart.target');
  const target = view.target;
  const range = useMemo<readonly [number, number]>(() => {
    const values = [...points.map((point) => point.value), ...(target === null ? [] : [target])];
    const min = Math.min(0, ...values);
    const max = Math.max(1, ...values);
    return [min, max + (max - min) * 0.1];
  }, [points, target]);
  // The period, not just the values: one check-in otherwise gave an axis of minutes (see history-chart-options).
  const xRange = useMemo(
    () =>
      historyTimeRange(
        points.map((point) => point.atMs),
        periodDaysMs(detail.objective.period),
        view.currentAtMs ?? 0,
      ),
    [points, detail.objective.period, view.currentAtMs],
  );
  const locale = i18n.formattingLocale;
  const share = isShareKeyResult(kr);
  const options = useMemo(
    () => (tokens: ChartTokens) => {
      const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
      const yFormat = share ? (value: number) => percent.format(value) : undefined;
      const base = withValueDots(
        withHistoryTimeAxis(
          lineOptions(tokens, timeZone, [{ label, colour: tokens.brand }], range, yFormat),
          xRange,
          dayLabelFormat(locale, timeZone),
        ),
      );
      if (target === null) return base;
      return {
        ...base,
        hooks: {
          draw: [
            (plot: uPlot) => {
              drawReferenceLines(
                plot,
                [{ value: target, label: targetLabel, colour: tokens.success }],
                tokens,
              );
            },
          ],
        },
      };
    },
    [label, locale, range, share, target, targetLabel, timeZone, xRange],
  );
  const last = points[points.length - 1];
  return (
    <UplotChart
      testId="kr-history-chart"
      title={label}
      summary={
        last === undefined
          ? t('okrPage.chart.empty')
          : t('okrPage.chart.summary', {
              count: points.length,
              last: format.value(last.value, kr),
              date: format.date(last.atMs),
              target: format.value(target, kr),
            })
      }
      table={{
        caption: label,
        columns: [t('okrPage.column.date'), t('okrPage.column.value'), t('okrPage.column.source')],
        rows: points
          .slice(-200)
          .map((point) => [
            format.dateTime(point.atMs),
            format.value(point.value, kr),
            t(`okrPage.source.${point.source}`),
          ]),
      }}
      status={points.length === 0 ? 'empty' : 'ready'}
      loadingLabel={t('okrPage.loading')}
      emptyLabel={t('okrPage.chart.empty')}
      data={data}
      options={options}
      heightPx={220}
    />
  );
}
