/**
 * @jest-environment jsdom
 */
/**
 * The FitSM settings on the self-assessment page (React Testing Library + user-event, jsdom, the UI's one invoke
 * over a fake bridge): every app user reads who may edit; Jira administrators change the editor group against the
 * loaded version, and a conflict keeps their input and offers the latest version.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FitsmSettingsView } from '../../src/contract/fitsm-assessment';
import { FitsmAssessmentPage } from '../../static/src/fitsm/assessment/assessment-page';
import { FitsmSettingsSection } from '../../static/src/fitsm/assessment/fitsm-settings';
import type { UiI18n } from '../../static/src/i18n/load';
import { ANNA, emptyList } from './fitsm-assessment-fixtures';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const reader: FitsmSettingsView = {
  editorGroupName: 'csi-team',
  version: 3,
  canChange: false,
  canEdit: false,
};
const admin: FitsmSettingsView = { editorGroupName: null, version: 1, canChange: true, canEdit: true };

function renderSection(answers: MockAnswers, i18n: UiI18n = englishUi) {
  const mock = mockInvoke(answers);
  render(<FitsmSettingsSection invoke={mock.invoke} i18n={i18n} />);
  return mock;
}

test('the page shows a reader who may edit, without a form', async () => {
  mockAndRenderPage({
    getFitsmAssessments: () => ({ ok: true, value: emptyList }),
    getFitsmSettings: () => ({ ok: true, value: reader }),
  });
  const section = within(await screen.findByRole('region', { name: 'FitSM settings' }));
  expect((await section.findByTestId('fitsm-settings-who')).textContent).toBe(
    'Who may edit the FitSM pages: Jira administrators and the group csi-team. Everyone else who uses the app may read them.',
  );
  expect(section.queryByRole('textbox')).toBeNull();
  expect(section.queryByRole('button', { name: 'Save settings' })).toBeNull();
  expect(section.getByText('Only Jira administrators change who may edit.')).toBeTruthy();
});

test('in German, without a group, only Jira administrators edit', async () => {
  renderSection(
    { getFitsmSettings: () => ({ ok: true, value: { ...reader, editorGroupName: null } }) },
    germanUi,
  );
  expect(await screen.findByRole('heading', { name: 'FitSM-Einstellungen' })).toBeTruthy();
  expect((await screen.findByTestId('fitsm-settings-who')).textContent).toContain(
    'Wer die FitSM-Seiten bearbeiten darf: nur Jira-Administratoren.',
  );
});

test('an administrator saves the editor group against the loaded version', async () => {
  const user = userEvent.setup();
  const mock = renderSection({
    getFitsmSettings: () => ({ ok: true, value: admin }),
    saveFitsmSettings: ({ editorGroupName }) => ({
      ok: true,
      value: { ...admin, editorGroupName, version: 2 },
    }),
  });
  const field = await screen.findByRole('textbox', { name: 'FitSM editor group' });
  expect((field as HTMLInputElement).value).toBe('');
  await user.type(field, '  csi-team ');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  expect(await screen.findByText('The FitSM settings are saved.')).toBeTruthy();
  expect(mock.payloadsOf('saveFitsmSettings')).toEqual([{ editorGroupName: 'csi-team', expectedVersion: 1 }]);
  expect(screen.getByTestId('fitsm-settings-who').textContent).toContain(
    'Jira administrators and the group csi-team',
  );

  // Saving again goes against the version the save answered; an empty field means no group.
  await user.clear(field);
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  await screen.findByText('The FitSM settings are saved.');
  expect(mock.payloadsOf('saveFitsmSettings')[1]).toEqual({ editorGroupName: null, expectedVersion: 2 });
});

test('a conflict keeps the input, loads the latest version and saves on top of it', async () => {
  const user = userEvent.setup();
  let loads = 0;
  const mock = renderSection({
    getFitsmSettings: () => {
      loads += 1;
      return { ok: true, value: loads === 1 ? admin : { ...admin, editorGroupName: 'ops', version: 5 } };
    },
    saveFitsmSettings: ({ editorGroupName, expectedVersion }) =>
      expectedVersion === 5
        ? { ok: true, value: { ...admin, editorGroupName, version: 6 } }
        : { ok: false, error: { code: 'conflict', detail: 'version 5 is stored' } },
  });
  const field = await screen.findByRole('textbox', { name: 'FitSM editor group' });
  await user.type(field, 'csi-team');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));

  const conflict = await screen.findByTestId('fitsm-settings-conflict');
  expect(conflict.textContent).toContain('Someone else changed the FitSM settings since you loaded them.');
  expect(screen.queryByText('The FitSM settings are saved.')).toBeNull();
  expect((field as HTMLInputElement).value).toBe('csi-team');

  await user.click(
    within(conflict).getByRole('button', { name: 'Load the latest version (keeps your input)' }),
  );
  expect(
    await screen.findByText('The latest version is loaded and your input is kept. Check it and save again.'),
  ).toBeTruthy();
  expect(screen.getByTestId('fitsm-settings-who').textContent).toContain('the group ops');
  expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'FitSM editor group' }).value).toBe(
    'csi-team',
  );

  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  expect(await screen.findByText('The FitSM settings are saved.')).toBeTruthy();
  expect(mock.payloadsOf('saveFitsmSettings')).toEqual([
    { editorGroupName: 'csi-team', expectedVersion: 1 },
    { editorGroupName: 'csi-team', expectedVersion: 5 },
  ]);
});

test('a refused save says why and keeps the input', async () => {
  const user = userEvent.setup();
  renderSection({
    getFitsmSettings: () => ({ ok: true, value: admin }),
    saveFitsmSettings: () => ({ ok: false, error: { code: 'forbidden', detail: 'not a Jira admin' } }),
  });
  const field = await screen.findByRole('textbox', { name: 'FitSM editor group' });
  await user.type(field, 'csi-team');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  const error = await screen.findByTestId('fitsm-settings-error');
  expect(error.getAttribute('data-code')).toBe('forbidden');
  expect(error.textContent).toContain('The FitSM settings were not saved');
  expect((field as HTMLInputElement).value).toBe('csi-team');
});

test('a failed load says so and loads again on request', async () => {
  const user = userEvent.setup();
  let loads = 0;
  renderSection({
    getFitsmSettings: () => {
      loads += 1;
      return loads === 1
        ? { ok: false, error: { code: 'jira-unavailable', detail: 'timeout' } }
        : { ok: true, value: reader };
    },
  });
  const error = await screen.findByTestId('fitsm-settings-error');
  expect(error.textContent).toContain('The FitSM settings could not be loaded');
  await user.click(within(error).getByRole('button', { name: 'Load the settings again' }));
  expect((await screen.findByTestId('fitsm-settings-who')).textContent).toContain('the group csi-team');
});

function mockAndRenderPage(answers: MockAnswers) {
  const mock = mockInvoke(answers);
  render(<FitsmAssessmentPage invoke={mock.invoke} i18n={englishUi} accountId={ANNA} today="2026-12-05" />);
  return mock;
}
