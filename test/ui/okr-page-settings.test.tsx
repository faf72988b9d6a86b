/**
 * @jest-environment jsdom
 */
/**
 * The OKR settings subpage (Jira admins) and the period import as a person uses them: the settings load, save
 * the editor group and the thresholds (whole percent in the form, shares on the wire) with the loaded version,
 * refuse thresholds out of order before sending, offer the latest version on a conflict keeping the input, and
 * say what to do when the viewer may not change them; an import sends the parsed file and reports the counts, a
 * file that is not JSON is refused in the page.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OkrSettingsPage } from '../../static/src/okr-page/okr-settings';
import { mockInvoke } from './support/mock-invoke';
import { renderOkrPage } from './support/okr-page-render';
import { englishUi, germanUi } from './support/ui-i18n';
import { overview } from './okr-page-fixtures';

const settings = { editorGroupName: null, thresholds: { onTrack: 0.7, atRisk: 0.4 } };

it('saves the editor group and thresholds with the loaded version; a conflict keeps the input', async () => {
  const user = userEvent.setup();
  let saves = 0;
  let loads = 0;
  const mock = mockInvoke({
    getOkrSettings: () => {
      loads += 1;
      return { ok: true, value: { settings, version: loads === 1 ? 2 : 3 } };
    },
    saveOkrSettings: () => {
      saves += 1;
      return saves === 1
        ? { ok: false, error: { code: 'conflict', detail: 'settings are at version 3' } }
        : { ok: true, value: { version: 4 } };
    },
  });
  render(<OkrSettingsPage invoke={mock.invoke} i18n={englishUi} />);
  const group = await screen.findByLabelText<HTMLInputElement>('OKR editor group');
  expect(screen.getByLabelText<HTMLInputElement>('On track from (% of expected)').value).toBe('70');
  await user.type(group, 'okr-editors');
  const atRisk = screen.getByLabelText('At risk from (% of expected)');
  await user.clear(atRisk);
  await user.type(atRisk, '80');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(screen.getByText('“At risk” must be lower than “on track”.')).toBeTruthy();
  // The refused field takes the focus (a keyboard or screen-reader user lands on what to fix).
  expect(document.activeElement).toBe(atRisk);
  expect(mock.payloadsOf('saveOkrSettings')).toEqual([]);

  await user.clear(atRisk);
  await user.type(atRisk, '50');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  const conflict = await screen.findByTestId('conflict');
  await user.click(
    within(conflict).getByRole('button', { name: 'Load the latest version (keeps your input)' }),
  );
  await screen.findByTestId('reloaded');
  expect(group.value).toBe('okr-editors');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await screen.findByTestId('settings-saved');
  expect(mock.payloadsOf('saveOkrSettings')).toEqual([
    {
      settings: { editorGroupName: 'okr-editors', thresholds: { onTrack: 0.7, atRisk: 0.5 } },
      expectedVersion: 2,
    },
    {
      settings: { editorGroupName: 'okr-editors', thresholds: { onTrack: 0.7, atRisk: 0.5 } },
      expectedVersion: 3,
    },
  ]);
});

it('tells a viewer who may not change the settings whom to ask, in German', async () => {
  const mock = mockInvoke({
    getOkrSettings: () => ({ ok: false, error: { code: 'forbidden', detail: 'Jira administrators only' } }),
  });
  render(<OkrSettingsPage invoke={mock.invoke} i18n={germanUi} />);
  const error = await screen.findByTestId('error');
  expect(error.textContent).toContain('Das dürfen Sie nicht.');
  // Nothing a retry could cure: no retry offered.
  expect(within(error).queryByRole('button')).toBeNull();
});

it('imports a period export and reports the counts; refuses a file that is not JSON', async () => {
  const user = userEvent.setup();
  const mock = renderOkrPage({
    getOkrOverview: () => ({ ok: true, value: overview }),
    importOkrPeriod: () => ({ ok: true, value: { objectives: 3, keyResults: 2, checkIns: 40, links: 5 } }),
  });
  const input = await screen.findByLabelText('Import a period (JSON export)');
  await user.upload(
    input,
    new File(['{"periodKey":"2026-Q1"}'], 'okr-2026-Q1.json', { type: 'application/json' }),
  );
  await screen.findByText('Imported 3 objectives, 2 key results, 40 check-ins and 5 links.');
  expect(mock.payloadsOf('importOkrPeriod')).toEqual([{ data: { periodKey: '2026-Q1' } }]);
  await waitFor(() => {
    expect(mock.payloadsOf('getOkrOverview')).toHaveLength(2);
  });

  await user.upload(input, new File(['not json'], 'notes.txt', { type: 'application/json' }));
  const error = await screen.findByTestId('bad-file');
  expect(error.textContent).toContain('This file is not an OKR export');
  expect(error.textContent).toContain('notes.txt: SyntaxError');
  expect(mock.payloadsOf('importOkrPeriod')).toHaveLength(1);
});
