/**
 * Jira's issue view, as far as the app needs it: a searchable list of the project's issues on the left and the
 * selected issue with its fields, description and the app's issue panels (`jira:issuePanel`) on the right, and
 * its workflow transitions as buttons (taken as the selected user; a validator's refusal is shown as Jira shows
 * it; after a transition the issue and its panels reload, as Jira re-renders issue panels when the issue changes).
 */
import { shownOnIssue } from '../display-condition';
import type { PreviewIssueDetails, PreviewIssueList, PreviewTransition } from '../preview-api';
import {
  fetchIssue,
  fetchIssues,
  fetchTransitions,
  PreviewRequestError,
  redeliverLastEvent,
  transitionIssue,
} from './api';
import { h, replaceChildren } from './dom';
import { formatInstant, statusLozenge } from './format';
import { projectExtension, type HostApp } from './host-app';
import { moduleFrame } from './module-frame';
import { rulesPanel, showsRulesPanel } from './rules-panel';

const SEARCH_DELAY_MS = 200;

function errorBox(app: HostApp, detail: string, retry: (() => void) | null): HTMLElement {
  return h(
    'div',
    { class: 'state-error', role: 'alert' },
    h('p', { class: 'state-title' }, app.text('loadError')),
    h('p', {}, app.text('loadErrorHint', { detail })),
    retry === null ? null : retryButton(app, retry),
  );
}

