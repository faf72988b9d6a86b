/**
 * The project page: its logic (job polling, chart series, percentile parsing, CSV export) and its rendering to
 * HTML (no browser: the charts' canvases are not drawn here, their text alternatives are). The view is a small
 * hand-made one; every expected value is worked out in the comments. The browser test
 * (`test/e2e/project-page.e2e.ts`) shows real views of the sample data.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import type { UiI18n } from '../../static/src/i18n/load';
import { createPageFormat } from '../../static/src/project-page/page-format';
import { FlowErrorState } from '../../static/src/project-page/flow-error';
import { ProjectFlowContent } from '../../static/src/project-page/project-flow-page';
import type { GadgetMetric } from '../../src/contract/gadget';
import type { LittlesLawVerdict, ProjectFlowView } from '../../src/contract/project-flow';
import type { ResolverErrorCode } from '../../src/contract/resolvers';
import { csvField, issuesCsv, type CsvHeaders } from '../../static/src/project-page/issues-csv';
import type { FlowInvoke } from '../../static/src/project-page/flow-invoke';
import {
  agingSeries,
  cfdSeries,
  histogramSeries,
  dateToUtcMs,
  loadProjectFlow,
  parsePercentiles,
  scatterSeries,
  throughputSeries,
} from '../../static/src/project-page/project-flow-model';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';

const march = (day: number, hour = 0): number => Date.UTC(2026, 2, day, hour);

/** Three stages, four issues: HD-1 and HD-3 finished (HD-3 first), HD-2 in progress, HD-4 not started. */
const smallView: ProjectFlowView = {
  schemaVersion: 1,
  projectKey: 'HD',
  asOfMs: march(10, 12),
  computedAtMs: march(10, 12),
  cache: 'miss',
  settings: {
    from: '2026-03-01',
    to: '2026-03-10',
    timeZone: 'Europe/Berlin',
    stages: [
      { name: 'To Do', kind: 'backlog', statuses: ['Open'] },
      { name: 'In Progress', kind: 'active', statuses: ['In Progress'] },
      { name: 'Done', kind: 'done', statuses: ['Done'] },
    ],
    startStage: 'In Progress',
    doneStage: 'Done',
    workingWeekdays: [1, 2, 3, 4, 5],
    holidays: [],
    percentiles: [50, 85, 95],
    issueTypes: [],
    jql: null,
    windowDays: 90,
    mappingVersion: null,
    mappingDerived: true,
  },
  summary: {
    issuesLoaded: 4,
    finished: 2,
    wipNow: 1,
    throughputPerWeek: 1.4,
    cycleTime: { p50: 2, p85: 3, p95: 3 },
    leadTime: { p50: 3, p85: 4, p95: 4 },
    flowEfficiency: 0.75,
    agingAboveP85: 1,
  },
  issues: {
    types: ['Service Request', 'Incident'],
    rows: [
      ['HD-1', 'Laptop; with "dock"', 0, 2, march(2, 8), march(3, 8), march(6, 8), 3, 4, 0.5, 0.25, 0],
      ['HD-2', '=cmd()', 1, 1, march(4, 8), march(5, 8), null, null, null, null, 0, 1],
      ['HD-3', 'Printer', 0, 2, march(1, 8), march(2, 8), march(4, 8), 2, 3, 1, 0, 0],
      ['HD-4', 'Wait\nfor it', 1, 0, march(9, 8), null, null, null, null, null, 0, 0],
    ],
  },
  cycleTime: {
    pointRows: [0, 2],
    lines: [
      { percentile: 50, days: 2 },
      { percentile: 85, days: 3 },
      { percentile: 95, days: 3 },
    ],
    histogram: { binWidth: 1, counts: [0, 0, 1, 1] },
  },
  daily: {
    dates: ['2026-03-08', '2026-03-09', '2026-03-10'],
    byStage: [
      [0, 1, 1],
      [1, 1, 1],
      [2, 2, 2],
    ],
    wip: [1, 1, 1],
    throughput: [0, 0, 0],
  },
  weekly: [
    { weekStart: '2026-02-23', throughput: 0, flowEfficiency: null },
    { weekStart: '2026-03-02', throughput: 2, flowEfficiency: 0.75 },
  ],
  throughput: {
    dailyHistogram: { binWidth: 1, counts: [8, 2] },
    weeklyHistogram: { binWidth: 1, counts: [0, 0, 1] },
  },
  aging: {
    items: [{ key: 'HD-2', stageIndex: 1, status: 'In Progress', ageDays: 5.17, percentileRank: 100 }],
    omitted: 0,
    bands: [
      { percentile: 50, days: 2 },
      { percentile: 85, days: 3 },
      { percentile: 95, days: 3 },
    ],
    windowStart: '2025-12-10',
    windowEnd: '2026-03-09',
  },
  valueStream: {
    stages: [
      {
        name: 'In Progress',
        stageIndex: 1,
        kind: 'active',
        items: 2,
        averageDays: 2.5,
        p85Days: 3,
        shareOfFlowTime: 1,
        returnedShare: 0,
        bottleneck: true,
      },
    ],
    waitingShare: 0,
    activeShare: 1,
    reworkShare: 0,
    bottleneckIndex: 0,
  },
  forecast: {
    sampleDays: 90,
    trials: 10_000,
    seed: 1,
    howMany: { byDate: '2026-04-09', itemsAtConfidence: { '50': 6, '70': 5, '85': 4, '95': 2 } },
    when: {
      items: 1,
      dateAtConfidence: { '50': '2026-03-20', '70': '2026-03-25', '85': '2026-04-01', '95': null },
    },
  },
  littlesLaw: {
    verdict: 'cycle-time-longer',
    windowStart: '2025-12-10',
    windowEnd: '2026-03-09',
    averageWip: 1,
    averageThroughputPerDay: 0.5,
    predictedCycleTimeDays: 2,
    meanCycleTimeDays: 2.5,
    deviation: 0.25,
  },
  dataQuality: {
    warningCounts: { 'status-mismatch': 1 },
    issuesWithWarnings: 1,
    unmappedStatuses: ['Triage'],
  },
};

