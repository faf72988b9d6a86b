/**
 * @jest-environment jsdom
 */
/**
 * The FitSM implementation schedule as a person uses it (jsdom, the UI's one invoke over a fake bridge): the
 * timeline by quarter with key, summary, process, score, gap and a dependency warning in words, German and
 * English; the empty state; moving an item with the keyboard-usable select sends the loaded version, and a
 * conflict explains itself and loads the schedule again; adding and removing items; the export offers the file;
 * a viewer who may not edit sees no controls.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FitsmPlanSettingsView, FitsmScheduleView } from '../../src/contract/fitsm-plan';
import { SchedulePage } from '../../static/src/fitsm/schedule/schedule-page';
import type { UiI18n } from '../../static/src/i18n/load';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const item = (
  key: string,
  quarter: string,
  extra: Partial<FitsmScheduleView['plan']['items'][number]> = {},
): FitsmScheduleView['plan']['items'][number] => ({
  improvementKey: key,
  subjectId: 'PR2',
  gapSize: 2,
  score: 12,
  pinnedQuarter: null,
  processGroup: 'PR2',
  quarter,
  pinned: false,
  rank: 1,
  needs: [],
  dependencyWarnings: [],
  issueId: `1${key.replace(/\D/g, '')}`,
  summary: `Summary of ${key}`,
  origin: 'assessment',
  assessmentId: 'as-1',
  ...extra,
});

const scheduleView = (version: number | null = 3, canEdit = true): FitsmScheduleView => ({
  version,
  timeZone: 'Europe/Berlin',
  canEdit,
  setAside: [{ improvementKey: 'CSI-9', summary: 'Old idea', reason: 'rejected' }],
  plan: {
    settings: { startQuarter: '2026-Q3', capacityPerQuarter: 2 },
    items: [
      item('CSI-1', '2026-Q3', { subjectId: 'PR1', processGroup: 'PR1', rank: 1 }),
      item('CSI-2', '2026-Q3', {
        subjectId: 'PR5',
        rank: 2,
        score: null,
        gapSize: null,
        pinned: true,
        pinnedQuarter: '2026-Q3',
        needs: ['CSI-3'],
        dependencyWarnings: ['CSI-3'],
      }),
      item('CSI-3', '2026-Q4', { subjectId: 'PR4', rank: 3 }),
    ],
    quarters: [
      { quarter: '2026-Q3', itemKeys: ['CSI-1', 'CSI-2'], load: 2, overCapacity: false },
      { quarter: '2026-Q4', itemKeys: ['CSI-3'], load: 1, overCapacity: false },
    ],
  },
});

const emptyView: FitsmScheduleView = {
  version: null,
  timeZone: 'UTC',
  canEdit: true,
  setAside: [],
  plan: { settings: { startQuarter: '2026-Q1', capacityPerQuarter: 3 }, items: [], quarters: [] },
};

const settingsView = (canEdit = true): FitsmPlanSettingsView => ({
  settings: { timeZone: null, startQuarter: null, capacityPerQuarter: 2 },
  version: 1,
  effectiveTimeZone: 'UTC',
  canEdit,
});

function renderSchedule(answers: MockAnswers, i18n: UiI18n = englishUi, download = jest.fn()) {
  const mock = mockInvoke({ getFitsmPlanSettings: () => ({ ok: true, value: settingsView() }), ...answers });
  render(<SchedulePage invoke={mock.invoke} i18n={i18n} download={download} />);
  return { mock, download };
}

const quarterOf = (quarter: string): HTMLElement => {
  const element = document.querySelector<HTMLElement>(`li[data-quarter="${quarter}"]`);
  if (element === null) throw new Error(`no quarter ${quarter}`);
  return element;
};

it('shows the timeline by quarter with each item and a dependency warning in words (English)', async () => {
  renderSchedule({ getFitsmSchedule: () => ({ ok: true, value: scheduleView() }) });
  await screen.findByRole('heading', { name: 'Implementation schedule' });
  const q3 = quarterOf('2026-Q3');
  expect(within(q3).getByRole('heading', { level: 3 }).textContent).toContain('2 of 2 planned');
  const pinned = within(q3).getByText('Summary of CSI-2').closest('li');
  expect(pinned?.textContent).toContain('Process PR5 · score – · gap – · rank 2 · moved by hand');
  expect(within(pinned as HTMLElement).getByTestId('dependency-warning').textContent).toContain(
    'Needs CSI-3, which are planned later.',
  );
  expect(within(quarterOf('2026-Q4')).getByText('Summary of CSI-3').closest('li')?.textContent).toContain(
    'Process PR4 · score 12 · gap 2',
  );
  expect(screen.getByText(/rejected in its record/)).toBeTruthy();
  expect(screen.getByText(/ITEMO e\.V\., licensed CC BY 4\.0/)).toBeTruthy();
});

it('speaks German and shows the empty state', async () => {
  renderSchedule({ getFitsmSchedule: () => ({ ok: true, value: emptyView }) }, germanUi);
  expect((await screen.findByTestId('schedule-empty')).textContent).toContain(
    'Noch keine Verbesserungen eingeplant.',
  );
  expect(screen.getByRole('heading', { name: 'Umsetzungsplan' })).toBeTruthy();
  expect(screen.getByRole('button', { name: 'CSV exportieren' })).toBeTruthy();
});

it('moves an item with the select; a conflict explains itself and loads the schedule again', async () => {
  const user = userEvent.setup();
  let loads = 0;
  let moves = 0;
  const { mock } = renderSchedule({
    getFitsmSchedule: () => {
      loads += 1;
      return { ok: true, value: scheduleView(loads === 1 ? 3 : 4) };
    },
    moveFitsmScheduleItem: () => {
      moves += 1;
      return moves === 1
        ? { ok: false, error: { code: 'conflict', detail: 'schedule is at version 4' } }
        : { ok: true, value: { version: 5 } };
    },
  });
  const select = await screen.findByLabelText<HTMLSelectElement>('Quarter of CSI-1');
  // The targets: back to the rule, every quarter of the plan and the one after the last.
  expect([...select.options].map((o) => o.value)).toEqual(['', '2026-Q3', '2026-Q4', '2027-Q1']);
  await user.selectOptions(select, '2027-Q1');
  await waitFor(() => {
    expect(screen.getByTestId('schedule-notice').textContent).toContain(
      'Someone else changed the schedule meanwhile. The latest schedule is loaded',
    );
  });
  await waitFor(() => {
    expect(loads).toBe(2);
  });
  await user.selectOptions(screen.getByLabelText('Quarter of CSI-1'), '2027-Q1');
  await waitFor(() => {
    expect(screen.getByTestId('schedule-notice').textContent).toContain('CSI-1 moved to 2027-Q1.');
  });
  expect(mock.payloadsOf('moveFitsmScheduleItem')).toEqual([
    { improvementKey: 'CSI-1', quarter: '2027-Q1', expectedVersion: 3 },
    { improvementKey: 'CSI-1', quarter: '2027-Q1', expectedVersion: 4 },
  ]);
});

it('adds and removes items against the loaded version and refuses a wrong FitSM id before sending', async () => {
  const user = userEvent.setup();
  const { mock } = renderSchedule({
    getFitsmSchedule: () => ({ ok: true, value: scheduleView(3) }),
    addFitsmScheduleItem: () => ({ ok: true, value: { version: 4 } }),
    removeFitsmScheduleItem: () => ({ ok: true, value: { version: 5 } }),
  });
  await user.type(await screen.findByLabelText('Improvement (issue key)'), 'csi-7');
  await user.type(screen.getByLabelText('FitSM process or requirement (e.g. PR5)'), 'XX1');
  await user.click(screen.getByRole('button', { name: 'Add' }));
  expect(screen.getByRole('alert').textContent).toBe('Enter a FitSM id such as PR5, PR5.2 or GR6.');
  expect(mock.payloadsOf('addFitsmScheduleItem')).toEqual([]);
  const subject = screen.getByLabelText('FitSM process or requirement (e.g. PR5)');
  await user.clear(subject);
  await user.type(subject, 'pr7');
  await user.click(screen.getByRole('button', { name: 'Add' }));
  await screen.findByText('CSI-7 added to the schedule.');
  await user.click(screen.getByRole('button', { name: 'Remove CSI-3 from the schedule' }));
  await screen.findByText('CSI-3 removed from the schedule.');
  expect(mock.payloadsOf('addFitsmScheduleItem')).toEqual([
    { issueKey: 'CSI-7', subjectId: 'PR7', expectedVersion: 3 },
  ]);
  expect(mock.payloadsOf('removeFitsmScheduleItem')).toEqual([
    { improvementKey: 'CSI-3', expectedVersion: 3 },
  ]);
});

it('exports CSV as a download and saves the settings', async () => {
  const user = userEvent.setup();
  const { mock, download } = renderSchedule({
    getFitsmSchedule: () => ({ ok: true, value: scheduleView() }),
    exportFitsmSchedule: () => ({
      ok: true,
      value: {
        fileName: 'fitsm-schedule.csv',
        mimeType: 'text/csv',
        content: 'key;quarter\nCSI-1;2026-Q3\n',
      },
    }),
    saveFitsmPlanSettings: (payload) => ({
      ok: true,
      value: { ...settingsView(), settings: payload.settings, version: 2 },
    }),
  });
  await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
  await waitFor(() => {
    expect(download).toHaveBeenCalledWith(
      'key;quarter\nCSI-1;2026-Q3\n',
      'fitsm-schedule.csv',
      'text/csv;charset=utf-8',
    );
  });
  await user.type(await screen.findByLabelText('Start quarter (empty: the current one)'), '2027-q1');
  const capacity = screen.getByLabelText('Improvements per quarter');
  await user.clear(capacity);
  await user.type(capacity, '4');
  await user.click(screen.getByRole('button', { name: 'Save settings' }));
  await screen.findByText('Settings saved; the schedule is planned again.');
  expect(mock.payloadsOf('saveFitsmPlanSettings')).toEqual([
    { settings: { timeZone: null, startQuarter: '2027-Q1', capacityPerQuarter: 4 }, expectedVersion: 1 },
  ]);
});

it('is read-only for a viewer who may not edit, and a failed load names the cause', async () => {
  const mock = mockInvoke({
    getFitsmSchedule: () => ({ ok: true, value: scheduleView(3, false) }),
    getFitsmPlanSettings: () => ({ ok: true, value: settingsView(false) }),
  });
  render(<SchedulePage invoke={mock.invoke} i18n={englishUi} />);
  await screen.findByText(/You can read the schedule/);
  expect(screen.queryByLabelText('Quarter of CSI-1')).toBeNull();
  expect(screen.queryByRole('button', { name: 'Add' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Save settings' })).toBeNull();

  const failing = mockInvoke({
    getFitsmSchedule: () => ({ ok: false, error: { code: 'jira-unavailable', detail: 'timeout' } }),
    getFitsmPlanSettings: () => ({ ok: true, value: settingsView() }),
  });
  render(<SchedulePage invoke={failing.invoke} i18n={germanUi} />);
  const error = await screen.findByTestId('error');
  expect(error.getAttribute('data-code')).toBe('jira-unavailable');
  expect(within(error).getByRole('button', { name: 'Erneut versuchen' })).toBeTruthy();
});
