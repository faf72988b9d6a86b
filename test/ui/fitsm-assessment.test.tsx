/**
 * @jest-environment jsdom
 */
/**
 * The FitSM self-assessment page (React Testing Library + user-event, jsdom, the UI's one invoke over a fake
 * bridge): the empty state; the history with the latest maturity and capability, "undetermined" where agreed
 * ratings are missing, in English and German with the FitSM attribution; an assessment's ratings side by side with
 * the agreed one and the chart; rating a requirement, and a conflict that keeps the input and reloads; comparing
 * with the earlier assessment; the export; registering a gap as an improvement; the read-only view.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FitsmAssessment } from '../../src/contract/fitsm-assessment';
import { compareFitsmAssessments } from '../../src/domain/fitsm/assessment-compare';
import { withFitsmRating } from '../../src/domain/fitsm/assessment';
import { FitsmAssessmentPage } from '../../static/src/fitsm/assessment/assessment-page';
import type { UiI18n } from '../../static/src/i18n/load';
import { ANNA, april2022, detailOf, emptyList, july2020, listOf, rating } from './fitsm-assessment-fixtures';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

function renderPage(answers: MockAnswers, i18n: UiI18n = englishUi) {
  const downloads: { content: string; fileName: string; mimeType: string }[] = [];
  const mock = mockInvoke(answers);
  render(
    <FitsmAssessmentPage
      invoke={mock.invoke}
      i18n={i18n}
      accountId={ANNA}
      today="2026-12-05"
      download={(content, fileName, mimeType) => {
        downloads.push({ content, fileName, mimeType });
      }}
    />,
  );
  return { mock, downloads };
}

const standard: MockAnswers = {
  getFitsmAssessments: () => ({ ok: true, value: listOf() }),
  getFitsmAssessment: ({ id }) => ({ ok: true, value: detailOf(id === july2020.id ? july2020 : april2022) }),
};

/** Opens the 04/2022 assessment from the history, and in it the requirements of PR14. */
async function openApril(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: 'CSI established (2022-04-20)' }));
  const detail = await screen.findByTestId('assessment-detail');
  const toggle = screen.getByRole('button', { name: 'Show the 3 requirements of PR14' });
  expect(toggle.getAttribute('aria-expanded')).toBe('false');
  await user.click(toggle);
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  return detail;
}

function group(id: string): HTMLElement {
  return screen.getByTestId(`group-${id}`);
}

it('shows the empty state with the way to start, and the FitSM attribution', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({ getFitsmAssessments: () => ({ ok: true, value: emptyList }) });
  expect(await screen.findByTestId('no-assessments')).toBeTruthy();
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Self-assessment');
  expect(screen.getByTestId('fitsm-attribution').textContent).toContain('FitSM – ITEMO e.V., CC BY 4.0');
  // Creating: the viewer is the first assessor; the new assessment opens.
  await user.click(screen.getByRole('button', { name: 'New assessment' }));
  const form = within(screen.getByTestId('create-form'));
  await user.click(form.getByRole('button', { name: 'Create assessment' }));
  expect(form.getByRole('alert').textContent).toBe('Give the assessment a title.');
  expect(mock.payloadsOf('saveFitsmAssessment')).toEqual([]);
  await user.type(form.getByLabelText('Title'), 'Baseline');
  expect(form.getByLabelText<HTMLTextAreaElement>('Assessors (account ids)').value).toBe(ANNA);
});

it('creates an assessment as a draft with the viewer as assessor and opens it', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    ...standard,
    saveFitsmAssessment: () => ({ ok: true, value: detailOf(april2022) }),
  });
  await user.click(await screen.findByRole('button', { name: 'New assessment' }));
  const form = within(screen.getByTestId('create-form'));
  await user.type(form.getByLabelText('Title'), 'CSI established');
  await user.type(form.getByLabelText('Assessors (account ids)'), ', acc-ben');
  await user.click(form.getByRole('button', { name: 'Create assessment' }));
  expect(await screen.findByTestId('assessment-detail')).toBeTruthy();
  expect(mock.payloadsOf('saveFitsmAssessment')).toEqual([
    {
      id: null,
      expectedVersion: null,
      title: 'CSI established',
      date: '2026-12-05',
      assessors: [ANNA, 'acc-ben'],
      status: 'draft',
      outOfScope: [],
      targetLevel: 3,
      targetByGroup: {},
    },
  ]);
  expect(mock.payloadsOf('getFitsmAssessment')).toEqual([{ id: 'fa-2022' }]);
});