const headers: CsvHeaders = {
  key: 'Key',
  summary: 'Summary',
  type: 'Type',
  stage: 'Stage',
  created: 'Created',
  started: 'Started',
  done: 'Done',
  cycleTimeDays: 'Cycle',
  leadTimeDays: 'Lead',
  flowEfficiency: 'Efficiency',
  blockedDays: 'Blocked',
  warnings: 'Warnings',
};

describe('chart series of the project page', () => {
  it('plots finished items by done instant, ascending, with their keys (HD-3 finished before HD-1)', () => {
    expect(scatterSeries(smallView)).toEqual({
      doneMs: [march(4, 8), march(6, 8)],
      cycleTimeDays: [2, 3],
      keys: ['HD-3', 'HD-1'],
    });
  });

  it('stacks the cumulative flow with the done stage at the bottom and the first stage on top', () => {
    const cfd = cfdSeries(smallView);
    expect(cfd.stageIndexes).toEqual([2, 1, 0]);
    // Done 2,2,2; + In Progress 1,1,1 → 3,3,3; + To Do 0,1,1 → 3,4,4.
    expect(cfd.layers).toEqual([
      [2, 2, 2],
      [3, 3, 3],
      [3, 4, 4],
    ]);
    expect(cfd.dayMs[0]).toBe(Date.UTC(2026, 2, 8));
  });

  it('centres histogram bars on their bins (bin 2 of width 1 covers 2–3 days, centred at 2.5)', () => {
    expect(histogramSeries(smallView.cycleTime.histogram)).toEqual({
      starts: [0, 1, 2, 3],
      centres: [0.5, 1.5, 2.5, 3.5],
      counts: [0, 0, 1, 1],
    });
  });

  it('switches throughput between days and ISO weeks', () => {
    expect(throughputSeries(smallView, 'day').counts).toEqual([0, 0, 0]);
    expect(throughputSeries(smallView, 'week')).toEqual({
      xMs: [dateToUtcMs('2026-02-23'), dateToUtcMs('2026-03-02')],
      counts: [0, 2],
    });
  });

  it('places aging items at their stage index within ±0.3', () => {
    const aging = agingSeries(smallView);
    expect(aging.keys).toEqual(['HD-2']);
    expect(aging.ageDays).toEqual([5.17]);
    expect(Math.abs((aging.x[0] ?? 0) - 1)).toBeLessThanOrEqual(0.3);
  });

  it('parses percentile settings and rejects out-of-range or too many values', () => {
    expect(parsePercentiles('95, 50;85 50')).toEqual([50, 85, 95]);
    expect(parsePercentiles('0, 50')).toBeNull();
    expect(parsePercentiles('10,20,30,40,50,60')).toBeNull();
    expect(parsePercentiles('')).toBeNull();
  });
});

