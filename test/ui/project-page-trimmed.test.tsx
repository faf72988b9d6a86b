/**
 * The project page tells the reader when the answer left summaries or issue rows out to fit one resolver answer
 * (tens of thousands of issues in the range), in German and English, and how to get them back; a whole view shows
 * no such note. The views are real ones: a generated project measured by the engine and fitted to a small budget.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import type { UiI18n } from '../../static/src/i18n/load';
import type { ProjectFlowView } from '../../src/contract/project-flow';
import { fitProjectFlowView, jsonBytes } from '../../src/domain/flow/project-view-fit';
import { generatedProjectView, projectFlowContent } from './support/generated-flow-view';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';

function render(view: ProjectFlowView, i18n: UiI18n): string {
  return renderToStaticMarkup(projectFlowContent(view, i18n));
}

describe('project page note on a trimmed answer', () => {
  // A generated 400-issue project over its three years, with summaries.
  const whole = generatedProjectView({ issues: 400, seed: 7, rangeDays: 3 * 365, summaries: true });
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
