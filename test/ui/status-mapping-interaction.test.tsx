/**
 * @jest-environment jsdom
 */
/**
 * The status mapping page as a person uses it (React Testing Library + user-event, jsdom), through the UI's one
 * invoke (`mockInvoke`): move a status to another stage with its select, see the page mark the change, save with
 * the loaded version and the moved status in its new stage; a conflict is explained.
 *
 * The help desk: "Offen" (backlog), "In Arbeit" and "Wartet auf Kunde" (in progress, active), "Erledigt" (done).
 * Moving "Wartet auf Kunde" into a waiting stage is the change a team makes for flow efficiency.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StatusMappingView } from '../../src/contract/status-mapping';
import { StatusMappingPage } from '../../static/src/status-mapping/status-mapping-page';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi } from './support/ui-i18n';

const settings = {
  mapping: {
    stages: [
      { name: 'Backlog', statuses: ['Offen'], kind: 'backlog' as const },
      { name: 'In progress', statuses: ['In Arbeit', 'Wartet auf Kunde'], kind: 'active' as const },
      { name: 'Waiting', statuses: [], kind: 'waiting' as const },
      { name: 'Done', statuses: ['Erledigt'], kind: 'done' as const },
    ],
    startStage: 'In progress',
    doneStage: 'Done',
  },
  calendar: { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
  percentiles: [50, 85],
};

const view: StatusMappingView = {
  projectId: '10001',
  projectKey: 'HD',
  projectName: 'Help Desk',
  version: 7,
  derived: false,
  canEdit: true,
  statuses: [
    { id: '1', name: 'Offen', categoryKey: 'new' },
    { id: '2', name: 'In Arbeit', categoryKey: 'indeterminate' },
    { id: '3', name: 'Wartet auf Kunde', categoryKey: 'indeterminate' },
    { id: '4', name: 'Erledigt', categoryKey: 'done' },
  ],
  defaults: settings,
  unmappedStatuses: [],
  ...settings,
};

function renderPage(answers: MockAnswers) {
  const mock = mockInvoke(answers);
  render(<StatusMappingPage projectKey="HD" invoke={mock.invoke} i18n={englishUi} />);
  return mock;
}

/** The status names shown in stage `index`'s card. */
function statusesOfStage(index: number): string[] {
  return [...within(screen.getByTestId(`stage-${String(index)}`)).queryAllByRole('listitem')]
    .map((item) => item.getAttribute('data-status'))
    .filter((name): name is string => name !== null);
}

it('moves a status to another stage and saves the mapping with the loaded version', async () => {
  const user = userEvent.setup();
  const mock = renderPage({
    getStatusMapping: () => ({ ok: true, value: view }),
    saveStatusMapping: (request) => ({
      ok: true,
      value: { ...view, version: 8, mapping: request.mapping },
    }),
  });
  const select = await screen.findByRole('combobox', { name: 'Stage of status Wartet auf Kunde' });
  expect(statusesOfStage(1)).toEqual(['In Arbeit', 'Wartet auf Kunde']);

  await user.selectOptions(select, 'Waiting');

  expect(statusesOfStage(1)).toEqual(['In Arbeit']);
  expect(statusesOfStage(2)).toEqual(['Wartet auf Kunde']);
  await user.click(screen.getByRole('button', { name: 'Save' }));

  expect(await screen.findByText('Saved. Flow metrics now use this mapping.')).toBeTruthy();
  const [request] = mock.payloadsOf('saveStatusMapping');
  expect(request?.projectKey).toBe('HD');
  expect(request?.expectedVersion).toBe(7);
  expect(request?.mapping.stages.map((stage) => [stage.name, stage.statuses])).toEqual([
    ['Backlog', ['Offen']],
    ['In progress', ['In Arbeit']],
    ['Waiting', ['Wartet auf Kunde']],
    ['Done', ['Erledigt']],
  ]);
});

it('explains a conflict on save and keeps the moved status', async () => {
  const user = userEvent.setup();
  renderPage({
    getStatusMapping: () => ({ ok: true, value: view }),
    saveStatusMapping: () => ({ ok: false, error: { code: 'conflict', detail: 'version 8 is stored' } }),
  });
  await user.selectOptions(
    await screen.findByRole('combobox', { name: 'Stage of status Wartet auf Kunde' }),
    'Waiting',
  );
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(screen.getByText(/Someone else saved the status mapping after you opened it/)).toBeTruthy();
  });
  expect(statusesOfStage(2)).toEqual(['Wartet auf Kunde']);
});