function retryButton(app: HostApp, retry: () => void): HTMLButtonElement {
  const button = h('button', { type: 'button' }, app.text('retry'));
  button.addEventListener('click', retry);
  return button;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The issue view; `refreshList()`/`refreshIssue()` follow the state after a search or a selection. */
export class IssueView {
  readonly element: HTMLElement;
  private readonly app: () => HostApp;
  private readonly listStatus = h('p', { class: 'list-status', role: 'status', 'aria-live': 'polite' });
  private readonly listItems = h('ul', { class: 'issue-items' });
  private readonly detail = h('div', { class: 'issue-detail' });
  private listRequest: AbortController | null = null;
  private issueRequest: AbortController | null = null;
  private transitionsRequest: AbortController | null = null;
  /** What the last transition did, shown in the workflow group of that issue after the reload. */
  private transitionNotice: { readonly issueKey: string; readonly text: string } | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private shownIssueKey: string | null = null;

  constructor(app: () => HostApp) {
    this.app = app;
    const { text, state, project } = app();
    const search = h('input', {
      id: 'issue-search',
      type: 'search',
      placeholder: text('searchPlaceholder'),
      value: state.query,
      autocomplete: 'off',
      'aria-controls': 'issue-items',
    });
    this.listItems.id = 'issue-items';
    search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.app().update({ query: search.value }, 'replace');
      }, SEARCH_DELAY_MS);
    });
    const form = h(
      'form',
      { role: 'search', class: 'issue-search' },
      h('label', { for: 'issue-search' }, text('searchLabel')),
      search,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearTimeout(this.searchTimer);
      this.app().update({ query: search.value }, 'replace');
    });
    this.element = h(
      'div',
      { class: 'issue-view' },
      h(
        'div',
        { class: 'issue-list-column' },
        h(
          'section',
          { class: 'issue-list', 'aria-labelledby': 'issue-list-heading' },
          h(
            'h2',
            { id: 'issue-list-heading' },
            project === null ? text('issuesHeading') : `${text('issuesHeading')} · ${project.key}`,
          ),
          form,
          this.listStatus,
          this.listItems,
        ),
      ),
      this.detail,
    );
  }

  /** Loads the list for the current project and search. */
  refreshList(): void {
    const app = this.app();
    this.listRequest?.abort();
    if (app.project === null) {
      this.showList(app, { issues: [], truncated: false });
      return;
    }
    const request = new AbortController();
    this.listRequest = request;
    this.listItems.setAttribute('aria-busy', 'true');
    this.listStatus.textContent = app.text('loadingIssues');
    this.listStatus.className = 'list-status state-loading';
    fetchIssues(app.user.accountId, app.project.key, app.state.query, request.signal).then(
      (list) => {
        if (!request.signal.aborted) this.showList(this.app(), list);
      },
      (error: unknown) => {
        if (request.signal.aborted) return;
        this.listItems.removeAttribute('aria-busy');
        this.listStatus.textContent = '';
        replaceChildren(
          this.listItems,
          h(
            'li',
            {},
            errorBox(this.app(), messageOf(error), () => {
              this.refreshList();
            }),
          ),
        );
      },
    );
  }

  private showList(app: HostApp, list: PreviewIssueList): void {
    this.listItems.removeAttribute('aria-busy');
    this.listStatus.className = 'list-status';
    if (list.issues.length === 0) {
      this.listStatus.textContent = '';
      replaceChildren(
        this.listItems,
        h(
          'li',
          { class: 'state-empty' },
          h('p', { class: 'state-title' }, app.text('noIssues')),
          h('p', {}, app.text('noIssuesHint')),
        ),
      );
      return;
    }
    this.listStatus.textContent = !list.truncated
      ? list.issues.length === 1
        ? app.text('issueCountOne')
        : app.text('issueCount', { count: list.issues.length })
      : app.state.query.trim() === ''
        ? app.text('newestIssues', { count: list.issues.length })
        : app.text('moreIssues');
    replaceChildren(
      this.listItems,
      ...list.issues.map((issue) => {
        const link = h(
          'a',
          {
            class: 'issue-item',
            href: app.hrefFor({ issueKey: issue.key }),
            'data-issue-key': issue.key,
            'aria-current': issue.key === app.state.issueKey ? 'page' : null,
          },
          h(
            'span',
            { class: 'issue-item-top' },
            h('span', { class: 'issue-key' }, issue.key),
            statusLozenge(issue.status),
          ),
          h('span', { class: 'issue-summary' }, issue.summary),
        );
        link.addEventListener('click', (event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return; // new tab/window
          event.preventDefault();
          this.app().update({ issueKey: issue.key }, 'push');
        });
        return h('li', {}, link);
      }),
    );
  }

  /**
   * Shows the selected issue (reloading its panels only when the issue changed or `force`). `quiet` keeps the
   * shown issue until the reloaded one arrives (after a transition) instead of showing the loading state.
   */
  refreshIssue(force = false, quiet = false): void {
    const app = this.app();
    for (const link of this.listItems.querySelectorAll<HTMLAnchorElement>('a.issue-item')) {
      if (link.dataset['issueKey'] === app.state.issueKey) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    if (!force && this.shownIssueKey === app.state.issueKey) return;
    if (this.shownIssueKey !== app.state.issueKey) this.transitionNotice = null;
    this.shownIssueKey = app.state.issueKey;
    this.issueRequest?.abort();
    this.transitionsRequest?.abort();
    if (app.state.issueKey === '') {
      replaceChildren(
        this.detail,
        h('div', { class: 'state-empty state-select' }, h('p', {}, app.text('selectIssue'))),
      );
      return;
    }
    const request = new AbortController();
    this.issueRequest = request;
    this.detail.setAttribute('aria-busy', 'true');
    if (!quiet) {
      replaceChildren(
        this.detail,
        h('p', { class: 'state-loading', role: 'status' }, app.text('loadingIssue')),
      );
    }
    fetchIssue(app.user.accountId, app.state.issueKey, request.signal).then(
      (issue) => {
        if (request.signal.aborted) return;
        this.detail.removeAttribute('aria-busy');
        replaceChildren(this.detail, this.issueArticle(this.app(), issue));
      },
      (error: unknown) => {
        if (request.signal.aborted) return;
        this.detail.removeAttribute('aria-busy');
        replaceChildren(
          this.detail,
          errorBox(this.app(), messageOf(error), () => {
            this.refreshIssue(true);
          }),
        );
      },
    );
  }

  /** The issue's workflow transitions, one button each, with what the last one did or why Jira refused it. */
  private workflowSection(app: HostApp, issue: PreviewIssueDetails): HTMLElement {
    const { text } = app;
    const buttons = h('div', {
      class: 'workflow-buttons',
      role: 'group',
      'aria-labelledby': 'workflow-heading',
      'aria-busy': 'true',
    });
    const status = h('p', { class: 'workflow-status', role: 'status' });
    const refusal = h('div', { class: 'workflow-refusal' });
    const notice = this.transitionNotice;
    if (notice !== null && notice.issueKey === issue.key) status.textContent = notice.text;
    buttons.append(h('span', { class: 'subtle' }, text('loadingTransitions')));

    const take = (transition: PreviewTransition): void => {
      for (const button of buttons.querySelectorAll('button')) button.disabled = true;
      replaceChildren(refusal);
      status.textContent = text('transitionRunning', { name: transition.name });
      transitionIssue(app.user.accountId, issue.key, transition.id).then(
        (result) => {
          this.transitionNotice = {
            issueKey: issue.key,
            text: text('transitionDone', { name: transition.name, status: result.status.name }),
          };
          // The status changed: the list's lozenge, the issue's fields and its panels show the new state.
          this.refreshList();
          if (this.shownIssueKey === issue.key) this.refreshIssue(true, true);
        },
        (error: unknown) => {
          for (const button of buttons.querySelectorAll('button')) button.disabled = false;
          status.textContent = '';
          replaceChildren(
            refusal,
            h(
              'div',
              { class: 'state-error', role: 'alert' },
              h('p', { class: 'state-title' }, text('transitionRefused', { name: transition.name })),
              ...refusalMessages(error).map((message) => h('p', {}, message)),
            ),
          );
        },
      );
    };

    const request = new AbortController();
    this.transitionsRequest = request;
    fetchTransitions(app.user.accountId, issue.key, request.signal).then(
      (transitions) => {
        if (request.signal.aborted) return;
        buttons.removeAttribute('aria-busy');
        if (transitions.length === 0) {
          replaceChildren(buttons, h('span', { class: 'subtle' }, text('noTransitions')));
          return;
        }
        replaceChildren(
          buttons,
          ...transitions.map((transition) => {
            const button = h(
              'button',
              { type: 'button', 'data-transition-id': transition.id, title: transition.to.name },
              transition.name,
            );
            button.addEventListener('click', () => {
              take(transition);
            });
            return button;
          }),
        );
      },
      (error: unknown) => {
        if (request.signal.aborted) return;
        buttons.removeAttribute('aria-busy');
        replaceChildren(
          buttons,
          h('span', { class: 'subtle' }, text('transitionsError', { detail: messageOf(error) })),
        );
      },
    );
    return h(
      'section',
      { class: 'workflow', 'aria-labelledby': 'workflow-heading' },
      h('h2', { id: 'workflow-heading' }, text('workflow')),
      buttons,
      status,
      refusal,
      this.redeliverControl(app, issue.key),
    );
  }

  /**
   * Delivers the issue's last event once more, as Forge may (at least once): shows that the app's triggers take
   * a duplicate without doing the work twice (e.g. one feedback reply, not two).
   */
  private redeliverControl(app: HostApp, issueKey: string): HTMLElement {
    const { text } = app;
    const result = h('p', { class: 'workflow-status', role: 'status' });
    const button = h(
      'button',
      { type: 'button', id: 'redeliver-event', title: text('redeliverTitle') },
      text('redeliver'),
    );
    button.addEventListener('click', () => {
      button.disabled = true;
      result.textContent = text('redelivering');
      redeliverLastEvent(issueKey).then(
        (redelivery) => {
          const triggers = redelivery.deliveries.filter((d) => d.delivered).map((d) => d.triggerKey);
          this.transitionNotice = {
            issueKey,
            text:
              triggers.length === 0
                ? text('redeliveredNone', { event: redelivery.eventType })
                : text('redelivered', { event: redelivery.eventType, triggers: triggers.join(', ') }),
          };
          // What the duplicate did (or did not do) shows in the issue's panels.
          if (this.shownIssueKey === issueKey) this.refreshIssue(true, true);
        },
        (error: unknown) => {
          button.disabled = false;
          result.textContent = text('redeliverFailed', { detail: messageOf(error) });
        },
      );
    });
    return h('div', { class: 'workflow-redeliver' }, button, result);
  }

  private issueArticle(app: HostApp, issue: PreviewIssueDetails): HTMLElement {
    const { text, locale } = app;
    const timeZone = app.user.timeZone;
    // Jira shows a panel only where its display conditions hold (e.g. the record panel on CSI issues only).
    const shown = app
      .modulesOf('issue')
      .filter((module) => shownOnIssue(module.displayCondition, issue.issueType));
    const panels = shown.map((module) => {
      const title = module.title[app.state.language];
      const headingId = `module-${module.key}`;
      const context = app.contextFor(module, {
        issue: { key: issue.key, id: issue.id, type: issue.issueType, typeId: issue.issueTypeId },
        project: projectExtension(issue.project),
        isNewToIssue: false,
      });
      return h(
        'section',
        { class: 'module module-issue-panel', 'aria-labelledby': headingId, 'aria-busy': 'true' },
        h(
          'h2',
          { id: headingId, class: 'module-title' },
          h('span', { class: 'app-icon', 'aria-hidden': 'true' }),
          title,
        ),
        moduleFrame(module, context, title),
      );
    });
    const detailRow = (label: string, value: Node | string): HTMLElement[] => [
      h('dt', {}, label),
      h('dd', {}, value),
    ];
    const person = (value: PreviewIssueDetails['assignee'], none: string): Node | string =>
      value === null
        ? h('span', { class: 'subtle' }, none)
        : h(
            'span',
            { class: 'person' },
            h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(value.displayName)),
            value.displayName,
          );
    const labels =
      issue.labels.length === 0
        ? h('span', { class: 'subtle' }, text('none'))
        : h('ul', { class: 'labels' }, ...issue.labels.map((label) => h('li', { class: 'label' }, label)));
    return h(
      'article',
      { class: 'issue', 'aria-labelledby': 'issue-title' },
      h(
        'nav',
        { 'aria-label': 'Breadcrumbs', class: 'breadcrumbs' },
        h(
          'ol',
          {},
          h('li', {}, text('projects')),
          h('li', {}, issue.project.name === '' ? issue.project.key : issue.project.name),
          h(
            'li',
            {},
            h(
              'a',
              { href: app.hrefFor({ issueKey: issue.key }), 'aria-current': 'page' },
              issueTypeIcon(issue.issueType),
              issue.key,
            ),
          ),
        ),
      ),
      h('h1', { id: 'issue-title', tabindex: '-1' }, issue.summary),
      h(
        'div',
        { class: 'issue-columns' },
        h(
          'div',
          { class: 'issue-main' },
          h(
            'section',
            { class: 'description', 'aria-labelledby': 'description-heading' },
            h('h2', { id: 'description-heading' }, text('description')),
            issue.descriptionParagraphs.length === 0
              ? h('p', { class: 'subtle' }, text('noDescription'))
              : issue.descriptionParagraphs.map((paragraph) => h('p', {}, paragraph)),
          ),
          ...panels,
        ),
        h(
          'aside',
          { class: 'issue-sidebar', 'aria-label': text('details') },
          h('div', { class: 'status-row' }, statusLozenge(issue.status)),
          this.workflowSection(app, issue),
          showsRulesPanel(issue) ? rulesPanel(app, issue) : null,
          h(
            'section',
            { class: 'details-box', 'aria-labelledby': 'details-heading' },
            h('h2', { id: 'details-heading' }, text('details')),
            h(
              'dl',
              { class: 'details' },
              ...detailRow(text('assignee'), person(issue.assignee, text('unassigned'))),
              ...detailRow(text('reporter'), person(issue.reporter, text('none'))),
              ...detailRow(text('issueType'), issue.issueType),
              ...detailRow(text('priority'), issue.priority ?? text('none')),
              ...detailRow(text('labels'), labels),
              ...(issue.resolution === null ? [] : detailRow(text('resolution'), issue.resolution)),
            ),
          ),
          h(
            'dl',
            { class: 'dates' },
            ...detailRow(text('created'), formatInstant(issue.created, locale, timeZone)),
            ...(issue.updated === null
              ? []
              : detailRow(text('updated'), formatInstant(issue.updated, locale, timeZone))),
            ...(issue.resolutionDate === null
              ? []
              : detailRow(text('resolved'), formatInstant(issue.resolutionDate, locale, timeZone))),
          ),
        ),
      ),
    );
  }
}

/** Jira's messages of a refused change, or the failure's own message. */
function refusalMessages(error: unknown): readonly string[] {
  if (error instanceof PreviewRequestError && error.jiraMessages.length > 0) return error.jiraMessages;
  return [messageOf(error)];
}

/** Up to two initials of a name, for the avatar circle. */
function initials(displayName: string): string {
  return displayName
    .split(/\s+/)
    .filter((part) => part !== '')
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/** Jira's issue type icon, reduced to its colour: red for failures (incident, bug, problem), blue for the rest. */
function issueTypeIcon(issueType: string): HTMLSpanElement {
  const failure = /störung|incident|bug|fehler|problem/i.test(issueType);
  return h('span', {
    class: `issue-type-icon ${failure ? 'issue-type-failure' : 'issue-type-work'}`,
    title: issueType,
  });
}
