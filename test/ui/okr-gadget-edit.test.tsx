/**
 * @jest-environment jsdom
 */
/**
 * The OKR gadget's edit view as a person uses it (React Testing Library + user-event, jsdom), wired to the UI's one
 * invoke as the module entry wires it: choose a fixed period, a project and the detailed layout, save with the
 * loaded version and hand the configuration to the host; a conflict offers to overwrite (against the current
 * version) or to take the other change; without a stored configuration the periods come from the overview.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OkrGadgetConfig, OkrResult, SaveOkrGadgetConfigAnswer } from '../../src/contract/okr';
import type { InvokeResolver } from '../../static/src/api/resolver-types';
import { OkrGadgetEdit } from '../../static/src/okr-gadget/okr-gadget-edit';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';
import { compactConfig, gadgetView, overview } from './okr-gadget-fixtures';
import type { UiI18n } from '../../static/src/i18n/load';

function renderEdit(answers: MockAnswers, i18n: UiI18n = englishUi, defaultProjectKey: string | null = null) {
  const mock = mockInvoke(answers);
  const invoke: InvokeResolver = mock.invoke;
  const handedToHost: OkrGadgetConfig[] = [];
  render(
    <OkrGadgetEdit
      api={{
        getGadget: () => invoke('getOkrGadget', {}),
        getOverview: () => invoke('getOkrOverview', {}),
        saveConfig: (config, expectedVersion) => invoke('saveOkrGadgetConfig', { config, expectedVersion }),
      }}
      i18n={i18n}
      defaultProjectKey={defaultProjectKey}
      onSaved={(config) => {
        handedToHost.push(config);
      }}
    />,
  );
  return { mock, handedToHost };
}

it('saves a fixed period, a project and the detailed layout with the loaded version, then hands it to the host', async () => {
  const user = userEvent.setup();
  const { mock, handedToHost } = renderEdit({
    getOkrGadget: () => ({ ok: true, value: gadgetView }),
    saveOkrGadgetConfig: () => ({ ok: true, value: { status: 'saved', version: 5 } }),
  });
  const period = await screen.findByLabelText('Period');
  // The configured gadget's overview lists the periods: no second request for them.
  expect(mock.payloadsOf('getOkrOverview')).toEqual([]);
  expect(Array.from((period as HTMLSelectElement).options, (option) => option.textContent)).toEqual([
    'Current quarter (moves on by itself)',
    'Q1 2026 (2 objectives)',
    'Q4 2025 (2 objectives, closed)',
  ]);
  await user.selectOptions(period, '2025-Q4');
  await user.type(screen.getByLabelText('Project key (optional)'), 'hd');
  await user.click(screen.getByLabelText('Detailed: with values and linked issues'));
  await user.type(screen.getByLabelText('Title (optional)'), 'Help desk last quarter');
  await user.click(screen.getByRole('button', { name: 'Save' }));

  await waitFor(() => {
    expect(handedToHost).toHaveLength(1);
  });
  const saved: OkrGadgetConfig = {
    period: { kind: 'fixed', periodKey: '2025-Q4' },
    projectKey: 'HD',
    layout: 'detailed',
    title: 'Help desk last quarter',
  };
  expect(mock.payloadsOf('saveOkrGadgetConfig')).toEqual([{ config: saved, expectedVersion: 4 }]);
  expect(handedToHost).toEqual([saved]);
});

/** A save that first meets `theirs` stored at version 7 (a conflict), then saves at version 8. */
function conflictOnceWith(theirs: OkrGadgetConfig): () => OkrResult<SaveOkrGadgetConfigAnswer> {
  let saves = 0;
  return () => {
    saves += 1;
    return saves === 1
      ? { ok: true, value: { status: 'conflict', current: { config: theirs, version: 7 } } }
      : { ok: true, value: { status: 'saved', version: 8 } };
  };
}

it('meets a conflict: says so, and overwriting saves against the version the conflict answered', async () => {
  const user = userEvent.setup();
  const theirs: OkrGadgetConfig = { period: { kind: 'current' }, layout: 'detailed', title: 'Theirs' };
  const { mock, handedToHost } = renderEdit({
    getOkrGadget: () => ({ ok: true, value: gadgetView }),
    saveOkrGadgetConfig: conflictOnceWith(theirs),
  });
  await user.type(await screen.findByLabelText('Title (optional)'), 'Mine');
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect((await screen.findByRole('alert')).textContent).toMatch(/Someone else changed this gadget/);
  expect(handedToHost).toEqual([]);
  await user.click(screen.getByRole('button', { name: 'Overwrite' }));
  await waitFor(() => {
    expect(handedToHost).toHaveLength(1);
  });
  expect(mock.payloadsOf('saveOkrGadgetConfig').map((payload) => payload.expectedVersion)).toEqual([4, 7]);
  expect(handedToHost[0]?.title).toBe('Mine');
});

