/**
 * @jest-environment jsdom
 */
/**
 * The CSI register's feedback loop per improvement (issue 11) as a person uses it (jsdom, the UI's one invoke over
 * a fake bridge): five steps with symbol and words (feedback in → decided → done → people told → effect verified),
 * and the filter "Loop open" keeping the improvements that are done but whose loop is not closed.
 *
 * MAIL-1: closed, 3 feedback issues, all told, effect improved → loop closed.
 * MAIL-2: closed, 2 feedback issues, 1 told, effect improved → open (not everyone told).
 * MAIL-3: closed, no feedback, effect waiting → open (effect not verified).
 * MAIL-4: approved, not done → not open (its loop is still running).
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CsiRegisterView } from '../../src/contract/csi';
import { CsiRegisterPage } from '../../static/src/csi-register/csi-register-page';
import { isLoopOpen, loopSteps } from '../../static/src/csi-register/register-loop';
import { registerItem as item } from './support/csi-register-items';
import { mockInvoke } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const closed = { statusKey: 'closed', statusName: 'Abgeschlossen', decision: null } as const;

const view: CsiRegisterView = {
  projectKey: 'MAIL',
  projectName: 'E-Mail-Service',
  csiSetUp: true,
  asOf: '2026-03-10T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  stuckAfterDays: 30,
  audits: { year: 2026, planned: 0, done: 0, cancelled: 0, overdue: 0, findings: 0, findingsRegistered: 0 },
  items: [
    item({
      issueKey: 'MAIL-1',
      ...closed,
      feedbackIssueCount: 3,
      loop: { feedbackIn: 3, decided: true, done: true, told: 3, effect: 'improved' },
    }),
    item({
      issueKey: 'MAIL-2',
      ...closed,
      feedbackIssueCount: 2,
      loop: { feedbackIn: 2, decided: true, done: true, told: 1, effect: 'improved' },
    }),
    item({
      issueKey: 'MAIL-3',
      ...closed,
      loop: { feedbackIn: 0, decided: true, done: true, told: 0, effect: 'waiting' },
    }),
    item({
      issueKey: 'MAIL-4',
      statusKey: 'approved',
      statusName: 'Genehmigt',
      loop: { feedbackIn: 1, decided: true, done: false, told: 0, effect: 'none' },
    }),
  ],
  people: [],
  capability: { level: 1, evidence: [], missingForNext: [] },
  flow: { byStatus: [], leadTimeDays: null, avgDaysInStatus: [] },
};

function renderRegister(i18n = englishUi) {
  const mock = mockInvoke({ getCsiRegister: () => ({ ok: true, value: view }) });
  render(<CsiRegisterPage projectKey="MAIL" invoke={mock.invoke} i18n={i18n} openIssue={() => undefined} />);
}

const shownKeys = (): (string | null)[] =>
  within(screen.getByTestId('register-table'))
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-key'));

it('shows the five steps of each loop with words a screen reader reads', async () => {
  renderRegister();
  const row = (await screen.findByTestId('register-table')).querySelector('tr[data-key="MAIL-2"]');
  expect(row).not.toBeNull();
  const steps = within(row as HTMLElement).getByRole('list', { name: 'Feedback loop: 4 of 5 steps' });
  expect(
    within(steps)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual([
    '✓Feedback in: 2 feedback issues',
    '✓Decided: yes',
    '✓Done: yes',
    '◐People told: 1 of 2',
    '✓Effect verified: improved',
  ]);
  // The symbols are for the eye only.
  expect(steps.querySelector('li[data-step="told"] [aria-hidden="true"]')?.textContent).toBe('◐');
});

it('filters the improvements whose loop is open, and resets', async () => {
  const user = userEvent.setup();
  renderRegister(germanUi);
  await screen.findByTestId('register-table');
  expect(shownKeys()).toEqual(['MAIL-1', 'MAIL-2', 'MAIL-3', 'MAIL-4']);
  const filter = screen.getByRole('checkbox', { name: 'Nur Schleife offen (2)' });
  await user.click(filter);
  expect(shownKeys()).toEqual(['MAIL-2', 'MAIL-3']);
  expect(screen.getByTestId('shown-count').textContent).toContain('2');
  await user.click(screen.getByRole('button', { name: 'Filter zurücksetzen' }));
  expect(shownKeys()).toEqual(['MAIL-1', 'MAIL-2', 'MAIL-3', 'MAIL-4']);
  expect(screen.getByRole('checkbox', { name: 'Nur Schleife offen (2)' })).toHaveProperty('checked', false);
});

it('counts a loop as open only once the improvement is done', () => {
  expect(isLoopOpen({ feedbackIn: 1, decided: true, done: false, told: 0, effect: 'none' })).toBe(false);
  expect(isLoopOpen({ feedbackIn: 1, decided: true, done: true, told: 1, effect: 'insufficient-data' })).toBe(
    true,
  );
  expect(
    isLoopOpen({ feedbackIn: 0, decided: true, done: true, told: 0, effect: 'no-detectable-change' }),
  ).toBe(false);
  expect(isLoopOpen(null)).toBe(false);
  expect(loopSteps({ feedbackIn: 0, decided: false, done: false, told: 0, effect: 'none' })[3]?.state).toBe(
    'none',
  );
});