it('shows the latest maturity and capability per process, undetermined where agreed ratings are missing (en)', async () => {
  renderPage(standard);
  const latest = within(await screen.findByTestId('latest-levels'));
  expect(latest.getByTestId('latest-maturity').textContent).toBe(
    'Maturity of the management system (Reifegrad): undetermined',
  );
  const pr14 = document.querySelector('tr[data-process="PR14"]') as HTMLElement;
  expect(within(pr14).getByRole('rowheader').textContent).toBe(
    'PR14 CSI – Continual Service Improvement Management',
  );
  expect(
    within(pr14)
      .getAllByRole('cell')
      .map((cell) => cell.textContent),
  ).toEqual(['undetermined', '1']);
  expect(screen.getAllByRole('listitem').map((item) => item.getAttribute('data-assessment'))).toEqual([
    'fa-2022',
    'fa-2020',
  ]);
});

it('says the same in German: Reifegrad, Fähigkeitsgrad, nicht bestimmt', async () => {
  const user = userEvent.setup();
  renderPage(standard, germanUi);
  expect((await screen.findByTestId('latest-maturity')).textContent).toBe(
    'Reifegrad des Managementsystems: nicht bestimmt',
  );
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Selbstbewertung');
  expect(screen.getByTestId('fitsm-attribution').textContent).toContain('FitSM – ITEMO e.V., CC BY 4.0');
  await user.click(screen.getByRole('button', { name: 'CSI established (2022-04-20)' }));
  await screen.findByTestId('assessment-detail');
  expect(within(group('PR14')).getByTestId('group-level').textContent).toBe(
    'Fähigkeitsgrad: nicht bestimmt (1 ohne vereinbarte Bewertung)',
  );
  await user.click(screen.getByRole('button', { name: 'Die 3 Anforderungen von PR14 zeigen' }));
  const requirement = document.querySelector('li[data-requirement="PR14.1"]') as HTMLElement;
  expect(requirement.textContent).toContain(
    'PR14.1 Verbesserungsmöglichkeiten werden aus Berichten, Messungen, Assessments und Audits ermittelt und erfasst.',
  );
});

it('shows each assessor’s rating side by side with the agreed one, and the chart of agreed levels', async () => {
  const user = userEvent.setup();
  renderPage(standard);
  await openApril(user);
  const pr141 = document.querySelector('li[data-requirement="PR14.1"]') as HTMLElement;
  const rows = [...pr141.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => cell.textContent),
  );
  expect(rows).toEqual([
    ['Anna Berg', '2 – repeatable, partial', 'Register exists, reviews irregular', 'CSI-4'],
    ['Ben Kraus', '3 – defined, complete', '', ''],
    ['Agreed', '2 – repeatable, partial', 'Agreed: register kept, reviews not yet monthly', 'CSI-4, CSI-9'],
  ]);
  const chart = within(screen.getByTestId('chart-PR14'));
  expect(chart.getByRole('img').getAttribute('aria-label')).toBe(
    'Agreed levels in PR14, 0 to 4: PR14.1: 2, PR14.2: 3, PR14.3: –',
  );
  expect(
    [...screen.getByTestId('chart-PR14').querySelectorAll('g[data-requirement]')].map((bar) =>
      bar.getAttribute('data-level'),
    ),
  ).toEqual(['2', '3', '']);
  expect(within(group('PR14')).getByTestId('group-level').textContent).toBe(
    'Capability (Fähigkeitsgrad): undetermined (1 without agreed rating)',
  );
  expect(screen.getByTestId('maturity').textContent).toBe(
    'Maturity of the management system (Reifegrad): undetermined',
  );
});

