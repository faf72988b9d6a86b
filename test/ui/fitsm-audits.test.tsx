/**
 * @jest-environment jsdom
 */
/**
 * The FitSM audit plan as a person uses it (jsdom, the UI's one invoke over a fake bridge): the year's audits as a
 * month strip and a list, an overdue audit flagged in words (not colour alone), German and English, the empty
 * state and the year switch; planning an audit sends what the form says; recording a finding and registering it
 * as an improvement shows the improvement's key after; a conflict keeps the input and saves against the latest
 * revision; a viewer who may not edit sees no controls.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditView, FitsmAuditPlanView } from '../../src/contract/fitsm-plan';
import { AuditsPage } from '../../static/src/fitsm/audits/audits-page';
import type { UiI18n } from '../../static/src/i18n/load';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const audit = (id: string, extra: Partial<AuditView> = {}): AuditView => ({
  id,
  subjectId: 'PR5',
  plannedOn: '2026-03-10',
  auditorAccountId: 'acc-anna',
  scope: 'Service level reports of Q1',
  status: 'planned',
  doneOn: null,
  findings: [],
  revision: 2,
  updatedAt: '2026-01-05T09:00:00Z',
  updatedByAccountId: 'acc-anna',
  overdue: false,
  daysOverdue: 0,
  ...extra,
});

const months = (planned: Record<number, number>) =>
  Array.from({ length: 12 }, (_, i) => ({ month: i + 1, planned: planned[i + 1] ?? 0, done: 0 }));

const planView = (audits: readonly AuditView[], canEdit = true, year = 2026): FitsmAuditPlanView => ({
  year,
  today: '2026-04-20',
  audits,
  counts: {
    planned: audits.filter((a) => a.status === 'planned').length,
    done: audits.filter((a) => a.status === 'done').length,
    cancelled: 0,
    overdue: audits.filter((a) => a.overdue).length,
    findings: audits.reduce((n, a) => n + a.findings.length, 0),
    findingsRegistered: 0,
  },
  byMonth: months({ 3: 1 }),
  timeZone: 'Europe/Berlin',
  canEdit,
  people: [{ accountId: 'acc-anna', displayName: 'Anna Auditorin' }],
});

const overdueAudit = audit('A-2026-1', {
  overdue: true,
  daysOverdue: 41,
  findings: [
    {
      id: 'F1',
      text: 'Reports lack the agreed availability figure',
      severity: 'minor',
      requirementId: 'PR5.2',
      recordedOn: '2026-04-01',
      improvementKey: null,
      improvementIssueId: null,
    },
  ],
});

function renderAudits(answers: MockAnswers, i18n: UiI18n = englishUi) {
  const mock = mockInvoke(answers);
  render(<AuditsPage invoke={mock.invoke} i18n={i18n} initialYear={2026} />);
  return mock;
}

it('shows the month strip and the list with an overdue audit flagged in words (English)', async () => {
  renderAudits({ getFitsmAuditPlan: () => ({ ok: true, value: planView([overdueAudit]) }) });
  const item = await screen.findByText(/Service level reports/);
  const row = item.closest('li[data-audit]') as HTMLElement;
  expect(within(row).getByTestId('audit-overdue').textContent).toContain('Overdue by 41 days');
  expect(row.textContent).toContain('A-2026-1 · auditor Anna Auditorin · 1 findings');
  const march = document.querySelector('[data-month="3"]');
  expect(march?.textContent).toBe('Mar 1 planned, 0 done');
  expect(screen.getByTestId('audit-counts').textContent).toContain('1 planned, 0 done, 1 overdue');
});

it('speaks German, shows the empty state and switches the year', async () => {
  const user = userEvent.setup();
  const mock = renderAudits(
    { getFitsmAuditPlan: (p) => ({ ok: true, value: planView([], true, p.year) }) },
    germanUi,
  );
  expect((await screen.findByTestId('audits-empty')).textContent).toContain(
    'Für 2026 sind keine Audits geplant.',
  );
  expect(document.querySelector('[data-month="3"]')?.textContent).toContain('Mär');
  await user.click(screen.getByRole('button', { name: 'Nächstes Jahr 2027' }));
  expect((await screen.findByTestId('audits-empty')).textContent).toContain('Für 2027');
  expect(mock.payloadsOf('getFitsmAuditPlan')).toEqual([{ year: 2026 }, { year: 2027 }]);
});

it('plans an audit with what the form says and refuses a wrong FitSM id before sending', async () => {
  const user = userEvent.setup();
  const mock = renderAudits({
    getFitsmAuditPlan: () => ({ ok: true, value: planView([]) }),
    saveFitsmAudit: () => ({ ok: true, value: audit('A-2026-2') }),
  });
  await user.click(await screen.findByRole('button', { name: 'Plan an audit' }));
  const form = screen.getByTestId('audit-form');
  await user.type(within(form).getByLabelText('Process or requirement (e.g. PR5, PR5.2, GR6)'), 'PRX');
  await user.click(within(form).getByRole('button', { name: 'Save audit' }));
  expect(within(form).getByRole('alert').textContent).toBe('Enter a FitSM id such as PR5, PR5.2 or GR6.');
  const subject = within(form).getByLabelText('Process or requirement (e.g. PR5, PR5.2, GR6)');
  await user.clear(subject);
  await user.type(subject, 'pr5.2');
  const planned = within(form).getByLabelText('Planned date');
  await user.clear(planned);
  await user.type(planned, '2026-09-15');
  await user.type(within(form).getByLabelText('Auditor (Atlassian account id)'), 'acc-anna');
  await user.type(within(form).getByLabelText('Scope'), 'Incident records');
  await user.click(within(form).getByRole('button', { name: 'Save audit' }));
  await screen.findByText('Audit A-2026-2 saved.');
  expect(mock.payloadsOf('saveFitsmAudit')).toEqual([
    {
      auditId: null,
      audit: {
        subjectId: 'PR5.2',
        plannedOn: '2026-09-15',
        auditorAccountId: 'acc-anna',
        scope: 'Incident records',
        status: 'planned',
        doneOn: null,
      },
      expectedRevision: null,
    },
  ]);
});

it('edits an audit; a conflict keeps the input and the next save names the latest revision', async () => {
  const user = userEvent.setup();
  let loads = 0;
  let saves = 0;
  const mock = renderAudits({
    getFitsmAuditPlan: () => {
      loads += 1;
      return { ok: true, value: planView([audit('A-2026-1', { revision: loads === 1 ? 2 : 3 })]) };
    },
    saveFitsmAudit: () => {
      saves += 1;
      return saves === 1
        ? { ok: false, error: { code: 'conflict', detail: 'audit is at revision 3' } }
        : { ok: true, value: audit('A-2026-1', { revision: 4 }) };
    },
  });
  await user.click(await screen.findByRole('button', { name: 'Edit audit A-2026-1' }));
  const form = screen.getByTestId('audit-form');
  await user.selectOptions(within(form).getByLabelText('Status'), 'cancelled');
  await user.click(within(form).getByRole('button', { name: 'Save audit' }));
  expect((await within(form).findByTestId('error')).textContent).toContain('Someone else changed the audit');
  expect(within(form).getByLabelText<HTMLSelectElement>('Status').value).toBe('cancelled');
  await user.click(within(form).getByRole('button', { name: 'Save audit' }));
  await screen.findByText('Audit A-2026-1 saved.');
  expect(mock.payloadsOf('saveFitsmAudit').map((p) => [p.audit.status, p.expectedRevision])).toEqual([
    ['cancelled', 2],
    ['cancelled', 3],
  ]);
});

it('records a finding and registers it as an improvement; the key shows after', async () => {
  const user = userEvent.setup();
  let registered = false;
  const mock = renderAudits({
    getFitsmAuditPlan: () => ({
      ok: true,
      value: planView([
        {
          ...overdueAudit,
          findings: overdueAudit.findings.map((f) =>
            registered ? { ...f, improvementKey: 'CSI-41', improvementIssueId: '10041' } : f,
          ),
        },
      ]),
    }),
    recordFitsmFinding: () => ({
      ok: true,
      value: {
        auditId: 'A-2026-1',
        revision: 3,
        finding: { ...(overdueAudit.findings[0] as AuditView['findings'][number]), id: 'F2' },
      },
    }),
    registerFitsmFinding: () => {
      registered = true;
      return { ok: true, value: { issueKey: 'CSI-41', issueId: '10041', created: true } };
    },
  });
  await user.click(await screen.findByRole('button', { name: 'Findings (1)' }));
  await user.type(screen.getByLabelText('Finding'), 'No review of the SLA catalogue');
  await user.selectOptions(screen.getByLabelText('Severity'), 'major');
  await user.click(screen.getByRole('button', { name: 'Record finding' }));
  await screen.findByText('Finding F2 recorded.');
  expect(mock.payloadsOf('recordFitsmFinding')).toEqual([
    {
      auditId: 'A-2026-1',
      finding: { text: 'No review of the SLA catalogue', severity: 'major', requirementId: 'PR5' },
      expectedRevision: 2,
    },
  ]);

  // Registering needs the CSI project first.
  await user.click(screen.getByRole('button', { name: 'Register as improvement (finding F1)' }));
  expect(screen.getByTestId('audit-notice').textContent).toContain('Enter the CSI project');
  await user.type(screen.getByLabelText('CSI project for registered findings'), 'csi');
  await user.click(screen.getByRole('button', { name: 'Register as improvement (finding F1)' }));
  await screen.findByText('Registered as improvement CSI-41.');
  await waitFor(() => {
    expect(screen.getByTestId('finding-improvement').textContent).toBe('Registered as improvement CSI-41');
  });
  expect(screen.queryByRole('button', { name: 'Register as improvement (finding F1)' })).toBeNull();
  expect(mock.payloadsOf('registerFitsmFinding')).toEqual([
    { auditId: 'A-2026-1', findingId: 'F1', projectKey: 'CSI' },
  ]);
});

it('is read-only for a viewer who may not edit', async () => {
  const user = userEvent.setup();
  renderAudits({ getFitsmAuditPlan: () => ({ ok: true, value: planView([overdueAudit], false) }) });
  await screen.findByText(/You can read the audit plan/);
  expect(screen.queryByRole('button', { name: 'Plan an audit' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Edit audit A-2026-1' })).toBeNull();
  await user.click(screen.getByRole('button', { name: 'Findings (1)' }));
  expect(screen.queryByRole('button', { name: 'Register as improvement (finding F1)' })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Record finding' })).toBeNull();
});