describe('loadProjectFlow', () => {
  it('turns a failed answer and a failed bridge call into error states', async () => {
    const failed = (() =>
      Promise.resolve({
        ok: true,
        value: {
          status: 'failed',
          jobId: 'job-12345678',
          error: { code: 'jira-unavailable', detail: '503' },
        },
      })) as unknown as FlowInvoke;
    const options = { sleep: () => Promise.resolve(), cancelled: () => false };
    expect(await loadProjectFlow(failed, { projectKey: 'HD' }, options)).toEqual({
      phase: 'error',
      code: 'jira-unavailable',
      detail: '503',
    });
    const broken = (() => Promise.reject(new Error('bridge down'))) as unknown as FlowInvoke;
    expect(await loadProjectFlow(broken, { projectKey: 'HD' }, options)).toEqual({
      phase: 'error',
      code: 'internal',
      detail: 'bridge down',
    });
  });
});

describe('issuesCsv', () => {
  it('writes RFC 4180 CSV with a BOM, CRLF and "," and decimal points in English', () => {
    const csv = issuesCsv(smallView, 'en', headers);
    expect(
      csv.startsWith(
        '\uFEFFKey,Summary,Type,Stage,Created,Started,Done,Cycle,Lead,Efficiency,Blocked,Warnings\r\n',
      ),
    ).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(6); // header, four issues, the empty string after the last CRLF
    // Berlin is UTC+1 in early March: 08:00 UTC is 09:00 local.
    expect(lines[1]).toBe(
      'HD-1,"Laptop; with ""dock""",Service Request,Done,2026-03-02 09:00,2026-03-03 09:00,2026-03-06 09:00,3.00,4.00,50.0,0.25,0',
    );
    expect(lines[2]).toBe("HD-2,'=cmd(),Incident,In Progress,2026-03-04 09:00,2026-03-05 09:00,,,,,0.00,1");
  });

  it('uses ";" and decimal commas in German and quotes line breaks', () => {
    const csv = issuesCsv(smallView, 'de', headers);
    const body = csv.slice(1);
    expect(body).toContain(
      '\r\nHD-1;"Laptop; with ""dock""";Service Request;Done;2026-03-02 09:00;2026-03-03 09:00;2026-03-06 09:00;3,00;4,00;50,0;0,25;0\r\n',
    );
    expect(body).toContain('\r\nHD-4;"Wait\nfor it";Incident;To Do;2026-03-09 09:00;;;;;;0,00;0\r\n');
  });

  it('quotes only fields that need it', () => {
    expect(csvField('plain', ',')).toBe('plain');
    expect(csvField('a,b', ',')).toBe('"a,b"');
    expect(csvField('a,b', ';')).toBe('a,b');
    expect(csvField('say "hi"', ';')).toBe('"say ""hi"""');
  });
});

const german = germanUi;
const english = englishUi;

function renderContent(i18n: UiI18n): string {
  return renderToStaticMarkup(
    <ProjectFlowContent
      view={smallView}
      i18n={i18n}
      format={createPageFormat(i18n)}
      openIssue={() => undefined}
      onExport={() => undefined}
      onForecast={() => undefined}
    />,
  );
}

describe('FlowErrorState', () => {
  it("shows Jira's message for a rejected JQL refinement, without a pointless retry", () => {
    const html = renderToStaticMarkup(
      <FlowErrorState
        area="projectPage"
        code="invalid-payload"
        detail="Error in the JQL Query: Expecting a field name."
        i18n={german}
        onRetry={() => undefined}
      />,
    );
    expect(plainText(html)).toBe(
      'Flow-Metriken sind nicht verfügbar Die Filter konnten nicht angewendet werden. Jira meldet: Error in the JQL Query: Expecting a field name.',
    );
    expect(html).toContain('role="alert"');
  });

  it('offers a retry when Jira is busy', () => {
    const html = renderToStaticMarkup(
      <FlowErrorState
        area="projectPage"
        code="jira-unavailable"
        detail="503"
        i18n={english}
        onRetry={() => undefined}
      />,
    );
    expect(plainText(html)).toContain(englishMessages['projectPage.error.jira-unavailable']);
    expect(html).toContain('>Try again</button>');
  });
});

