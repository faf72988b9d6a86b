/**
 * @jest-environment jsdom
 */
/**
 * The OKR page's key-result form offers the CSAT kind ("Kundenzufriedenheit erhöhen" measured by CSAT), in English
 * and German: a project or JQL scope, a target change against a baseline period, measured by the app, direction
 * from the target change; it sends `saveKeyResult` with the `csat` kind.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KeyResultDetail } from '../../src/contract/okr';
import { renderOkrPage } from './support/okr-page-render';
import { germanUi } from './support/ui-i18n';
import { overview } from './okr-page-fixtures';

jest.mock('../../static/src/okr-page/history-chart', () => ({
  __esModule: true,
  default: ({ detail }: { detail: KeyResultDetail }) => (
    <figure data-testid="kr-history-chart" data-points={detail.checkIns.length} />
  ),
}));

function objectiveItem(id: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`li[data-objective="${id}"]`);
  if (item === null) throw new Error(`no objective ${id}`);
  return item;
}

it('creates a CSAT key result of a project against a baseline: measured, increasing with a positive change', async () => {
  const user = userEvent.setup();
  const mock = renderOkrPage({
    getOkrOverview: () => ({ ok: true, value: overview }),
    saveKeyResult: () => ({ ok: true, value: { id: 'KR-9', version: 1 } }),
  });
  await screen.findByTestId('okr-tree');
  await user.click(within(objectiveItem('O-2')).getByRole('button', { name: 'Add key result' }));
  const dialog = screen.getByRole('dialog', { name: 'New key result for “Kundenzufriedenheit erhöhen”' });
  await user.type(within(dialog).getByLabelText('Title'), 'CSAT um 10 % steigern');
  await user.type(within(dialog).getByLabelText('Unit'), 'rating');
  const kind = within(dialog).getByLabelText<HTMLSelectElement>('Kind');
  expect([...kind.options].map((o) => o.text)).toContain(
    'Customer satisfaction (CSAT) from Jira Service Management',
  );
  await user.selectOptions(kind, 'csat');
  expect(within(dialog).getByTestId('source-measured')).toBeTruthy();
  expect(within(dialog).getByText(/mean rating \(1 = very unsatisfied … 5 = very satisfied\)/)).toBeTruthy();
  await user.type(within(dialog).getByLabelText('Project key'), 'hd');
  await user.type(within(dialog).getByLabelText('Target change (%)'), '10');
  expect(within(dialog).getByTestId('direction-derived').textContent).toContain('increase');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
  });
  expect(mock.payloadsOf('saveKeyResult')).toEqual([
    {
      keyResult: {
        objectiveId: 'O-2',
        title: 'CSAT um 10 % steigern',
        ownerAccountId: 'acc-anna',
        weight: 1,
        unit: 'rating',
        direction: 'increase',
        kind: {
          type: 'csat',
          scope: { type: 'project', projectKey: 'HD' },
          baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: 'Europe/Berlin' },
          targetChangePercent: 10,
        },
        source: 'measured',
      },
    },
  ]);
});

it('offers the kind in German, with a JQL scope', async () => {
  const user = userEvent.setup();
  const mock = renderOkrPage(
    {
      getOkrOverview: () => ({ ok: true, value: overview }),
      saveKeyResult: () => ({ ok: true, value: { id: 'KR-9', version: 1 } }),
    },
    { i18n: germanUi },
  );
  await screen.findByTestId('okr-tree');
  await user.click(within(objectiveItem('O-2')).getByRole('button', { name: 'Key Result hinzufügen' }));
  const dialog = screen.getByRole('dialog');
  const kind = within(dialog).getByLabelText<HTMLSelectElement>('Art');
  await user.selectOptions(kind, 'csat');
  expect(kind.selectedOptions[0]?.text).toBe('Kundenzufriedenheit (CSAT) aus Jira Service Management');
  expect(within(dialog).getByText(/Die mittlere Bewertung \(1 = sehr unzufrieden/)).toBeTruthy();
  await user.selectOptions(within(dialog).getByLabelText('Umfang'), 'jql');
  await user.type(within(dialog).getByLabelText('JQL'), 'project = HD AND type = Serviceanfrage');
  expect(mock.payloadsOf('saveKeyResult')).toEqual([]);
});
