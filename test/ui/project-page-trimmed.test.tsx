/**
 * The project page tells the reader when the answer left summaries or issue rows out to fit one resolver answer
 * (tens of thousands of issues in the range), in German and English, and how to get them back; a whole view shows
 * no such note. The views are real ones: a generated project measured by the engine and fitted to a small budget.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import type { UiI18n } from '../../static/src/i18n/load';
import { createPageFormat } from '../../static/src/project-page/page-format';
import { ProjectFlowContent } from '../../static/src/project-page/project-flow-page';
import type { ProjectFlowView } from '../../src/contract/project-flow';
import { addDays, localDate } from '../../src/domain/flow/calendar';
import { createFlowAccumulator } from '../../src/domain/flow/engine';
import { buildProjectFlowView } from '../../src/domain/flow/project-view';
import { fitProjectFlowView, jsonBytes } from '../../src/domain/flow/project-view-fit';
import { BENCH_AS_OF_MS, BENCH_START_MS, BENCH_TIME_ZONE } from '../../bench/bench-params';
import { BENCH_WORKFLOW_MAPPING, iterateProject } from '../../bench/generate-project';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';

/** The view of a generated 400-issue project over its three years, with summaries. */
function wholeView(): ProjectFlowView {
  const calendar = { timeZone: BENCH_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    mapping: BENCH_WORKFLOW_MAPPING,
    startPolicy: 'first',
    timeZone: BENCH_TIME_ZONE,
    asOfMs: BENCH_AS_OF_MS,
    calendar,
    windowDays: 90,
  });
  const summaries = new Map<string, string>();
  for (const issue of iterateProject({ issues: 400, seed: 7, startMs: BENCH_START_MS })) {
    accumulator.add(issue);
    summaries.set(issue.key ?? '', typeof issue.fields?.summary === 'string' ? issue.fields.summary : '');
  }
  const to = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
  return buildProjectFlowView({
    facts: accumulator.finishFacts(),
    projectKey: 'SD',
    from: addDays(to, -3 * 365),
    to,
    percentiles: [50, 85, 95],
    calendar,
    windowDays: 90,
    summaries,
    issueTypes: [],
    jql: null,
    mappingVersion: null,
    mappingDerived: false,
    computedAtMs: BENCH_AS_OF_MS,
  });
}

function render(view: ProjectFlowView, i18n: UiI18n): string {
  return renderToStaticMarkup(
    <ProjectFlowContent
      view={view}
      i18n={i18n}
      format={createPageFormat(i18n)}
      openIssue={() => undefined}
      onExport={() => undefined}
      onForecast={() => undefined}
    />,
  );
}

describe('project page note on a trimmed answer', () => {
  const whole = wholeView();
  const bytes = jsonBytes(whole);
  const summaryBytes = whole.issues.rows.reduce((sum, row) => sum + jsonBytes(row[1]) - 2, 0);
  // Just too large with summaries: leaving them out is enough.
  const withoutSummaries = fitProjectFlowView(whole, bytes - Math.floor(summaryBytes / 2));
  // Far too large: rows go too.
  const withoutRows = fitProjectFlowView(whole, Math.floor((bytes - summaryBytes) * 0.8));

  it('has the views it needs', () => {
    expect(withoutSummaries.issues.summariesOmitted).toBe(true);
    expect(withoutSummaries.issues.rowsOmitted).toBeUndefined();
    expect(withoutRows.issues.rowsOmitted).toBeGreaterThan(0);
  });

  it('shows no note for a whole view', () => {
    expect(render(whole, englishUi)).not.toContain('data-testid="answer-trimmed"');
    expect(render(whole, germanUi)).not.toContain('data-testid="answer-trimmed"');
  });

  it('says in German and English that the summaries were left out and how to narrow the scope', () => {
    const de = render(withoutSummaries, germanUi);
    expect(de).toContain('data-testid="answer-trimmed"');
    expect(de).toContain('role="note"');
    expect(plainText(de)).toContain(
      'Zusammenfassungen ausgelassen: zu viele Vorgänge für eine Antwort. Mit JQL oder Zeitraum eingrenzen.',
    );
    expect(plainText(de)).not.toContain('nicht aufgelistet');
    expect(plainText(render(withoutSummaries, englishUi))).toContain(
      'Summaries left out: too many issues for one answer. Narrow it down with JQL or the date range.',
    );
  });

  it('counts the issues left out of the list, in German and English', () => {
    const count = withoutRows.issues.rowsOmitted ?? 0;
    const de = plainText(render(withoutRows, germanUi));
    const en = plainText(render(withoutRows, englishUi));
    expect(de).toContain(germanMessages['projectPage.trimmed.summaries']);
    expect(de).toContain(
      `${count.toLocaleString('de-DE')} Vorgänge nicht aufgelistet (die Kennzahlen zählen alle): zu viele Vorgänge für eine Antwort. Mit JQL oder Zeitraum eingrenzen.`,
    );
    expect(en).toContain(englishMessages['projectPage.trimmed.summaries']);
    expect(en).toContain(
      `${count.toLocaleString('en-US')} issues not listed (the figures count them all): too many issues for one answer.`,
    );
  });
});