describe('ProjectFlowContent', () => {
  it('shows the key figures in German', () => {
    const shown = plainText(renderContent(german));
    expect(shown).toContain('Im Zeitraum erledigt 2');
    expect(shown).toContain('Zykluszeit, 85. Perzentil 3,0 Tage');
    expect(shown).toContain('Durchsatz pro Woche 1,4');
    expect(shown).toContain('Flow-Effizienz 75 %');
  });

  it('gives every chart a caption, a summary with its numbers and a data table', () => {
    const html = renderContent(english);
    for (const id of [
      'chart-scatter',
      'chart-cycle-histogram',
      'chart-cfd',
      'chart-wip',
      'chart-throughput',
      'chart-throughput-histogram',
      'chart-aging',
      'chart-efficiency',
    ]) {
      expect(html).toContain(`data-testid="${id}"`);
      expect(html).toContain(`data-testid="${id}-summary"`);
      expect(html).toContain(`data-testid="${id}-table"`);
    }
    const shown = plainText(html);
    expect(shown).toContain(
      '2 items finished in the range, by finish date and cycle time in days. 50 % finished within 2.0 days; 85 % finished within 3.0 days; 95 % finished within 3.0 days.',
    );
    expect(shown).toContain('On Mar 10, 2026: To Do 1, In Progress 1, Done 2.');
    expect(shown).toContain('Work in progress now: 1; highest in the range: 1.');
    expect(shown).toContain(
      '1 open started items by stage and age; 1 are older than 85 % of recently finished items.',
    );
    // The scatter's table lists the points: HD-3 (done 4 March) before HD-1 (6 March).
    expect(shown).toContain('HD-3 Mar 4, 2026 2.0 HD-1 Mar 6, 2026 3.0');
  });

  it("marks the bottleneck stage and explains the Little's Law verdict in plain language", () => {
    const html = renderContent(english);
    expect(html).toContain('data-testid="bottleneck"');
    const shown = plainText(html);
    expect(shown).toContain('“In Progress” holds work longest: it is the likely bottleneck.');
    expect(shown).toContain(englishMessages['projectPage.littlesLaw.cycle-time-longer']);
    expect(shown).toContain('items should take about 2.0 days; they took 2.5 days on average.');
  });

  it('lays the Monte Carlo forecast out per confidence level, in German', () => {
    const shown = plainText(renderContent(german));
    expect(shown).toContain('Sicherheit Erledigt bis 09.04.2026 1 Vorgänge erledigt bis');
    expect(shown).toContain('50 % mindestens 6 20.03.2026');
    expect(shown).toContain('85 % mindestens 4 01.04.2026');
    expect(shown).toContain('95 % mindestens 2 nicht innerhalb von zehn Jahren');
  });

  it('shows an empty state instead of a chart when nothing finished', () => {
    const empty = {
      ...smallView,
      cycleTime: { ...smallView.cycleTime, pointRows: [], histogram: { binWidth: 1, counts: [] } },
    };
    const html = renderToStaticMarkup(
      <ProjectFlowContent
        view={empty}
        i18n={english}
        format={createPageFormat(english)}
        openIssue={() => undefined}
        onExport={() => undefined}
        onForecast={() => undefined}
      />,
    );
    expect(html).toContain('data-testid="chart-scatter-empty"');
    expect(plainText(html)).toContain('No item was finished in this range.');
  });
});

describe('strings of the project page and gadget', () => {
  // Keys built at run time from codes (the literal ones are checked by locales.test.ts).
  const verdicts: Record<LittlesLawVerdict, true> = {
    stable: true,
    'cycle-time-longer': true,
    'cycle-time-shorter': true,
    'insufficient-data': true,
  };
  const errorCodes: Record<ResolverErrorCode, true> = {
    'invalid-payload': true,
    'not-found': true,
    forbidden: true,
    'jira-unavailable': true,
    internal: true,
  };
  const metrics: Record<GadgetMetric, true> = {
    cycleTime: true,
    leadTime: true,
    throughput: true,
    wip: true,
    aging: true,
  };
  const keys = [
    ...Object.keys(verdicts).map((verdict) => `projectPage.littlesLaw.${verdict}`),
    ...Object.keys(errorCodes).flatMap((code) => [`projectPage.error.${code}`, `gadget.error.${code}`]),
    ...Object.keys(metrics).map((metric) => `gadget.metric.${metric}`),
    'gadget.metric.cycleTime.percentile',
    'gadget.metric.leadTime.percentile',
    'gadget.metric.aging.percentile',
    ...['up', 'down', 'flat', 'none'].map((trend) => `gadget.trend.${trend}`),
    ...['better', 'worse', 'neutral'].map((quality) => `gadget.trend.quality.${quality}`),
    ...['day', 'week'].flatMap((grain) => [
      `projectPage.throughput.per.${grain}`,
      `projectPage.throughputHistogram.title.${grain}`,
      `projectPage.throughputHistogram.summary.${grain}`,
    ]),
    ...[1, 2, 3, 4, 5, 6, 7].map((day) => `projectPage.weekday.${String(day)}`),
  ];

  it('has every key built from a code in English and German', () => {
    const en: Record<string, string> = englishMessages;
    const de: Record<string, string> = germanMessages;
    expect(keys.filter((key) => en[key] === undefined)).toEqual([]);
    expect(keys.filter((key) => de[key] === undefined)).toEqual([]);
  });
});
