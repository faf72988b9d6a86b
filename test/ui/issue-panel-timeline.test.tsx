/** The issue panel's timeline of status visits, blocked time and standing against the project, in both languages. */
import { renderToStaticMarkup } from 'react-dom/server';
import { IssueFlowDetails } from '../../static/src/issue-panel/issue-flow-details';
import { standingMarks, standingText, timelineBars } from '../../static/src/issue-panel/issue-flow-model';
import { doneIssueView, openIssueView } from './fixtures';
import { englishUi, germanUi } from './support/ui-i18n';
import { htmlText } from './support/html-text';

const HOUR_MS = 3_600_000;

const german = germanUi;
const english = englishUi;

describe('timelineBars', () => {
  it('places every visit on one axis from creation to asOf, a revisited status twice', () => {
    const bars = timelineBars(doneIssueView.visits, Date.parse(doneIssueView.asOf));
    // Axis: 2026-03-02 08:00 → 03-10 12:00 UTC = 196 hours.
    expect(bars.map((bar) => [bar.status, bar.ms / HOUR_MS, Number((bar.offset * 196).toFixed(6))])).toEqual([
      ['Open', 24, 0],
      ['In Progress', 48, 24],
      ['Waiting for Customer', 36, 72],
      ['In Progress', 36, 108],
      ['Done', 52, 144],
    ]);
    expect(bars.reduce((sum, bar) => sum + bar.width, 0)).toBeCloseTo(1, 12);
    expect(bars.map((bar) => bar.ongoing)).toEqual([false, false, false, false, true]);
  });

  it('gives no bars without visits', () => {
    expect(timelineBars([], 0)).toEqual([]);
  });
});

describe('standingText', () => {
  it('says how many finished items took less, in English and German', () => {
    expect(standingText(doneIssueView.standing, english.t, english.format)).toBe(
      'Took longer than 86% of the 120 finished items (cycle time 5.0 days).',
    );
    const open = { ...doneIssueView.standing, measure: 'age' as const, rankPercent: 85 };
    expect(standingText(open, german.t, german.format)).toBe(
      'Älter als 85\u00a0% der 120 erledigten Vorgänge (Alter 5,0 Tage).',
    );
  });

  it('explains a missing project view and names the project', () => {
    expect(standingText(openIssueView.standing, english.t, english.format)).toContain(
      'Open the flow page of project HD once',
    );
    expect(standingText({ kind: 'unknown-project' }, german.t, german.format)).toContain('kein Vergleich');
  });

  it('lists the percentile marks in days', () => {
    expect(
      standingMarks(doneIssueView.standing, english.format).map((mark) => [mark.label, mark.days]),
    ).toEqual([
      ['50%', '2.1 days'],
      ['85%', '4.8 days'],
      ['95%', '9.5 days'],
    ]);
    expect(standingMarks(openIssueView.standing, english.format)).toEqual([]);
  });
});

describe('IssueFlowDetails timeline and standing', () => {
  it('draws a bar per visit coloured by stage kind with an accessible name and a list alternative', () => {
    const html = renderToStaticMarkup(<IssueFlowDetails view={doneIssueView} i18n={english} />);
    expect(html.match(/data-testid="visit-bar"/g)).toHaveLength(5);
    expect(html).toContain('class="timeline-bar kind-waiting"');
    expect(html).toContain('role="img" aria-label="Status visits of HD-42 from creation to now');
    expect(html.match(/data-testid="visit-item"/g)).toHaveLength(5);
    expect(htmlText(html)).toContain('Waiting for Customer (Waiting (waiting)): 1.5 days, from ');
    expect(htmlText(html)).toContain('Done (Done (done)): 2.2 days, from ');
  });

  it('shows blocked time and the standing with the 50/85/95 % marks (German)', () => {
    const shown = htmlText(renderToStaticMarkup(<IssueFlowDetails view={doneIssueView} i18n={german} />));
    expect(shown).toContain('Blockiert (markiert) 0,5 Tage');
    expect(shown).toContain(
      'Hat länger gedauert als 86\u00a0% der 120 erledigten Vorgänge (Zykluszeit 5,0 Tage).',
    );
    expect(shown).toContain('50\u00a0%-Marke: 2,1 Tage');
    expect(shown).toContain('95\u00a0%-Marke: 9,5 Tage');
  });

  it('links to the project when no project view is cached', () => {
    const html = renderToStaticMarkup(<IssueFlowDetails view={openIssueView} i18n={english} />);
    expect(html).toContain('href="/projects/HD"');
    expect(htmlText(html)).toContain("The project's flow has not been computed yet.");
    expect(html).not.toContain('data-testid="standing-mark"');
  });
});