it('saves the agreed rating of a requirement and shows the capability the backend computes from it', async () => {
  const user = userEvent.setup();
  const agreed: FitsmAssessment = {
    ...april2022,
    ratings: {
      ...april2022.ratings,
      'PR14.3': withFitsmRating(
        april2022.ratings['PR14.3'],
        { kind: 'agreed' },
        rating(2, ANNA, 'Reviews', ['CSI-12']),
      ),
    },
  };
  const { mock } = renderPage({
    ...standard,
    rateFitsmRequirement: () => ({ ok: true, value: detailOf(agreed) }),
  });
  await openApril(user);
  await user.click(screen.getByRole('button', { name: 'Rate PR14.3 (Agreed)' }));
  const form = within(screen.getByTestId('rating-form'));
  await user.selectOptions(form.getByLabelText('Level'), '2');
  await user.type(form.getByLabelText('Evidence notes'), 'Reviews');
  await user.type(form.getByLabelText('Issues (keys)'), 'csi-12');
  await user.click(form.getByRole('button', { name: 'Save rating' }));
  expect(
    await within(group('PR14')).findByText('Capability (Fähigkeitsgrad): 2 – repeatable, partial'),
  ).toBeTruthy();
  expect(mock.payloadsOf('rateFitsmRequirement')).toEqual([
    {
      assessmentId: 'fa-2022',
      requirementId: 'PR14.3',
      slot: { kind: 'agreed' },
      rating: { level: 2, notes: 'Reviews', issueKeys: ['CSI-12'] },
      expected: null,
    },
  ]);
  expect(screen.queryByTestId('rating-form')).toBeNull();
});

it('keeps the opened assessment and its expanded group in place after a rating is saved (the list reloads behind it)', async () => {
  const user = userEvent.setup();
  const agreed: FitsmAssessment = {
    ...april2022,
    ratings: {
      ...april2022.ratings,
      'PR14.3': withFitsmRating(
        april2022.ratings['PR14.3'],
        { kind: 'agreed' },
        rating(2, ANNA, 'Reviews', []),
      ),
    },
  };
  const { mock } = renderPage({
    ...standard,
    // The list answers after a while, as over the network: long enough for the page to render in between.
    getFitsmAssessments: () =>
      new Promise((resolve) => {
        setTimeout(() => {
          resolve({ ok: true, value: listOf() });
        }, 30);
      }),
    rateFitsmRequirement: () => ({ ok: true, value: detailOf(agreed) }),
  });
  await openApril(user);
  await user.click(screen.getByRole('button', { name: 'Rate PR14.3 (Agreed)' }));
  const form = within(screen.getByTestId('rating-form'));
  await user.selectOptions(form.getByLabelText('Level'), '2');
  await user.click(form.getByRole('button', { name: 'Save rating' }));
  await waitFor(() => {
    expect(mock.payloadsOf('getFitsmAssessments')).toHaveLength(2);
  });
  await new Promise((resolve) => setTimeout(resolve, 60));
  // The history reloads (the latest levels may have moved) …
  await screen.findByText('Capability (Fähigkeitsgrad): 2 – repeatable, partial');
  expect(mock.payloadsOf('getFitsmAssessments')).toHaveLength(2);
  // … while the saved assessment stays open as saved, PR14's requirements still shown: the next one can be rated
  // right away (before, the page went back to "loading" and reopened the assessment with every group collapsed).
  expect(mock.payloadsOf('getFitsmAssessment')).toHaveLength(1);
  const toggle = within(group('PR14')).getByRole('button', { name: 'Hide the requirements of PR14' });
  expect(toggle.getAttribute('aria-expanded')).toBe('true');
  const agreedRow = group('PR14').querySelector('li[data-requirement="PR14.3"] tr[data-slot="agreed"]');
  expect(within(agreedRow as HTMLElement).getByTestId('rating-level').textContent).toBe(
    '2 – repeatable, partial',
  );
  expect(screen.getByRole('button', { name: 'Rate PR14.2 (Agreed)' })).toBeTruthy();
});

