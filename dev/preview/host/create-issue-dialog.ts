/**
 * Jira's "Create issue" dialog, reduced to what creating an issue for the app needs: project, an issue type of
 * that project, summary. It creates the issue in the emulator as the selected sample user (Jira's permissions and
 * field checks apply; Jira's refusal is shown as Jira words it).
 */
import type { PreviewCreatedIssue, PreviewIssueType } from '../preview-api';
import { createIssue, fetchIssueTypes, PreviewRequestError } from './api';
import { h, replaceChildren } from './dom';
import type { HostApp } from './host-app';

function messagesOf(error: unknown): readonly string[] {
  if (error instanceof PreviewRequestError && error.jiraMessages.length > 0) return error.jiraMessages;
  return [error instanceof Error ? error.message : String(error)];
}

function required(label: string): (HTMLElement | string)[] {
  return [label, h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')];
}

/**
 * Opens the dialog over the page (modal, Escape or "Cancel" closes it). `onCreated` gets the new issue and its
 * project once Jira created it; the dialog is gone by then.
 */
export function openCreateIssueDialog(
  app: HostApp,
  onCreated: (issue: PreviewCreatedIssue, projectKey: string) => void,
): void {
  const { text } = app;
  const projectSelect = h(
    'select',
    { id: 'create-project', name: 'project', required: true },
    ...app.projects.map((project) =>
      h(
        'option',
        { value: project.key, selected: project.key === app.project?.key },
        `${project.name} (${project.key})`,
      ),
    ),
  );
  const typeSelect = h('select', { id: 'create-issuetype', name: 'issuetype', required: true });
  const typeStatus = h('p', { class: 'field-hint', id: 'create-issuetype-status', role: 'status' });
  const summary = h('input', {
    id: 'create-summary',
    name: 'summary',
    type: 'text',
    required: true,
    autocomplete: 'off',
    maxlength: 255,
  });
  const errorBox = h('div', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, text('create'));
  const cancel = h('button', { type: 'button' }, text('cancel'));
  const form = h(
    'form',
    { class: 'create-form', method: 'dialog', novalidate: true },
    h('h2', { id: 'create-heading' }, text('createIssue')),
    h('p', { class: 'field-hint' }, text('createIssueIntro')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'create-project' }, ...required(text('projectLabel'))),
      projectSelect,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'create-issuetype' }, ...required(text('issueType'))),
      typeSelect,
      typeStatus,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'create-summary' }, ...required(text('summary'))),
      summary,
    ),
    errorBox,
    h('div', { class: 'dialog-actions' }, submit, cancel),
  );
  const dialog = h('dialog', { class: 'create-dialog', 'aria-labelledby': 'create-heading' }, form);

  let typesRequest = 0;
  const loadTypes = (): void => {
    const run = ++typesRequest;
    typeSelect.disabled = true;
    replaceChildren(typeSelect);
    typeStatus.textContent = text('loadingIssueTypes');
    fetchIssueTypes(app.user.accountId, projectSelect.value).then(
      (types: readonly PreviewIssueType[]) => {
        if (run !== typesRequest) return;
        replaceChildren(typeSelect, ...types.map((type) => h('option', { value: type.id }, type.name)));
        typeSelect.disabled = types.length === 0;
        typeStatus.textContent = types.length === 0 ? text('noIssueTypes') : '';
      },
      (error: unknown) => {
        if (run !== typesRequest) return;
        typeStatus.textContent = messagesOf(error).join(' ');
      },
    );
  };
  projectSelect.addEventListener('change', loadTypes);

  const showError = (messages: readonly string[]): void => {
    replaceChildren(
      errorBox,
      h('p', { class: 'state-title' }, text('createFailed')),
      ...messages.map((message) => h('p', {}, message)),
    );
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    replaceChildren(errorBox);
    if (summary.value.trim() === '') {
      showError([text('summaryRequired')]);
      summary.focus();
      return;
    }
    const projectKey = projectSelect.value;
    submit.disabled = true;
    submit.textContent = text('creatingIssue');
    createIssue(app.user.accountId, {
      projectKey,
      issueTypeId: typeSelect.value,
      summary: summary.value.trim(),
    }).then(
      (issue) => {
        dialog.close();
        onCreated(issue, projectKey);
      },
      (error: unknown) => {
        submit.disabled = false;
        submit.textContent = text('create');
        showError(messagesOf(error));
      },
    );
  });
  cancel.addEventListener('click', () => {
    dialog.close();
  });
  dialog.addEventListener('close', () => {
    dialog.remove();
  });
  document.body.append(dialog);
  dialog.showModal();
  loadTypes();
  summary.focus();
}
