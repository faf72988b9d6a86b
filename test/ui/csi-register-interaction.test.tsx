/**
 * @jest-environment jsdom
 */
/**
 * The CSI register as a person uses it (React Testing Library + user-event, jsdom): the page loads through the
 * UI's one invoke (`mockInvoke`), filtering by source narrows the table and changes the other filters' counts and
 * the export's wording, resetting brings all back, and the export offers only the shown rows.
 *
 * Three improvements: MAIL-7 (audit, Anna), MAIL-3 (customer feedback, Ben), MAIL-1 (measurement, Anna).
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CsiRegisterView } from '../../src/contract/csi';
import { CsiRegisterPage } from '../../static/src/csi-register/csi-register-page';
import { anna, ben, registerItem as item } from './support/csi-register-items';
import { mockInvoke } from './support/mock-invoke';
import { englishUi } from './support/ui-i18n';

const view: CsiRegisterView = {
  projectKey: 'MAIL',
  projectName: 'E-Mail-Service',
  csiSetUp: true,
  asOf: '2026-03-10T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  stuckAfterDays: 30,
  audits: { year: 2026, planned: 0, done: 0, cancelled: 0, overdue: 0, findings: 0, findingsRegistered: 0 },
  items: [
    item({ issueKey: 'MAIL-7', source: 'audit', owner: anna, score: 8.5, statusName: 'Genehmigt' }),
    item({ issueKey: 'MAIL-3', source: 'customer-feedback', owner: ben, score: 6.2, statusName: 'Bewertet' }),
    item({ issueKey: 'MAIL-1', source: 'measurement', owner: anna, score: 7, statusName: 'Abgeschlossen' }),
  ],
  people: [anna, ben],
  capability: { level: 1, evidence: [], missingForNext: [] },
  flow: { byStatus: [], leadTimeDays: null, avgDaysInStatus: [] },
};

function renderRegister() {
  const downloads: { csv: string; fileName: string }[] = [];
  const mock = mockInvoke({ getCsiRegister: () => ({ ok: true, value: view }) });
  render(
    <CsiRegisterPage
      projectKey="MAIL"
      invoke={mock.invoke}
      i18n={englishUi}
      openIssue={() => undefined}
      download={(csv, fileName) => {
        downloads.push({ csv, fileName });
      }}
    />,
  );
  return { mock, downloads };
}

/** The issue keys of the register table's rows, in order. */
function tableKeys(): string[] {
  const table = document.querySelector('table.register-table');
  return [...(table?.querySelectorAll('tr[data-key]') ?? [])].map(
    (row) => row.getAttribute('data-key') ?? '',
  );
}

/** The texts of a filter select's options. */
function optionTexts(label: string): string[] {
  return within(screen.getByLabelText(label))
    .getAllByRole('option')
    .map((option) => option.textContent);
}

it('loads the register of the project and ranks every improvement', async () => {
  const { mock } = renderRegister();
  await screen.findByRole('heading', { level: 1, name: /E-Mail-Service/ });
  expect(mock.payloadsOf('getCsiRegister')).toEqual([{ projectKey: 'MAIL' }]);
  expect(tableKeys()).toEqual(['MAIL-7', 'MAIL-3', 'MAIL-1']);
  expect(optionTexts('Owner')).toContain('Anna Berger (2)');
});

it('filters by source: the table narrows, the other filters count what is left, the export says so', async () => {
  const user = userEvent.setup();
  const { downloads } = renderRegister();
  await screen.findByRole('heading', { level: 1, name: /E-Mail-Service/ });

  await user.selectOptions(screen.getByLabelText('Source'), 'Audit (1)');

  expect(tableKeys()).toEqual(['MAIL-7']);
  // Anna owns one audit improvement, Ben none.
  expect(optionTexts('Owner')).toEqual(expect.arrayContaining(['Anna Berger (1)', 'Ben Çelik (0)']));
  expect(screen.getByText(/The 1 shown of 3 improvements \(filtered\)/)).toBeTruthy();

  await user.click(screen.getByTestId('export-csv'));
  expect(downloads).toHaveLength(1);
  expect(downloads[0]?.csv).toContain('MAIL-7');
  expect(downloads[0]?.csv).not.toContain('MAIL-3');

  await user.selectOptions(screen.getByLabelText('Source'), 'All (3)');
  expect(tableKeys()).toEqual(['MAIL-7', 'MAIL-3', 'MAIL-1']);
  expect(optionTexts('Owner')).toContain('Anna Berger (2)');
});

it('shows a failed load with what to do and loads again on retry', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const mock = mockInvoke({
    getCsiRegister: () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return { ok: true, value: view };
    },
  });
  render(
    <CsiRegisterPage projectKey="MAIL" invoke={mock.invoke} i18n={englishUi} openIssue={() => undefined} />,
  );
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toMatch(/Try again/);
  await user.click(within(alert).getByRole('button'));
  await screen.findByRole('heading', { level: 1, name: /E-Mail-Service/ });
  expect(tableKeys()).toEqual(['MAIL-7', 'MAIL-3', 'MAIL-1']);
});

it('links to the FitSM pages of the app’s global page, each button opening its route', async () => {
  const user = userEvent.setup();
  const opened: string[] = [];
  const mock = mockInvoke({ getCsiRegister: () => ({ ok: true, value: view }) });
  render(
    <CsiRegisterPage
      projectKey="MAIL"
      invoke={mock.invoke}
      i18n={englishUi}
      openIssue={() => undefined}
      openFitsm={(route) => {
        opened.push(route);
      }}
    />,
  );
  const links = within(await screen.findByRole('navigation', { name: 'FitSM pages' }));
  expect(links.getAllByRole('button').map((button) => button.textContent)).toEqual([
    'Self-assessment',
    'Implementation schedule',
    'Audit plan',
    'CSI review meeting',
  ]);
  await user.click(links.getByRole('button', { name: 'Self-assessment' }));
  await user.click(links.getByRole('button', { name: 'Audit plan' }));
  expect(opened).toEqual(['fitsm-assessment', 'fitsm-audits']);
});

it('shows no FitSM links where the host cannot open the global page', async () => {
  renderRegister();
  await screen.findByTestId('as-of');
  expect(screen.queryByTestId('fitsm-links')).toBeNull();
});