it('keeps the input on a conflict, reloads the latest version and saves against it', async () => {
  const user = userEvent.setup();
  let answers = 0;
  const changedMeanwhile: FitsmAssessment = {
    ...april2022,
    ratings: {
      ...april2022.ratings,
      'PR14.1': {
        agreed: april2022.ratings['PR14.1']?.agreed ?? null,
        byAssessor: { [ANNA]: { ...rating(1, ANNA), ratedAt: '2022-04-21T08:00:00.000Z' } },
      },
    },
  };
  let current = april2022;
  const { mock } = renderPage({
    ...standard,
    getFitsmAssessment: () => ({ ok: true, value: detailOf(current) }),
    rateFitsmRequirement: () => {
      answers += 1;
      return answers === 1
        ? { ok: false, error: { code: 'conflict', detail: 'rating changed' } }
        : { ok: true, value: detailOf(changedMeanwhile) };
    },
  });
  await openApril(user);
  await user.click(screen.getByRole('button', { name: 'Rate PR14.1 (Anna Berg)' }));
  const form = within(screen.getByTestId('rating-form'));
  await user.selectOptions(form.getByLabelText('Level'), '4');
  await user.click(form.getByRole('button', { name: 'Save rating' }));
  expect((await screen.findByTestId('rating-conflict')).textContent).toContain('Someone else changed');
  current = changedMeanwhile;
  await user.click(screen.getByRole('button', { name: 'Load the latest version (keeps your input)' }));
  expect(await screen.findByText(/The latest version is loaded and your input is kept/)).toBeTruthy();
  expect(form.getByLabelText<HTMLSelectElement>('Level').value).toBe('4');
  await user.click(form.getByRole('button', { name: 'Save rating' }));
  await screen.findByRole('button', { name: 'Rate PR14.1 (Anna Berg)' });
  expect(mock.payloadsOf('rateFitsmRequirement').map((payload) => payload.expected)).toEqual([
    { ratedAt: '2022-04-20T10:00:00.000Z', ratedBy: ANNA },
    { ratedAt: '2022-04-21T08:00:00.000Z', ratedBy: ANNA },
  ]);
  expect(mock.payloadsOf('getFitsmAssessment')).toHaveLength(2);
});

it('compares with the earlier assessment and lists what moved', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    ...standard,
    compareFitsmAssessments: () => ({ ok: true, value: compareFitsmAssessments(july2020, april2022) }),
  });
  await openApril(user);
  const compare = within(screen.getByTestId('compare'));
  expect(compare.getByLabelText<HTMLSelectElement>('Earlier assessment').value).toBe('fa-2020');
  await user.click(compare.getByRole('button', { name: 'Compare' }));
  const moved = within(await screen.findByTestId('requirements-moved'));
  expect(moved.getAllByRole('listitem').map((item) => item.getAttribute('data-requirement'))).toEqual([
    'PR14.1',
  ]);
  expect(moved.getByRole('listitem').textContent).toContain('1 – ad hoc → 2 – repeatable, partial (up)');
  expect(screen.getByTestId('comparison').textContent).toContain('Requirements: 1 up, 0 down');
  expect(mock.payloadsOf('compareFitsmAssessments')).toEqual([{ beforeId: 'fa-2020', afterId: 'fa-2022' }]);
});

