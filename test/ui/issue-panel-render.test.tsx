/** Renders the issue panel's states to HTML (no browser) and checks their text and accessibility markup. */
import { renderToStaticMarkup } from 'react-dom/server';
import { IssueFlowDetails } from '../../static/src/issue-panel/issue-flow-details';
import { ErrorState, LoadingState } from '../../static/src/issue-panel/issue-panel';
import {
  MAX_STANDING_POLLS,
  STANDING_POLL_MS,
  standingPending,
} from '../../static/src/issue-panel/issue-flow-model';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { doneIssueView, openIssueView } from './fixtures';
import { englishUi, germanUi } from './support/ui-i18n';
import { htmlText } from './support/html-text';

const german = germanUi;
const english = englishUi;

describe('IssueFlowDetails', () => {
  it('shows a done issue in German: status, lead time, cycle time, flow efficiency', () => {
    const html = renderToStaticMarkup(<IssueFlowDetails view={doneIssueView} i18n={german} />);
    const shown = htmlText(html);
    expect(shown).toContain('Flow von HD-42');
    expect(shown).toContain('Aktueller Status Done Phase Done');
    expect(shown).toContain('Durchlaufzeit 6,0 Tage');
    expect(shown).toContain('Zykluszeit 5,0 Tage');
    expect(shown).toContain('Flow-Effizienz 80\u00a0%');
  });

  it('lays time in status out as a captioned table with row headers, days and shares', () => {
    const html = renderToStaticMarkup(<IssueFlowDetails view={doneIssueView} i18n={english} />);
    expect(html).toContain('<caption>Time in each status, in the order the issue first reached it</caption>');
    expect(html.match(/<th scope="row"/g)).toHaveLength(4); // three statuses + the total
    expect(htmlText(html)).toContain(
      'Open To Do (backlog) 1.0 17% In Progress In Progress (active work) 3.5 58% ' +
        'Waiting for Customer Waiting (waiting) 1.5 25% Total 6.0',
    );
    expect(html).toContain('style="width:58.3%"');
  });

  it('shows the age so far and the data warning of an open issue in English', () => {
    const shown = htmlText(renderToStaticMarkup(<IssueFlowDetails view={openIssueView} i18n={english} />));
    expect(shown).toContain('Age so far 0.7 days');
    expect(shown).toContain('Cycle time still open');
    expect(shown).toContain('Notes on the data');
    expect(shown).toContain(englishMessages['warning.status-mismatch']);
  });

  it('marks the default order button as pressed', () => {
    const html = renderToStaticMarkup(<IssueFlowDetails view={doneIssueView} i18n={english} />);
    expect(html).toContain('<button type="button" aria-pressed="true">Workflow order</button>');
    expect(html).toContain('<button type="button" aria-pressed="false">Longest first</button>');
  });
});

describe('LoadingState and ErrorState', () => {
  it('announces loading as a busy status', () => {
    const html = renderToStaticMarkup(<LoadingState label="Loading flow metrics…" />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-busy="true"');
  });

  it('explains a not-found error in German without offering a pointless retry', () => {
    const html = renderToStaticMarkup(
      <ErrorState
        state={{ phase: 'error', code: 'not-found', detail: 'HD-999' }}
        i18n={german}
        onRetry={() => undefined}
      />,
    );
    expect(html).toContain('role="alert"');
    expect(htmlText(html)).toContain(germanMessages['error.not-found']);
    expect(html).not.toContain('Erneut versuchen');
  });

  it('offers a retry when Jira is unavailable', () => {
    const html = renderToStaticMarkup(
      <ErrorState
        state={{ phase: 'error', code: 'jira-unavailable', detail: '503' }}
        i18n={english}
        onRetry={() => undefined}
      />,
    );
    expect(htmlText(html)).toContain('Try again');
  });
});

describe('the standing while the viewer’s project view is computed', () => {
  const computing = {
    ...openIssueView,
    standing: { kind: 'computing' as const, projectKey: 'HD', jobId: 'job-1' },
  };

  it('says so in English and German, without sending the user to the project page', () => {
    const englishHtml = renderToStaticMarkup(<IssueFlowDetails view={computing} i18n={english} />);
    expect(htmlText(englishHtml)).toContain(
      englishMessages['issuePanel.standing.computing'].replace('{project}', 'HD'),
    );
    expect(englishHtml).not.toContain('/projects/HD');
    const germanHtml = renderToStaticMarkup(<IssueFlowDetails view={computing} i18n={german} />);
    expect(htmlText(germanHtml)).toContain(
      germanMessages['issuePanel.standing.computing'].replace('{project}', 'HD'),
    );
  });

  it('asks again only while the standing is being computed', () => {
    expect(standingPending({ phase: 'loaded', view: computing })).toBe(true);
    expect(standingPending({ phase: 'loaded', view: openIssueView })).toBe(false);
    expect(standingPending({ phase: 'loading' })).toBe(false);
    expect(STANDING_POLL_MS * MAX_STANDING_POLLS).toBe(15 * 60_000);
  });
});
