/**
 * The preview's CSAT and Automation-rules panel on a help-desk request (a Jira Service Management project): the
 * customer's side — a rating 1–5 given as the request's reporter — and what the preview's rule runner made of it
 * (`dev/preview/rule-runner*.ts`): each run of a sample rule on this issue with its outcome and the improvement the
 * app's action "Verbesserungsvorschlag registrieren" registered.
 *
 * Stable hooks for browser tests: section `#csat-panel`; radios `name="csat-rating"` (`#csat-rating-1` … `-5`)
 * labelled with the rating's words; button `#csat-submit`; status `#csat-status` (role status); run list
 * `#rule-runs` (items `li.rule-run` with `data-rule-id`, `data-outcome` = performed | no-actions | failed, and a link
 * to the registered improvement `a.rule-run-improvement`).
 */
import type { PreviewIssueDetails, PreviewRuleRun } from '../preview-api';
import { fetchRules, submitCsatRating } from './api';
import { h, replaceChildren } from './dom';
import type { HostApp } from './host-app';
import { rulesPanelText, type RulesPanelText, type RulesPanelTextKey } from './rules-panel-text';

/** Jira's project type of service projects: their issues are requests a customer can rate. */
const SERVICE_DESK = 'service_desk';

const RATING_KEYS: readonly RulesPanelTextKey[] = ['rating1', 'rating2', 'rating3', 'rating4', 'rating5'];

const OUTCOME_KEY: Readonly<Record<PreviewRuleRun['outcome'], RulesPanelTextKey>> = {
  performed: 'outcomePerformed',
  'no-actions': 'outcomeNoActions',
  failed: 'outcomeFailed',
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the panel belongs on the issue: a request of a service project. */
export function showsRulesPanel(issue: PreviewIssueDetails): boolean {
  return issue.project.typeKey === SERVICE_DESK;
}

/** The improvement an action registered (`{ issueKey, created }` outputs), when the run has one. */
function registeredOf(run: PreviewRuleRun): { key: string; created: boolean } | null {
  const result = run.result as { issueKey?: unknown; created?: unknown } | null;
  if (result === null || typeof result !== 'object' || typeof result.issueKey !== 'string') return null;
  return { key: result.issueKey, created: result.created === true };
}

function runItem(app: HostApp, text: RulesPanelText, run: PreviewRuleRun): HTMLLIElement {
  const language = app.state.language;
  const registered = registeredOf(run);
  const time = new Date(run.atMs).toLocaleString(app.locale, {
    timeZone: app.user.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return h(
    'li',
    { class: `rule-run rule-run-${run.outcome}`, 'data-rule-id': run.ruleId, 'data-outcome': run.outcome },
    h('p', { class: 'rule-run-name' }, run.ruleName[language]),
    h(
      'p',
      { class: 'rule-run-outcome' },
      h('span', { class: 'rule-run-lozenge' }, text(OUTCOME_KEY[run.outcome])),
      ' ',
      h('time', { datetime: new Date(run.atMs).toISOString() }, time),
    ),
    h('p', { class: 'rule-run-detail' }, run.detail[language]),
    registered === null
      ? null
      : h(
          'p',
          {},
          h(
            'a',
            {
              class: 'rule-run-improvement',
              href: app.hrefFor({
                view: 'issue',
                projectKey: registered.key.split('-')[0] ?? '',
                issueKey: registered.key,
              }),
            },
            text(registered.created ? 'registered' : 'registeredBefore', { key: registered.key }),
          ),
        ),
    ...run.messages.map((message) => h('p', { class: 'rule-run-message' }, message)),
  );
}

/** The panel for `issue` (a request): the rating form and the issue's rule runs. */
export function rulesPanel(app: HostApp, issue: PreviewIssueDetails): HTMLElement {
  const text = rulesPanelText(app.state.language);
  const status = h('p', { id: 'csat-status', class: 'csat-status', role: 'status', 'aria-live': 'polite' });
  const runs = h('ol', { id: 'rule-runs', class: 'rule-runs', 'aria-labelledby': 'rule-runs-heading' });
  const runsState = h('p', { class: 'subtle' });

  const showRuns = (all: readonly PreviewRuleRun[]): void => {
    const mine = all.filter((run) => run.issueKey === issue.key);
    runsState.textContent = mine.length === 0 ? text('noRuns') : '';
    replaceChildren(runs, ...mine.map((run) => runItem(app, text, run)));
  };
  fetchRules().then(
    (view) => {
      showRuns(view.runs);
    },
    (error: unknown) => {
      runsState.textContent = text('runsError', { detail: messageOf(error) });
    },
  );

  const radios = RATING_KEYS.map((key, index) => {
    const value = String(index + 1);
    const id = `csat-rating-${value}`;
    return h(
      'div',
      { class: 'csat-option' },
      h('input', { type: 'radio', name: 'csat-rating', id, value }),
      h('label', { for: id }, text(key)),
    );
  });
  const submit = h('button', { type: 'submit', id: 'csat-submit' }, text('submit'));
  const form = h(
    'form',
    { id: 'csat-form', class: 'csat-form', 'aria-describedby': 'csat-hint' },
    h('fieldset', {}, h('legend', {}, text('legend')), ...radios),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name="csat-rating"]:checked');
    if (chosen === null) {
      status.textContent = text('chooseRating');
      form.querySelector<HTMLInputElement>('input[name="csat-rating"]')?.focus();
      return;
    }
    const rating = Number(chosen.value);
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    status.textContent = text('sending', { rating });
    submitCsatRating(app.user.accountId, issue.key, rating)
      .then(
        async (result) => {
          status.textContent = text(result.settled ? 'sent' : 'sentUnsettled', {
            rating: result.rating,
            count: result.runs.length,
          });
          showRuns((await fetchRules()).runs);
        },
        (error: unknown) => {
          status.textContent = text('failed', { detail: messageOf(error) });
        },
      )
      .finally(() => {
        submit.disabled = false;
        form.removeAttribute('aria-busy');
      });
  });

  return h(
    'section',
    { id: 'csat-panel', class: 'csat-panel', 'aria-labelledby': 'csat-heading' },
    h('h2', { id: 'csat-heading' }, text('heading')),
    h('p', { id: 'csat-hint', class: 'subtle' }, text('hint')),
    form,
    status,
    h('h3', { id: 'rule-runs-heading' }, text('runsHeading', { key: issue.key })),
    runsState,
    runs,
    h('p', {}, h('a', { href: '/__preview/rules', target: '_blank', rel: 'noopener' }, text('rulesLink'))),
  );
}