it('downloads the export as CSV and as JSON', async () => {
  const user = userEvent.setup();
  const { mock, downloads } = renderPage({
    ...standard,
    exportFitsmAssessment: ({ format }) => ({
      ok: true,
      value: {
        fileName: `fitsm-fa-2022.${format}`,
        mimeType: format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json',
        content: format === 'csv' ? 'requirement;level\nPR14.1;2\n' : '{"id":"fa-2022"}',
      },
    }),
  });
  await openApril(user);
  await user.click(screen.getByRole('button', { name: 'Download as CSV' }));
  await user.click(screen.getByRole('button', { name: 'Download as JSON' }));
  expect(mock.payloadsOf('exportFitsmAssessment')).toEqual([
    { id: 'fa-2022', format: 'csv' },
    { id: 'fa-2022', format: 'json' },
  ]);
  expect(downloads).toEqual([
    {
      content: 'requirement;level\nPR14.1;2\n',
      fileName: 'fitsm-fa-2022.csv',
      mimeType: 'text/csv;charset=utf-8',
    },
    { content: '{"id":"fa-2022"}', fileName: 'fitsm-fa-2022.json', mimeType: 'application/json' },
  ]);
});

it('registers a selected gap as an improvement in the chosen CSI project and shows its issue key', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    ...standard,
    registerFitsmGaps: () => ({
      ok: true,
      value: {
        assessmentId: 'fa-2022',
        links: [{ requirementId: 'PR14.1', issueKey: 'CSI-21', issueId: '10021', created: true }],
      },
    }),
  });
  await openApril(user);
  const gaps = within(screen.getByTestId('gaps'));
  await user.click(gaps.getByRole('button', { name: 'Register 0 gaps as improvements' }));
  expect(gaps.getByRole('alert').textContent).toBe('Tick at least one gap.');
  await user.click(gaps.getByRole('checkbox', { name: /^PR14\.1 .*\(level 2, target 3\)$/ }));
  await user.type(gaps.getByLabelText('CSI project (key)'), 'csi');
  await user.click(gaps.getByRole('button', { name: 'Register 1 gaps as improvements' }));
  expect((await screen.findByTestId('gaps-registered')).textContent).toContain('PR14.1 → CSI-21 (new)');
  expect(mock.payloadsOf('registerFitsmGaps')).toEqual([
    { assessmentId: 'fa-2022', requirementIds: ['PR14.1'], projectKey: 'CSI' },
  ]);
});

it('names the cause when registering fails (no CSI in the project)', async () => {
  const user = userEvent.setup();
  renderPage({
    ...standard,
    registerFitsmGaps: () => ({
      ok: false,
      error: { code: 'csi-not-set-up', detail: 'no CSI issue type in HD' },
    }),
  });
  await openApril(user);
  const gaps = within(screen.getByTestId('gaps'));
  await user.click(gaps.getByRole('checkbox'));
  await user.type(gaps.getByLabelText('CSI project (key)'), 'HD');
  await user.click(gaps.getByRole('button', { name: 'Register 1 gaps as improvements' }));
  expect((await screen.findByTestId('error')).getAttribute('data-code')).toBe('csi-not-set-up');
  expect(screen.getByTestId('error').textContent).toContain('The chosen project has no CSI issue type');
});

it('lets a reader read but not create, rate or register', async () => {
  const user = userEvent.setup();
  renderPage({
    getFitsmAssessments: () => ({ ok: true, value: listOf(false) }),
    getFitsmAssessment: () => ({ ok: true, value: detailOf(april2022, false) }),
  });
  expect(await screen.findByTestId('read-only')).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'New assessment' })).toBeNull();
  await openApril(user);
  expect(screen.queryByRole('button', { name: /^Rate / })).toBeNull();
  expect(within(screen.getByTestId('gaps')).getByRole<HTMLInputElement>('checkbox').disabled).toBe(true);
  expect(within(screen.getByTestId('gaps')).queryByRole('button')).toBeNull();
});

it('says why the list could not load and offers a retry where one helps', async () => {
  const user = userEvent.setup();
  let calls = 0;
  renderPage({
    getFitsmAssessments: () => {
      calls += 1;
      return calls === 1
        ? { ok: false, error: { code: 'jira-unavailable', detail: '' } }
        : { ok: true, value: emptyList };
    },
  });
  expect((await screen.findByTestId('error')).textContent).toContain('Jira did not answer in time');
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByTestId('no-assessments')).toBeTruthy();
});
