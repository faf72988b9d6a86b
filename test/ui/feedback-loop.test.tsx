/**
 * @jest-environment jsdom
 */
/**
 * The record panel's feedback loop (issue 11) as a person uses it (React Testing Library + user-event, jsdom,
 * the UI's one invoke over a fake bridge): the feedback issues with status, reporter, CSAT as stars with words,
 * who was told when with a link to the reply comment, "noch nicht informiert", the CSAT average, the empty
 * state, and the opt-out switch (sent, confirmed, refused, read-only).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FeedbackLoopView } from '../../src/contract/feedback';
import { CsiRecordPanel } from '../../static/src/csi-record/csi-record-panel';
import { loopView, notConfigured, recordView } from './support/feedback-fixtures';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

function renderPanel(answers: MockAnswers, i18n = germanUi) {
  const mock = mockInvoke({
    getCsiRecord: () => ({ ok: true, value: recordView }),
    getEffectCheck: () => ({ ok: true, value: notConfigured }),
    ...answers,
  });
  const opened: string[] = [];
  render(
    <CsiRecordPanel
      issueKey="CSI-4"
      accountId="acc-me"
      timeZone="Europe/Berlin"
      invoke={mock.invoke}
      feedbackInvoke={mock.invoke}
      openPath={(path) => {
        opened.push(path);
      }}
      i18n={i18n}
      now={() => Date.UTC(2026, 2, 20, 12)}
    />,
  );
  return { mock, opened };
}

it('shows the feedback issues, their CSAT and who was told when, in German', async () => {
  const user = userEvent.setup();
  const { opened } = renderPanel({ getFeedbackLoop: () => ({ ok: true, value: loopView }) });
  const section = within(await screen.findByTestId('feedback-loop'));
  const table = await section.findByTestId('feedback-loop-table');
  expect(section.getByRole('heading', { level: 3 }).textContent).toBe('Feedbackschleife');
  const told = within(table).getByText(/Abgeschlossen: informiert am/);
  // 09:30 UTC is 10:30 in Berlin (the formatter's zone).
  expect(told.textContent).toContain('15.03.2026, 10:30');
  const rows = within(table).getAllByRole('row');
  expect(rows).toHaveLength(3);
  expect(rows[1]?.textContent).toContain('Carla Kunde');
  expect(rows[1]?.textContent).toContain('2 von 5');
  expect(rows[2]?.textContent).toContain('noch nicht informiert');
  expect(rows[2]?.textContent).toContain('5 von 5');
  // The stars are decoration; the words carry the rating.
  const stars = rows[1]?.querySelector('.csat-stars');
  expect(stars?.getAttribute('aria-hidden')).toBe('true');
  expect(section.getByTestId('csat-average').textContent).toBe(
    'Durchschnittliche Zufriedenheit: 3,5 von 5 (2 bewertet)',
  );
  await user.click(within(table).getByRole('link', { name: 'Antwort-Kommentar' }));
  expect(opened).toEqual(['/browse/HD-12?focusedCommentId=30012']);
});

it('shows the loop in English', async () => {
  renderPanel({ getFeedbackLoop: () => ({ ok: true, value: loopView }) }, englishUi);
  const table = await screen.findByTestId('feedback-loop-table');
  expect(within(table).getByText(/Closed: told on/).textContent).toContain('Mar 15, 2026');
  expect(table.textContent).toContain('not told yet');
  expect(screen.getByTestId('csat-average').textContent).toBe('Average satisfaction: 3.5 of 5 (2 rated)');
  expect(screen.getByRole('switch', { name: 'Tell nobody about this improvement (opt-out)' })).toBeTruthy();
});

it('says so when the improvement has no feedback issues yet', async () => {
  renderPanel({
    getFeedbackLoop: () => ({ ok: true, value: { ...loopView, feedbackIssues: [], csatAverage: null } }),
  });
  const empty = await screen.findByTestId('feedback-loop-empty');
  expect(empty.textContent).toMatch(/^Noch keine Feedback-Vorgänge/);
  expect(screen.queryByTestId('feedback-loop-table')).toBeNull();
});

it('switches the opt-out on and confirms it', async () => {
  const user = userEvent.setup();
  const { mock } = renderPanel(
    {
      getFeedbackLoop: () => ({ ok: true, value: loopView }),
      setFeedbackOptOut: ({ optOut }) => ({ ok: true, value: { ...loopView, optOut } }),
    },
    englishUi,
  );
  const toggle = await screen.findByRole('switch', { name: /Tell nobody/ });
  expect(toggle).toHaveProperty('checked', false);
  await user.click(toggle);
  await waitFor(() => {
    expect(screen.getByTestId('opt-out-status').textContent).toBe(
      'Saved: nobody will be told about this improvement.',
    );
  });
  expect(mock.payloadsOf('setFeedbackOptOut')).toEqual([{ issueKey: 'CSI-4', optOut: true }]);
  expect(screen.getByRole('switch', { name: /Tell nobody/ })).toHaveProperty('checked', true);
  expect(screen.getByTestId('opt-out-note')).toBeTruthy();
});

it('keeps the switch as it was and says why when the change is refused', async () => {
  const user = userEvent.setup();
  renderPanel(
    {
      getFeedbackLoop: () => ({ ok: true, value: loopView }),
      setFeedbackOptOut: () => ({ ok: false, error: { code: 'forbidden', detail: 'no Edit Issues' } }),
    },
    englishUi,
  );
  await user.click(await screen.findByRole('switch', { name: /Tell nobody/ }));
  const error = await screen.findByTestId('opt-out-error');
  expect(error.textContent).toContain('You lack the permission for this.');
  const toggle = screen.getByRole('switch', { name: /Tell nobody/ });
  expect(toggle).toHaveProperty('checked', false);
  expect(toggle).toHaveProperty('disabled', true);
});

it('offers no switch to people who may not edit the improvement', async () => {
  const readOnly: FeedbackLoopView = { ...loopView, canEdit: false };
  renderPanel({ getFeedbackLoop: () => ({ ok: true, value: readOnly }) }, englishUi);
  const toggle = await screen.findByRole('switch', { name: /Tell nobody/ });
  expect(toggle).toHaveProperty('disabled', true);
  expect(screen.getByText('Only people who may edit this issue can change this.')).toBeTruthy();
});

it('shows a load failure with a retry that loads again', async () => {
  const user = userEvent.setup();
  let calls = 0;
  renderPanel(
    {
      getFeedbackLoop: () => {
        calls += 1;
        return calls === 1
          ? { ok: false, error: { code: 'internal', detail: 'not built yet' } }
          : { ok: true, value: loopView };
      },
    },
    englishUi,
  );
  const error = await screen.findByTestId('feedback-error');
  expect(error.textContent).toContain('The feedback loop could not be loaded.');
  await user.click(within(error).getByRole('button', { name: 'Try again' }));
  expect(await screen.findByTestId('feedback-loop-table')).toBeTruthy();
});

it('loads the loop again once the record is saved (it may list other feedback issues now)', async () => {
  const user = userEvent.setup();
  const { mock } = renderPanel(
    {
      getFeedbackLoop: () => ({ ok: true, value: loopView }),
      saveCsiRecord: ({ record }) => ({
        ok: true,
        value: { ...recordView, version: 8, record: { ...recordView.record, ...record } },
      }),
    },
    englishUi,
  );
  await screen.findByTestId('feedback-loop-table');
  expect(mock.payloadsOf('getFeedbackLoop')).toHaveLength(1);
  await user.type(screen.getByLabelText('Service/process affected'), ' 2');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(mock.payloadsOf('getFeedbackLoop')).toHaveLength(2);
  });
  expect(await screen.findByTestId('feedback-loop-table')).toBeTruthy();
});