it('takes the other change on a conflict: the form shows it and the next save builds on its version', async () => {
  const user = userEvent.setup();
  const theirs: OkrGadgetConfig = {
    period: { kind: 'fixed', periodKey: '2026-Q1' },
    layout: 'detailed',
    title: 'Theirs',
  };
  const { mock } = renderEdit({
    getOkrGadget: () => ({ ok: true, value: gadgetView }),
    saveOkrGadgetConfig: conflictOnceWith(theirs),
  });
  await user.type(await screen.findByLabelText('Title (optional)'), 'Mine');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await user.click(await screen.findByRole('button', { name: 'Take their settings' }));

  expect(screen.getByLabelText('Title (optional)')).toHaveProperty('value', 'Theirs');
  expect(screen.getByLabelText('Period')).toHaveProperty('value', '2026-Q1');
  expect(screen.getByLabelText('Detailed: with values and linked issues')).toHaveProperty('checked', true);
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(mock.payloadsOf('saveOkrGadgetConfig')).toHaveLength(2);
  });
  expect(mock.payloadsOf('saveOkrGadgetConfig')[1]).toEqual({ config: theirs, expectedVersion: 7 });
});

it('sets up a new gadget in German: periods from the overview, the dashboard project as default, field errors named', async () => {
  const user = userEvent.setup();
  const { mock } = renderEdit(
    {
      getOkrGadget: () => ({
        ok: true,
        value: { config: null, version: null, overview: null, linkedIssues: {}, jiraRequests: 0 },
      }),
      getOkrOverview: () => ({ ok: true, value: overview }),
      saveOkrGadgetConfig: () => ({ ok: true, value: { status: 'saved', version: 1 } }),
    },
    germanUi,
    'HD',
  );
  const project = await screen.findByLabelText('Projektschlüssel (optional)');
  expect(project).toHaveProperty('value', 'HD');
  expect(mock.payloadsOf('getOkrOverview')).toEqual([{}]);
  expect(screen.getByRole('option', { name: 'Q4 2025 (2 Ziele, abgeschlossen)' })).toBeTruthy();

  await user.clear(project);
  await user.type(project, '1X');
  await user.click(screen.getByRole('button', { name: 'Speichern' }));
  expect(project.getAttribute('aria-invalid')).toBe('true');
  expect(screen.getByText(/Geben Sie einen Projektschlüssel ein/)).toBeTruthy();
  expect(mock.payloadsOf('saveOkrGadgetConfig')).toEqual([]);

  await user.clear(project);
  await user.click(screen.getByRole('button', { name: 'Speichern' }));
  await waitFor(() => {
    expect(mock.payloadsOf('saveOkrGadgetConfig')).toEqual([
      { config: compactConfig, expectedVersion: null },
    ]);
  });
});

it('still offers the current quarter when the periods cannot be loaded, and explains a refused save', async () => {
  const user = userEvent.setup();
  renderEdit({
    getOkrGadget: () => ({
      ok: true,
      value: { config: null, version: null, overview: null, linkedIssues: {}, jiraRequests: 0 },
    }),
    getOkrOverview: () => ({ ok: false, error: { code: 'jira-unavailable', detail: 'HTTP 503' } }),
    saveOkrGadgetConfig: () => ({
      ok: false,
      error: { code: 'forbidden', detail: 'not a dashboard editor' },
    }),
  });
  const period = await screen.findByLabelText('Period');
  expect((period as HTMLSelectElement).options).toHaveLength(1);
  expect(screen.getByText(/The list of periods could not be loaded/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect((await screen.findByRole('alert')).textContent).toMatch(/You may not edit this dashboard/);
});

it('explains a failed load with a retry that loads again', async () => {
  const user = userEvent.setup();
  let calls = 0;
  renderEdit({
    getOkrGadget: () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return { ok: true, value: gadgetView };
    },
  });
  expect((await screen.findByRole('alert')).textContent).toMatch(/Something went wrong with the OKRs/);
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByLabelText('Period')).toBeTruthy();
});
