/**
 * @jest-environment jsdom
 */
/**
 * The improvement-record panel as a person uses it (React Testing Library + user-event, jsdom): rate a criterion
 * and watch the live score, save, and meet a conflict that keeps the input. The panel talks to the resolvers only
 * through the UI's one invoke (`mockInvoke` builds it over a fake bridge, with its real failure policy).
 *
 * CSI-4 is rated benefit 5, urgency 4, effort 3, risk 2 with the weights 3/2/1/1:
 * (3·1 + 2·0.75 + 1·0.5 + 1·0.75) / 7 · 10 = 8.21… → 8.2. Rating benefit 1 instead (normalised 0):
 * (0 + 1.5 + 0.5 + 0.75) / 7 · 10 = 3.93… → 3.9.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CsiRecordView } from '../../src/contract/csi';
import { DEFAULT_CSI_WEIGHTS, EMPTY_CSI_RECORD } from '../../src/domain/csi/record-types';
import { CsiRecordPanel } from '../../static/src/csi-record/csi-record-panel';
import { mockInvoke } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const view: CsiRecordView = {
  issueKey: 'CSI-4',
  issueId: '10404',
  projectKey: 'CSI',
  summary: 'Self-Service-Passwortrücksetzung einführen',
  statusName: 'Bewertet',
  statusKey: 'assessed',
  record: {
    ...EMPTY_CSI_RECORD,
    source: 'customer-feedback',
    service: 'Service Desk',
    ownerAccountId: 'acc-anna',
    evaluation: {
      ratings: { benefit: 5, urgency: 4, effort: 3, risk: 2 },
      evaluatedByAccountId: 'acc-anna',
      evaluatedOn: '2026-03-10',
    },
    score: 8.2,
    updatedAt: '2026-03-12T13:05:00.000Z',
    updatedByAccountId: 'acc-anna',
  },
  version: 4,
  mirror: 'in-sync',
  weights: DEFAULT_CSI_WEIGHTS,
  canEdit: true,
  people: [{ accountId: 'acc-anna', displayName: 'Anna Albers' }],
  linkedIssues: [],
};

/** 2026-03-20 12:00 UTC. */
const NOW_MS = Date.UTC(2026, 2, 20, 12);

function renderPanel(answers: Parameters<typeof mockInvoke>[0], i18n = englishUi) {
  const mock = mockInvoke(answers);
  render(
    <CsiRecordPanel
      issueKey="CSI-4"
      accountId="acc-me"
      timeZone="Europe/Berlin"
      invoke={mock.invoke}
      i18n={i18n}
      now={() => NOW_MS}
    />,
  );
  return mock;
}

it('updates the live score as a rating changes and marks the form unsaved', async () => {
  const user = userEvent.setup();
  renderPanel({ getCsiRecord: () => ({ ok: true, value: view }) });
  expect(await screen.findByTestId('score')).toHaveProperty('textContent', '8.2 of 10');
  expect(screen.queryByTestId('dirty')).toBeNull();

  const benefit = within(screen.getByTestId('rating-benefit'));
  await user.click(benefit.getByRole('radio', { name: '1' }));

  expect(screen.getByTestId('score').textContent).toBe('3.9 of 10');
  expect(benefit.getByRole('radio', { name: '1' })).toHaveProperty('checked', true);
  expect(screen.getByTestId('dirty').textContent).toBe('Unsaved changes');
});

it('saves the edited rating with the loaded version', async () => {
  const user = userEvent.setup();
  const saved: CsiRecordView = { ...view, version: 5 };
  const mock = renderPanel({
    getCsiRecord: () => ({ ok: true, value: view }),
    saveCsiRecord: () => ({ ok: true, value: saved }),
  });
  await screen.findByTestId('score');
  await user.click(within(screen.getByTestId('rating-benefit')).getByRole('radio', { name: '1' }));
  await user.click(screen.getByRole('button', { name: 'Save' }));

  await waitFor(() => {
    expect(screen.queryByTestId('dirty')).toBeNull();
  });
  const requests = mock.payloadsOf('saveCsiRecord');
  expect(requests).toHaveLength(1);
  expect(requests[0]?.issueKey).toBe('CSI-4');
  expect(requests[0]?.expectedVersion).toBe(4);
  expect(requests[0]?.record.evaluation?.ratings).toEqual({ benefit: 1, urgency: 4, effort: 3, risk: 2 });
});

it('shows the conflict in German, keeps the input and offers to reload', async () => {
  const user = userEvent.setup();
  const mock = renderPanel(
    {
      getCsiRecord: () => ({ ok: true, value: view }),
      saveCsiRecord: () => ({ ok: false, error: { code: 'conflict', detail: 'version 5 is stored' } }),
    },
    germanUi,
  );
  await screen.findByTestId('score');
  const detail = screen.getByLabelText('Quellenangabe');
  await user.type(detail, 'Umfrage Q1');
  await user.click(screen.getByRole('button', { name: 'Speichern' }));

  const alert = await screen.findByText(/Jemand anderes hat diesen Nachweis gespeichert/);
  expect(alert.textContent).toContain('sie stehen noch im Formular');
  expect(screen.getByLabelText('Quellenangabe')).toHaveProperty('value', 'Umfrage Q1');
  expect(screen.getByTestId('dirty')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Neu laden' })).toBeTruthy();
  expect(mock.calls.map((c) => c.name)).toEqual(['getCsiRecord', 'saveCsiRecord']);
});

it('explains a failed bridge call on save like any internal failure, keeping the input', async () => {
  const user = userEvent.setup();
  renderPanel({
    getCsiRecord: () => ({ ok: true, value: view }),
    saveCsiRecord: () => {
      throw new Error('network down');
    },
  });
  await screen.findByTestId('score');
  await user.type(screen.getByLabelText('Source reference'), 'Survey');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByText(/nothing was saved\. Your input is kept/)).toBeTruthy();
  expect(screen.getByLabelText('Source reference')).toHaveProperty('value', 'Survey');
});
