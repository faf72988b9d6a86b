/**
 * The time axis of a key result's history chart: with one check-in (or values minutes apart) uPlot fitted its x
 * scale to the data and labelled minutes in English (":00 :05 … 12:01pm"). The scale now spans the objective's
 * period and every value, at least a week, with ticks on whole days labelled as dates in the viewer's locale.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type uPlot from 'uplot';
import type { KeyResultDetail } from '../../src/contract/okr';
import type { ChartTokens } from '../../static/src/charts/tokens';
import { readChartTokens } from '../../static/src/charts/tokens';
import {
  HISTORY_TICK_STEPS_MS,
  MIN_HISTORY_SPAN_MS,
  dayLabelFormat,
  historyTimeRange,
  periodDaysMs,
} from '../../static/src/okr-page/history-chart-options';
import HistoryChart from '../../static/src/okr-page/history-chart';
import { createOkrFormat } from '../../static/src/okr-page/okr-format';
import { englishUi, germanUi } from './support/ui-i18n';
import { signInDetail } from './okr-page-fixtures';

type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

// The chart draws on a canvas; here its options are captured as the page hands them to uPlot.
const captured: ((tokens: ChartTokens) => ChartOptions)[] = [];
jest.mock('../../static/src/charts/uplot-chart', () => ({
  UplotChart: (props: { options: (tokens: ChartTokens) => ChartOptions }) => {
    captured.push(props.options);
    return null;
  },
}));

// The label and range functions the test calls do not read the plot.
const plot = undefined as unknown as uPlot;

const DAY_MS = 86_400_000;
const NOON_MS = Date.UTC(2026, 1, 12, 11, 1);

function optionsFor(detail: KeyResultDetail, language: 'de' | 'en'): ChartOptions {
  const i18n = language === 'de' ? germanUi : englishUi;
  captured.length = 0;
  renderToStaticMarkup(
    <HistoryChart
      detail={detail}
      i18n={i18n}
      format={createOkrFormat(i18n, 'Europe/Berlin')}
      timeZone="Europe/Berlin"
    />,
  );
  const options = captured[captured.length - 1];
  if (options === undefined) throw new Error('the chart was given no options');
  return options(readChartTokens());
}

function xRange(options: ChartOptions): [number, number] {
  const range = options.scales?.['x']?.range;
  if (typeof range !== 'function') throw new Error('the x scale has no fixed range');
  return range(plot, 0, 0, 'x') as [number, number];
}

function xLabels(options: ChartOptions, splits: number[]): string[] {
  const values = options.axes?.[0]?.values;
  if (typeof values !== 'function') throw new Error('the x axis has no label function');
  return values(plot, splits, 0, 0, 0).map(String);
}

const [firstCheckIn] = signInDetail.checkIns;
if (firstCheckIn === undefined) throw new Error('the fixture has check-ins');
const oneCheckIn: KeyResultDetail = {
  ...signInDetail,
  objective: {
    ...signInDetail.objective,
    period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
  },
  checkIns: [{ ...firstCheckIn, atMs: NOON_MS, recordedAtMs: NOON_MS }],
};

describe('the history chart of a key result with one check-in', () => {
  it('spans the objective’s quarter, not the minutes around the check-in', () => {
    const [min, max] = xRange(optionsFor(oneCheckIn, 'de'));
    expect(min).toBeLessThanOrEqual(Date.UTC(2026, 0, 1));
    expect(max).toBeGreaterThanOrEqual(Date.UTC(2026, 3, 1) - DAY_MS);
    expect(max - min).toBeGreaterThanOrEqual(MIN_HISTORY_SPAN_MS);
  });

  it('ticks on whole days and labels them as dates in the viewer’s locale', () => {
    const de = optionsFor(oneCheckIn, 'de');
    expect(de.axes?.[0]?.incrs).toEqual(HISTORY_TICK_STEPS_MS);
    expect(Math.min(...HISTORY_TICK_STEPS_MS)).toBe(DAY_MS);
    // Midnight in Berlin of 12 and 19 February.
    const splits = [Date.UTC(2026, 1, 11, 23), Date.UTC(2026, 1, 18, 23)];
    expect(xLabels(de, splits)).toEqual(['12.02.', '19.02.']);
    expect(xLabels(optionsFor(oneCheckIn, 'en'), splits)).toEqual(['02/12', '02/19']);
  });

  it('draws the value as a dot (a line alone draws nothing for one value)', () => {
    const series = optionsFor(oneCheckIn, 'de').series[1];
    expect(series?.points?.show).toBe(true);
  });

  it('reads a share key result’s y axis as percent', () => {
    const progress: KeyResultDetail = {
      ...oneCheckIn,
      view: {
        ...oneCheckIn.view,
        keyResult: {
          ...oneCheckIn.view.keyResult,
          unit: '',
          kind: { type: 'issueProgress', issues: { type: 'linked' } },
        },
      },
    };
    const values = optionsFor(progress, 'de').axes?.[1]?.values;
    if (typeof values !== 'function') throw new Error('the y axis has no label function');
    expect(values(plot, [0, 0.5, 1], 1, 0, 0).map((label) => String(label).replace(/\s/g, ' '))).toEqual([
      '0 %',
      '50 %',
      '100 %',
    ]);
  });
});

describe('historyTimeRange', () => {
  it('widens values minutes apart to a week around them when the period is unknown', () => {
    const [min, max] = historyTimeRange([NOON_MS, NOON_MS + 5 * 60_000], null, 0);
    expect(max - min).toBe(MIN_HISTORY_SPAN_MS);
    expect(min).toBeLessThan(NOON_MS);
    expect(max).toBeGreaterThan(NOON_MS + 5 * 60_000);
  });

  it('covers the period and values outside it', () => {
    const period = periodDaysMs({
      kind: 'custom',
      startDate: '2026-03-01',
      endDate: '2026-03-31',
      timeZone: 'UTC',
    });
    expect(period).toEqual({ startMs: Date.UTC(2026, 2, 1), endMs: Date.UTC(2026, 3, 1) });
    const late = Date.UTC(2026, 3, 3);
    expect(historyTimeRange([late], period, 0)).toEqual([Date.UTC(2026, 2, 1), late]);
  });

  it('knows quarters and refuses what does not parse', () => {
    expect(periodDaysMs({ kind: 'quarter', quarter: '2025-Q4', timeZone: 'Europe/Berlin' })).toEqual({
      startMs: Date.UTC(2025, 9, 1),
      endMs: Date.UTC(2026, 0, 1),
    });
    expect(periodDaysMs({ kind: 'quarter', quarter: 'Q4', timeZone: 'UTC' })).toBeNull();
  });
});

it('formats a day as dd.MM. in German', () => {
  expect(dayLabelFormat('de-DE', 'Europe/Berlin')(Date.UTC(2026, 11, 4, 23, 30))).toBe('05.12.');
});
