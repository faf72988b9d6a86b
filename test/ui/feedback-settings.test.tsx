/**
 * @jest-environment jsdom
 */
/**
 * The project settings page "Feedback" (issue 11) as a person uses it (jsdom, the UI's one invoke over a fake
 * bridge): the reply templates per step and language with placeholder buttons that insert at the cursor, a template
 * problem shown as it is typed and blocking the save, the live preview (the domain's own renderer), reset to the
 * defaults, save with the loaded version and a conflict that keeps the input; the web trigger's settings, usage and
 * URL, and "Secret erneuern" showing the secret and its curl example once; read-only for non-admins.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FeedbackIntakeView,
  FeedbackReplySettingsView,
  ReplyTemplates,
} from '../../src/contract/feedback';
import { DEFAULT_REPLY_TEMPLATES, REPLY_PLACEHOLDERS } from '../../src/domain/feedback/replies';
import { FeedbackSettingsPage } from '../../static/src/feedback-settings/feedback-settings-page';
import { fieldProblems, labelsOf } from '../../static/src/feedback-settings/intake-section';
import { insertPlaceholder } from '../../static/src/feedback-settings/templates-model';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const templates: ReplyTemplates = {
  ...DEFAULT_REPLY_TEMPLATES,
  closed: {
    de: 'Hallo {reporter}, erledigt: {improvementKey}.',
    en: 'Hi {reporter}, done: {improvementKey}.',
  },
};

const replySettings: FeedbackReplySettingsView = {
  projectKey: 'CSI',
  projectId: '10100',
  replyOnImplementation: false,
  templates,
  defaults: DEFAULT_REPLY_TEMPLATES,
  placeholders: REPLY_PLACEHOLDERS,
  version: 2,
  canEdit: true,
};

const intake: FeedbackIntakeView = {
  projectKey: 'CSI',
  projectId: '10100',
  settings: {
    enabled: true,
    issueTypeId: '10004',
    improvementAtRatingOrBelow: 2,
    improvementOnLabels: ['monitoring-alert'],
  },
  version: 1,
  url: 'https://example.atlassian-dev.net/x1/feedback',
  secretRotatedAt: null,
  issueTypes: [
    { id: '10004', name: 'Feedback' },
    { id: '10005', name: 'Task' },
  ],
  usage: { today: 12, dailyLimit: 500 },
  canEdit: true,
};

function renderPage(answers: MockAnswers, i18n = englishUi) {
  const mock = mockInvoke({
    getFeedbackReplySettings: () => ({ ok: true, value: replySettings }),
    getFeedbackIntake: () => ({ ok: true, value: intake }),
    ...answers,
  });
  const copied: string[] = [];
  render(
    <FeedbackSettingsPage
      projectKey="CSI"
      invoke={mock.invoke}
      i18n={i18n}
      copy={(text) => {
        copied.push(text);
        return Promise.resolve();
      }}
    />,
  );
  return { mock, copied };
}

describe('reply templates', () => {
  it('shows the templates per step and language with a live preview, in German', async () => {
    renderPage({}, germanUi);
    const section = within(await screen.findByTestId('reply-templates'));
    expect(section.getByRole('heading', { level: 2 }).textContent).toBe('Antwortvorlagen');
    const closed = within(section.getByRole('group', { name: 'Abgeschlossen' }));
    expect(closed.getByLabelText('Deutsch')).toHaveProperty(
      'value',
      'Hallo {reporter}, erledigt: {improvementKey}.',
    );
    expect(
      section.getByRole('switch', { name: 'Auch antworten, wenn eine Verbesserung in Umsetzung geht' }),
    ).toHaveProperty('checked', false);
    // The reporter is a mention, the placeholders filled for the sample improvement.
    expect(screen.getByTestId('template-closed-de-preview').textContent).toBe(
      'VorschauHallo @Alex Beispiel, erledigt: CSI-1.',
    );
    // The English template's preview (the page itself speaks German).
    expect(screen.getByTestId('template-closed-en-preview').textContent).toBe(
      'VorschauHi @Alex Example, done: CSI-1.',
    );
  });

  it('inserts a placeholder at the cursor and updates the preview', async () => {
    const user = userEvent.setup();
    renderPage({});
    const area = (await screen.findAllByLabelText('English'))[1] as HTMLTextAreaElement;
    expect(area.id).toBe('template-closed-en');
    area.focus();
    area.setSelectionRange(3, 3); // after "Hi "
    const group = screen.getByRole('group', { name: 'Insert a placeholder into Closed, English' });
    await user.click(within(group).getByRole('button', { name: '{improvementSummary}' }));
    expect(area.value).toBe('Hi {improvementSummary}{reporter}, done: {improvementKey}.');
    expect(screen.getByTestId('template-closed-en-preview').textContent).toBe(
      'PreviewHi Introduce self-service password reset@Alex Example, done: CSI-1.',
    );
  });

  it('marks an unknown placeholder as typed and sends nothing until it is corrected', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({}, germanUi);
    const area = (await screen.findAllByLabelText('Deutsch'))[1] as HTMLTextAreaElement;
    await user.clear(area);
    await user.type(area, 'Hallo {{melder}');
    expect(area.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('template-closed-de-problems').textContent).toBe(
      'Unbekannter Platzhalter melder in geschweiften Klammern: Nutzen Sie einen der Knöpfe unter dem Text.',
    );
    await user.click(screen.getByRole('button', { name: 'Vorlagen speichern' }));
    const blocked = await screen.findByTestId('templates-problems');
    expect(blocked.textContent).toContain('Abgeschlossen, Deutsch: Unbekannter Platzhalter melder');
    expect(mock.payloadsOf('saveFeedbackReplySettings')).toEqual([]);
  });

  it('resets to the defaults and saves them with the loaded version', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({
      saveFeedbackReplySettings: (payload) => ({
        ok: true,
        value: { ...replySettings, ...payload, version: 3 },
      }),
    });
    await screen.findByTestId('reply-templates');
    await user.click(
      screen.getByRole('switch', { name: 'Also reply when an improvement enters In Implementation' }),
    );
    await user.click(screen.getByRole('button', { name: 'Reset to defaults' }));
    expect(screen.getAllByLabelText('English')[1]).toHaveProperty('value', DEFAULT_REPLY_TEMPLATES.closed.en);
    await user.click(screen.getByRole('button', { name: 'Save templates' }));
    await waitFor(() => {
      expect(screen.getByTestId('templates-status').textContent).toBe('Saved.');
    });
    expect(mock.payloadsOf('saveFeedbackReplySettings')).toEqual([
      {
        projectKey: 'CSI',
        replyOnImplementation: true,
        templates: DEFAULT_REPLY_TEMPLATES,
        expectedVersion: 2,
      },
    ]);
  });

  it('keeps the input on a conflict and reloads only when asked', async () => {
    const user = userEvent.setup();
    let loads = 0;
    renderPage({
      getFeedbackReplySettings: () => {
        loads += 1;
        return { ok: true, value: replySettings };
      },
      saveFeedbackReplySettings: () => ({
        ok: false,
        error: { code: 'conflict', detail: 'version 3 is stored' },
      }),
    });
    const area = (await screen.findAllByLabelText('English'))[1] as HTMLTextAreaElement;
    await user.type(area, ' Thanks!');
    await user.click(screen.getByRole('button', { name: 'Save templates' }));
    const conflict = await screen.findByTestId('templates-conflict');
    expect(conflict.textContent).toContain('Your input is still in the form');
    expect(area.value).toBe('Hi {reporter}, done: {improvementKey}. Thanks!');
    await user.click(within(conflict).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(screen.getAllByLabelText('English')[1]).toHaveProperty('value', templates.closed.en);
    });
    expect(loads).toBe(2);
  });

  it('lets people who are not admins read the templates but not change them', async () => {
    renderPage({
      getFeedbackReplySettings: () => ({ ok: true, value: { ...replySettings, canEdit: false } }),
    });
    expect((await screen.findByTestId('templates-read-only')).textContent).toBe(
      'You can read these settings; only project and Jira administrators can change them.',
    );
    // Disabled through their fieldset.
    expect(screen.getAllByLabelText('English')[0]?.matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Save templates' })).toBeNull();
  });
});

describe('feedback web trigger', () => {
  it('shows the settings, usage and URL, and saves them', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({
      saveFeedbackIntake: ({ settings }) => ({ ok: true, value: { ...intake, settings, version: 2 } }),
    });
    const section = within(await screen.findByTestId('feedback-intake'));
    expect(section.getByTestId('intake-usage').textContent).toBe('Accepted today: 12 of 500 requests.');
    expect(section.getByTestId('intake-url').textContent).toBe(intake.url);
    expect(section.getByLabelText('Issue type of new feedback issues')).toHaveProperty('value', '10004');
    await user.selectOptions(section.getByLabelText('Register an improvement at a rating of'), '1');
    const labels = section.getByLabelText('Also register an improvement for these labels');
    await user.clear(labels);
    await user.type(labels, 'monitoring-alert, outage ,outage');
    await user.click(section.getByRole('button', { name: 'Save web trigger' }));
    await waitFor(() => {
      expect(section.getByTestId('intake-status').textContent).toBe('Saved.');
    });
    expect(mock.payloadsOf('saveFeedbackIntake')).toEqual([
      {
        projectKey: 'CSI',
        expectedVersion: 1,
        settings: {
          enabled: true,
          issueTypeId: '10004',
          improvementAtRatingOrBelow: 1,
          improvementOnLabels: ['monitoring-alert', 'outage'],
          // Empty field: this project.
          improvementProjectKey: null,
        },
      },
    ]);
  });

  it('shows a new secret and its curl example once, with copy buttons, in German', async () => {
    const user = userEvent.setup();
    const { mock, copied } = renderPage(
      {
        rotateFeedbackIntakeSecret: () => ({
          ok: true,
          value: {
            url: intake.url ?? '',
            secret: 's3cr3t-value',
            curlExample: "curl -X POST -H 'X-Signature: sha256=…' https://example/x1/feedback",
            rotatedAt: '2026-03-20T11:00:00.000Z',
          },
        }),
      },
      germanUi,
    );
    const section = within(await screen.findByTestId('intake-secret'));
    expect(section.getByText(/Noch kein Geheimnis/)).toBeTruthy();
    await user.click(section.getByRole('button', { name: 'Geheimnis ausstellen' }));
    // Asked first: a new secret stops the old one.
    await user.click(
      within(section.getByTestId('intake-confirm')).getByRole('button', { name: 'Geheimnis ausstellen' }),
    );
    const shown = within(await section.findByTestId('intake-rotated'));
    expect(mock.payloadsOf('rotateFeedbackIntakeSecret')).toEqual([{ projectKey: 'CSI' }]);
    expect(shown.getByTestId('intake-secret-value').textContent).toBe('s3cr3t-value');
    expect(shown.getByRole('alert').textContent).toBe(
      'Kopieren Sie das Geheimnis jetzt: Es wird nur dieses eine Mal angezeigt.',
    );
    await user.click(shown.getByRole('button', { name: 'Geheimnis kopieren' }));
    await user.click(shown.getByRole('button', { name: 'curl-Beispiel kopieren' }));
    expect(copied).toEqual([
      's3cr3t-value',
      "curl -X POST -H 'X-Signature: sha256=…' https://example/x1/feedback",
    ]);
    expect(await section.findByText('curl-Beispiel kopiert.')).toBeTruthy();

    await user.click(shown.getByRole('button', { name: 'Geheimnis ausblenden' }));
    expect(screen.queryByText('s3cr3t-value')).toBeNull();
    expect(section.getByText(/Ein Geheimnis existiert/)).toBeTruthy();
    expect(section.getByRole('button', { name: 'Secret erneuern' })).toBeTruthy();
  });

  it('asks for the issue type before accepting feedback', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({
      getFeedbackIntake: () => ({
        ok: true,
        value: { ...intake, settings: { ...intake.settings, enabled: false, issueTypeId: null } },
      }),
    });
    await user.click(await screen.findByRole('switch', { name: 'Accept feedback for this project' }));
    await user.click(screen.getByRole('button', { name: 'Save web trigger' }));
    expect(screen.getByLabelText('Issue type of new feedback issues').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(screen.getByText('Choose the issue type before accepting feedback.')).toBeTruthy();
    expect(mock.payloadsOf('saveFeedbackIntake')).toEqual([]);
  });

  it('says when the web trigger cannot be loaded and loads again on retry', async () => {
    const user = userEvent.setup();
    let loads = 0;
    renderPage({
      getFeedbackIntake: () => {
        loads += 1;
        return loads === 1
          ? { ok: false, error: { code: 'jira-unavailable', detail: '503' } }
          : { ok: true, value: intake };
      },
    });
    const error = await screen.findByTestId('feedback-error');
    expect(error.textContent).toContain('The web trigger settings could not be loaded.');
    await user.click(within(error).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('intake-usage')).toBeTruthy();
  });
});

describe('feedback web trigger, project of the improvements', () => {
  const helpDesk: FeedbackIntakeView = {
    ...intake,
    projectKey: 'HD',
    projectId: '10000',
    settings: { ...intake.settings, improvementProjectKey: 'CSI' },
  };

  it('shows the stored project and saves the key typed, in capitals', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({
      getFeedbackIntake: () => ({ ok: true, value: helpDesk }),
      saveFeedbackIntake: ({ settings }) => ({ ok: true, value: { ...helpDesk, settings, version: 2 } }),
    });
    const field = await screen.findByLabelText('Register the improvements in project (key)');
    expect(field).toHaveProperty('value', 'CSI');
    expect(
      screen.getByText(/Empty: this project \(HD\)\. The project needs the CSI issue type/),
    ).toBeTruthy();
    await user.clear(field);
    await user.type(field, 'ops');
    expect(field).toHaveProperty('value', 'OPS');
    await user.click(screen.getByRole('button', { name: 'Save web trigger' }));
    await waitFor(() => {
      expect(screen.getByTestId('intake-status').textContent).toBe('Saved.');
    });
    expect(mock.payloadsOf('saveFeedbackIntake').map((payload) => payload.settings)).toEqual([
      { ...helpDesk.settings, improvementProjectKey: 'OPS' },
    ]);
  });

  it('sends null for an emptied field (this project)', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({
      getFeedbackIntake: () => ({ ok: true, value: helpDesk }),
      saveFeedbackIntake: ({ settings }) => ({ ok: true, value: { ...helpDesk, settings, version: 2 } }),
    });
    await user.clear(await screen.findByLabelText('Register the improvements in project (key)'));
    await user.click(screen.getByRole('button', { name: 'Save web trigger' }));
    await waitFor(() => {
      expect(mock.payloadsOf('saveFeedbackIntake')).toHaveLength(1);
    });
    expect(mock.payloadsOf('saveFeedbackIntake')[0]?.settings.improvementProjectKey).toBeNull();
  });

  it('refuses a text that is no project key without asking the server', async () => {
    const user = userEvent.setup();
    const { mock } = renderPage({ getFeedbackIntake: () => ({ ok: true, value: helpDesk }) });
    const field = await screen.findByLabelText('Register the improvements in project (key)');
    await user.clear(field);
    await user.type(field, '9CSI');
    expect(field.getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save web trigger' }));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('intake-improvement-project-problem').textContent).toBe(
      'Enter a Jira project key such as CSI (capital letters, digits and _, starting with a letter), or leave the field empty for this project.',
    );
    expect(mock.payloadsOf('saveFeedbackIntake')).toEqual([]);
    // Corrected: the problem goes as it is typed.
    await user.clear(field);
    await user.type(field, 'CSI');
    expect(screen.getByTestId('intake-improvement-project-problem').textContent).toBe('');
  });

  it("shows the server's refusal of a project without the CSI issue type at the field, in German", async () => {
    const user = userEvent.setup();
    const refusal =
      'improvementProjectKey: HD has no CSI issue type, so no improvement can be registered there: name the project of your improvements, or set CSI up in HD first.';
    const { mock } = renderPage(
      {
        getFeedbackIntake: () => ({ ok: true, value: helpDesk }),
        saveFeedbackIntake: () => ({ ok: false, error: { code: 'invalid-settings', detail: refusal } }),
      },
      germanUi,
    );
    const field = await screen.findByLabelText('Verbesserungen registrieren im Projekt (Schlüssel)');
    await user.clear(field);
    await user.type(field, 'HD');
    await user.click(screen.getByRole('button', { name: 'Web-Trigger speichern' }));
    const problem = await screen.findByText(/^Dort können keine Verbesserungen registriert werden:/);
    expect(problem.textContent).toBe(
      'Dort können keine Verbesserungen registriert werden: HD has no CSI issue type, so no improvement can be registered there: name the project of your improvements, or set CSI up in HD first',
    );
    expect(problem.id).toBe('intake-improvement-project-problem');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(mock.payloadsOf('saveFeedbackIntake')[0]?.settings.improvementProjectKey).toBe('HD');
    // Typing a new key clears the refusal of the old one.
    await user.type(field, 'X');
    expect(field.getAttribute('aria-invalid')).toBeNull();
    expect(problem.textContent).toBe('');
  });

  it('does not put problems of other fields at the project field', () => {
    expect(
      fieldProblems(
        'improvementAtRatingOrBelow: must be 1..5; improvementProjectKey: CSX does not exist or you may not see it.',
        'improvementProjectKey',
      ),
    ).toEqual(['CSX does not exist or you may not see it']);
    expect(fieldProblems('issueTypeId: 7 is no issue type of HD.', 'improvementProjectKey')).toEqual([]);
  });
});

describe('helpers', () => {
  it('inserts a placeholder in place of the selection', () => {
    expect(insertPlaceholder('Hallo !', 6, 6, 'reporter')).toEqual({ text: 'Hallo {reporter}!', cursor: 16 });
    expect(insertPlaceholder('Hallo XX!', 6, 8, 'reporter')).toEqual({
      text: 'Hallo {reporter}!',
      cursor: 16,
    });
  });

  it('reads labels from a comma list', () => {
    expect(labelsOf(' a, b ,,a c ')).toEqual(['a', 'b', 'c']);
  });
});

describe('feedback web trigger, read-only and conflict', () => {
  it('lets people who are not admins read the web trigger but neither save nor renew the secret', async () => {
    renderPage({ getFeedbackIntake: () => ({ ok: true, value: { ...intake, canEdit: false } }) });
    const section = within(await screen.findByTestId('feedback-intake'));
    expect(section.getByLabelText('Issue type of new feedback issues').matches(':disabled')).toBe(true);
    expect(section.queryByRole('button', { name: 'Save web trigger' })).toBeNull();
    expect(section.queryByRole('button', { name: /secret/i })).toBeNull();
    expect(section.getByTestId('intake-url').textContent).toBe(intake.url);
  });

  it('keeps the input on a conflict and reloads only when asked', async () => {
    const user = userEvent.setup();
    let loads = 0;
    renderPage({
      getFeedbackIntake: () => {
        loads += 1;
        return { ok: true, value: intake };
      },
      saveFeedbackIntake: () => ({ ok: false, error: { code: 'conflict', detail: 'version 2 is stored' } }),
    });
    const labels = await screen.findByLabelText('Also register an improvement for these labels');
    await user.type(labels, ', outage');
    await user.click(screen.getByRole('button', { name: 'Save web trigger' }));
    const conflict = await screen.findByTestId('intake-conflict');
    expect(labels).toHaveProperty('value', 'monitoring-alert, outage');
    expect(loads).toBe(1);
    await user.click(within(conflict).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(screen.getByLabelText('Also register an improvement for these labels')).toHaveProperty(
        'value',
        'monitoring-alert',
      );
    });
    expect(loads).toBe(2);
  });
});
