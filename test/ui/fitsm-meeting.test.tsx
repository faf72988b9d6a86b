/**
 * @jest-environment jsdom
 */
/**
 * The CSI review meeting as a person uses it (jsdom, the UI's one invoke over a fake bridge): the cadence and the
 * next dates, German and English; the empty states (no cadence, no history, nothing due); "prepare agenda" shows
 * the agenda by section with each item's reason and issue link; the minutes send every decision in one go with
 * the viewer as decider and show per decision what writing it gave (written, conflict, forbidden); a viewer who
 * may not edit sees no controls.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  FitsmMeetingsView,
  FitsmMeetingView,
  MeetingDecisionOutcome,
} from '../../src/contract/fitsm-meeting';
import { MeetingPage } from '../../static/src/fitsm/meeting/meeting-page';
import type { UiI18n } from '../../static/src/i18n/load';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const cadence = {
  frequency: 'fortnightly' as const,
  anchorDate: '2026-01-08',
  startTime: '10:00',
  durationMinutes: 60,
  timeZone: 'UTC',
};
const next = [
  { date: '2026-12-10', startsAtMs: Date.UTC(2026, 11, 10, 10), endsAtMs: Date.UTC(2026, 11, 10, 11) },
  { date: '2026-12-24', startsAtMs: Date.UTC(2026, 11, 24, 10), endsAtMs: Date.UTC(2026, 11, 24, 11) },
];

const meetingsView = (canEdit = true, configured = true): FitsmMeetingsView => ({
  config: configured
    ? { cadence, projectKeys: ['CSI'], version: 2 }
    : { cadence: null, projectKeys: [], version: null },
  next: configured ? next : [],
  meetings: [],
  moreCount: 0,
  canEdit,
});

const prepared = (decisions: readonly MeetingDecisionOutcome[] = [], version = 1): FitsmMeetingView => ({
  meeting: {
    schemaVersion: 1,
    id: 'm-2026-12-10',
    date: '2026-12-10',
    startsAtMs: next[0]?.startsAtMs ?? 0,
    status: 'planned',
    projectKeys: ['CSI'],
    participantAccountIds: [],
    agenda: {
      preparedAt: '2026-12-05T07:00:00Z',
      omitted: 0,
      items: [
        {
          kind: 'evaluate',
          projectKey: 'CSI',
          issueKey: 'CSI-11',
          keyResultId: null,
          title: 'Automate the SLA report',
          statusKey: null,
          reason: { code: 'no-evaluation', daysInStatus: 9 },
          recordVersion: 1,
        },
        {
          kind: 'decide',
          projectKey: 'CSI',
          issueKey: 'CSI-12',
          keyResultId: null,
          title: 'Define incident priorities',
          statusKey: null,
          reason: { code: 'no-decision', score: 14, evaluatedOn: '2026-11-30' },
          recordVersion: 3,
        },
        {
          kind: 'stuck',
          projectKey: 'CSI',
          issueKey: 'CSI-13',
          keyResultId: null,
          title: 'Review the service catalogue',
          statusKey: null,
          reason: { code: 'stuck', daysWithoutChange: 40, thresholdDays: 30 },
          recordVersion: 2,
        },
      ],
    },
    minutes: '',
    decisions,
    updatedAt: '2026-12-05T07:00:00Z',
    updatedByAccountId: 'acc-lead',
  },
  version,
  people: [],
  canEdit: true,
  hiddenCount: 0,
});

function renderMeeting(
  answers: MockAnswers,
  i18n: UiI18n = englishUi,
  accountId: string | null = 'acc-lead',
) {
  const mock = mockInvoke(answers);
  const openIssue = jest.fn();
  render(
    <MeetingPage
      invoke={mock.invoke}
      i18n={i18n}
      accountId={accountId}
      timeZone="UTC"
      openIssue={openIssue}
    />,
  );
  return { mock, openIssue };
}

it('shows the cadence, the next dates and the empty history (English)', async () => {
  renderMeeting({ getFitsmMeetings: () => ({ ok: true, value: meetingsView() }) });
  expect((await screen.findByTestId('meeting-cadence')).textContent).toBe(
    'Every two weeks from 2026-01-08 at 10:00 (UTC).',
  );
  expect(within(screen.getByTestId('meeting-next-dates')).getAllByRole('listitem')).toHaveLength(2);
  expect(screen.getByTestId('meeting-history-empty').textContent).toContain('No meetings yet.');
});

it('says in German that no cadence is set yet, and offers no agenda to prepare', async () => {
  renderMeeting({ getFitsmMeetings: () => ({ ok: true, value: meetingsView(true, false) }) }, germanUi);
  expect((await screen.findByTestId('meeting-no-cadence')).textContent).toContain(
    'Noch kein Rhythmus festgelegt.',
  );
  expect(screen.queryByRole('button', { name: 'Agenda vorbereiten' })).toBeNull();
  expect(screen.getByRole('heading', { name: 'CSI-Review-Termin' })).toBeTruthy();
});

it('prepares the agenda: sections with each reason and a link to the issue', async () => {
  const user = userEvent.setup();
  const { mock, openIssue } = renderMeeting({
    getFitsmMeetings: () => ({ ok: true, value: meetingsView() }),
    prepareFitsmMeeting: () => ({ ok: true, value: prepared() }),
  });
  await user.click(await screen.findByRole('button', { name: 'Prepare agenda' }));
  const agenda = await screen.findByTestId('agenda');
  const sections = [...agenda.querySelectorAll('[data-agenda-kind]')].map((s) =>
    s.getAttribute('data-agenda-kind'),
  );
  expect(sections).toEqual(['evaluate', 'decide', 'stuck']);
  const decide = agenda.querySelector('[data-agenda-kind="decide"]') as HTMLElement;
  expect(within(decide).getByRole('heading').textContent).toBe('Decisions due (1)');
  expect(decide.textContent).toContain('Evaluated (score 14), no decision yet.');
  expect(agenda.textContent).toContain('Not evaluated yet, 9 days in its status.');
  expect(agenda.textContent).toContain('No change for 40 days (threshold 30).');
  await user.click(within(decide).getByRole('button', { name: 'CSI-12' }));
  expect(openIssue).toHaveBeenCalledWith('CSI-12');
  expect(mock.payloadsOf('prepareFitsmMeeting')).toEqual([{ expectedVersion: null }]);
});

it('saves the minutes in one go and shows each decision’s outcome (written, conflict, forbidden)', async () => {
  const user = userEvent.setup();
  const outcome = (
    issueKey: string,
    chosen: 'approved' | 'rejected' | 'deferred',
    result: MeetingDecisionOutcome['result'],
    detail = '',
  ): MeetingDecisionOutcome => ({
    issueKey,
    outcome: chosen,
    deciderAccountId: 'acc-lead',
    rationale: 'r',
    decidedOn: '2026-12-10',
    result,
    detail,
    recordVersion: result === 'applied' ? 4 : null,
  });
  const outcomes = [
    outcome('CSI-11', 'deferred', 'forbidden', 'no Edit Issues'),
    outcome('CSI-12', 'approved', 'applied'),
    outcome('CSI-13', 'rejected', 'conflict', 'record at version 5, agenda saw 2'),
  ];
  const { mock } = renderMeeting({
    getFitsmMeetings: () => ({ ok: true, value: meetingsView() }),
    prepareFitsmMeeting: () => ({ ok: true, value: prepared() }),
    saveFitsmMeetingMinutes: () => ({
      ok: true,
      value: { meeting: prepared(outcomes, 2), outcomes },
    }),
  });
  await user.click(await screen.findByRole('button', { name: 'Prepare agenda' }));
  await screen.findByTestId('agenda');
  await user.selectOptions(screen.getByLabelText('Decision on CSI-12'), 'approved');
  await user.click(screen.getByRole('button', { name: 'Save minutes' }));
  // A decision without its rationale is refused before anything is sent.
  expect(screen.getByRole('alert').textContent).toBe('Give the rationale of the decision on CSI-12.');
  expect(mock.payloadsOf('saveFitsmMeetingMinutes')).toEqual([]);
  await user.type(screen.getByLabelText('Rationale for CSI-12'), 'Score 14, cheap');
  await user.selectOptions(screen.getByLabelText('Decision on CSI-11'), 'deferred');
  await user.type(screen.getByLabelText('Rationale for CSI-11'), 'Needs an evaluation');
  await user.selectOptions(screen.getByLabelText('Decision on CSI-13'), 'rejected');
  await user.type(screen.getByLabelText('Rationale for CSI-13'), 'Superseded');
  await user.type(screen.getByLabelText('Minutes'), 'Three decisions taken.');
  await user.selectOptions(screen.getByLabelText('Meeting status'), 'held');
  await user.click(screen.getByRole('button', { name: 'Save minutes' }));
  const list = await screen.findByTestId('decision-outcomes');
  await waitFor(() => {
    expect(list.querySelector('[data-outcome="CSI-12"]')?.textContent).toContain(
      'Written to the improvement record.',
    );
  });
  expect(list.querySelector('[data-outcome="CSI-13"]')?.getAttribute('data-result')).toBe('conflict');
  expect(list.querySelector('[data-outcome="CSI-13"]')?.textContent).toContain(
    'The record changed after the agenda was prepared.',
  );
  expect(list.querySelector('[data-outcome="CSI-11"]')?.textContent).toContain(
    'You may not edit this improvement in Jira (Edit Issues).',
  );
  expect(mock.payloadsOf('saveFitsmMeetingMinutes')).toEqual([
    {
      meetingId: 'm-2026-12-10',
      expectedVersion: 1,
      status: 'held',
      participantAccountIds: ['acc-lead'],
      minutes: 'Three decisions taken.',
      decisions: [
        {
          issueKey: 'CSI-11',
          outcome: 'deferred',
          deciderAccountId: 'acc-lead',
          rationale: 'Needs an evaluation',
        },
        {
          issueKey: 'CSI-12',
          outcome: 'approved',
          deciderAccountId: 'acc-lead',
          rationale: 'Score 14, cheap',
        },
        { issueKey: 'CSI-13', outcome: 'rejected', deciderAccountId: 'acc-lead', rationale: 'Superseded' },
      ],
    },
  ]);
});

it('opens a meeting of the history read-only for a viewer who may not edit', async () => {
  const user = userEvent.setup();
  renderMeeting({
    getFitsmMeetings: () => ({
      ok: true,
      value: {
        ...meetingsView(false),
        meetings: [
          {
            id: 'm-2026-11-26',
            date: '2026-11-26',
            startsAtMs: Date.UTC(2026, 10, 26, 10),
            status: 'held',
            agendaItemCount: 3,
            decisionCount: 2,
            openDecisionCount: 1,
          },
        ],
      },
    }),
    getFitsmMeeting: () => ({ ok: true, value: { ...prepared(), canEdit: false } }),
  });
  const history = await screen.findByTestId('meeting-history');
  expect(history.textContent).toContain('3 agenda items, 2 decisions');
  expect(history.textContent).toContain('1 decisions not written');
  expect(screen.queryByRole('button', { name: 'Prepare agenda' })).toBeNull();
  expect(screen.queryByTestId('cadence-form')).toBeNull();
  await user.click(within(history).getByRole('button'));
  await screen.findByTestId('agenda');
  expect(screen.queryByRole('button', { name: 'Save minutes' })).toBeNull();
  expect(screen.getByLabelText('Decision on CSI-12').matches(':disabled')).toBe(true);
});

it('a failed load names the cause in German', async () => {
  renderMeeting(
    { getFitsmMeetings: () => ({ ok: false, error: { code: 'forbidden', detail: 'not an app user' } }) },
    germanUi,
  );
  const error = await screen.findByTestId('error');
  expect(error.getAttribute('data-code')).toBe('forbidden');
  expect(within(error).queryByRole('button', { name: 'Erneut versuchen' })).toBeNull();
});

it('refreshes the agenda of a meeting prepared before against its stored version', async () => {
  const user = userEvent.setup();
  const { mock } = renderMeeting({
    getFitsmMeetings: () => ({
      ok: true,
      value: {
        ...meetingsView(),
        meetings: [
          {
            id: 'm-2026-12-10',
            date: '2026-12-10',
            startsAtMs: Date.UTC(2026, 11, 10, 10),
            status: 'planned',
            agendaItemCount: 3,
            decisionCount: 0,
            openDecisionCount: 0,
          },
        ],
      },
    }),
    getFitsmMeeting: () => ({ ok: true, value: prepared([], 6) }),
    prepareFitsmMeeting: () => ({ ok: true, value: prepared([], 7) }),
  });
  await user.click(await screen.findByRole('button', { name: 'Prepare agenda' }));
  await screen.findByTestId('agenda');
  expect(mock.payloadsOf('getFitsmMeeting')).toEqual([{ meetingId: 'm-2026-12-10' }]);
  expect(mock.payloadsOf('prepareFitsmMeeting')).toEqual([{ expectedVersion: 6 }]);
});
