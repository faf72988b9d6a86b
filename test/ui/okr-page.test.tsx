/**
 * @jest-environment jsdom
 */
/**
 * The OKR page as it renders an overview (React Testing Library, jsdom, the UI's one invoke over a fake bridge):
 * the alignment tree in the overview's order with children indented under their parent, status in words (German
 * and English), progress with the expected share, key results with value, start → target, confidence and owner;
 * the empty state; a failed load naming the cause and offering a retry; the period picker asking for the chosen
 * period; a closed period's grades with their bands.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OkrOverview } from '../../src/contract/okr';
import type { MockAnswers } from './support/mock-invoke';
import { renderOkrPage } from './support/okr-page-render';
import { englishUi, germanUi } from './support/ui-i18n';
import { emptyOverview, leadTimeKr, overview, signInKr } from './okr-page-fixtures';
import type { UiI18n } from '../../static/src/i18n/load';

function renderPage(answers: MockAnswers, i18n: UiI18n = englishUi) {
  return renderOkrPage(answers, { i18n });
}

/** The objectives of the tree in order, with their depth. */
function treeOrder(): string[] {
  return [...document.querySelectorAll('li[data-objective]')].map(
    (item) => `${item.getAttribute('data-objective') ?? ''}@${item.getAttribute('data-depth') ?? ''}`,
  );
}

it('shows the alignment tree parent first, children indented, with status words in English', async () => {
  const mock = renderPage({ getOkrOverview: () => ({ ok: true, value: overview }) });
  await screen.findByTestId('okr-tree');
  expect(mock.payloadsOf('getOkrOverview')).toEqual([{}]);
  expect(treeOrder()).toEqual(['O-1@0', 'O-2@1', 'O-3@1']);
  const child = document.querySelector<HTMLElement>('li[data-objective="O-2"]');
  expect(child?.style.marginLeft).toContain('1 *');
  const o3 = within(document.querySelector<HTMLElement>('li[data-objective="O-3"]') as HTMLElement);
  expect(o3.getByRole('heading', { level: 3 }).textContent).toContain('Anmeldegeschwindigkeit erhöhen');
  expect(o3.getByText(/aligns to “Service verbessern”/)).toBeTruthy();
  expect(
    [...document.querySelectorAll('[data-objective] > section > .okr-card-head [data-status]')].map(
      (badge) => badge.textContent,
    ),
  ).toEqual(['At risk', 'On track', 'Off track']);
  const kr = within(document.querySelector<HTMLElement>('li[data-key-result="KR-1"]') as HTMLElement);
  expect(kr.getByText('Durchlaufzeit um 15 % senken', { selector: 'p' })).toBeTruthy();
  expect(kr.getByText('80% done, 75% expected by now')).toBeTruthy();
  expect(kr.getByText('Now: 4.4 Tage')).toBeTruthy();
  expect(kr.getByText('Start 5 Tage → target 4.25 Tage')).toBeTruthy();
  expect(kr.getByText('Confidence 8/10')).toBeTruthy();
  expect(kr.getByRole('img', { name: 'History of 4 values, from 5 Tage to 4.4 Tage' })).toBeTruthy();
  expect(screen.getByText('No confidence given yet')).toBeTruthy();
  // The period picker lists the overview's periods, the shown one chosen.
  const picker = screen.getByLabelText<HTMLSelectElement>('Period');
  expect(picker.value).toBe('2026-Q1');
  expect(
    within(picker)
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['2025-Q4 (2 objectives, closed)', '2026-Q1 (3 objectives)']);
  // The project filter offers the projects of the objectives.
  expect(
    within(screen.getByLabelText('Project'))
      .getAllByRole('option')
      .map((o) => o.textContent),
  ).toEqual(['All projects', 'HD', 'MAIL', 'NL']);
});

it('says the same in German', async () => {
  renderPage({ getOkrOverview: () => ({ ok: true, value: overview }) }, germanUi);
  await screen.findByTestId('okr-tree');
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Ziele und Key Results (OKR)');
  expect(
    [...document.querySelectorAll('[data-objective] > section > .okr-card-head [data-status]')].map(
      (badge) => badge.textContent,
    ),
  ).toEqual(['Gefährdet', 'Im Plan', 'Nicht im Plan']);
  const kr = within(document.querySelector<HTMLElement>('li[data-key-result="KR-1"]') as HTMLElement);
  expect(kr.getByText('80 % erreicht, 75 % bis jetzt erwartet')).toBeTruthy();
  expect(kr.getByText('Aktuell: 4,4 Tage')).toBeTruthy();
  expect(kr.getByText('Zuversicht 8/10')).toBeTruthy();
  expect(screen.getByRole('button', { name: 'Ziel anlegen' })).toBeTruthy();
});

it('shows issue progress and flow efficiency (shares 0..1) as percent, not as 0,8', async () => {
  const progressKr = {
    ...leadTimeKr,
    keyResult: {
      ...leadTimeKr.keyResult,
      id: 'KR-1',
      unit: '',
      source: 'measured' as const,
      kind: { type: 'issueProgress' as const, issues: { type: 'linked' as const } },
    },
    start: 0,
    target: 1,
    currentValue: 0.8,
  };
  const efficiencyKr = {
    ...signInKr,
    keyResult: {
      ...signInKr.keyResult,
      unit: 'share',
      source: 'measured' as const,
      kind: {
        type: 'flowMetric' as const,
        scope: { type: 'project' as const, projectKey: 'HD' },
        metric: 'flowEfficiency' as const,
        baselinePeriod: { kind: 'quarter' as const, quarter: '2025-Q4', timeZone: 'Europe/Berlin' },
        targetChangePercent: 20,
      },
    },
    start: 0.125,
    target: 0.15,
    currentValue: 0.13,
  };
  const objectives = overview.objectives.map((objective) =>
    objective.objective.id === 'O-2'
      ? { ...objective, keyResults: [progressKr] }
      : objective.objective.id === 'O-3'
        ? { ...objective, keyResults: [efficiencyKr] }
        : objective,
  );
  renderPage({ getOkrOverview: () => ({ ok: true, value: { ...overview, objectives } }) }, germanUi);
  await screen.findByTestId('okr-tree');
  const text = (id: string): string =>
    (document.querySelector(`li[data-key-result="${id}"]`)?.textContent ?? '').replace(
      /[\u00a0\u202f]/g,
      ' ',
    );
  expect(text('KR-1')).toContain('Aktuell: 80 %');
  expect(text('KR-1')).toContain('Start 0 % → Zielwert 100 %');
  expect(text('KR-2')).toContain('Aktuell: 13 %');
  expect(text('KR-2')).toContain('Start 12,5 % → Zielwert 15 %');
  expect(text('KR-2')).not.toContain('share');
});

it('shows the empty state without a create button for a reader', async () => {
  renderPage({ getOkrOverview: () => ({ ok: true, value: emptyOverview }) });
  const empty = await screen.findByTestId('no-objectives');
  expect(empty.textContent).toContain('No objectives in this period');
  expect(empty.textContent).toContain('ask a Jira administrator or an OKR editor');
  expect(screen.queryByRole('button', { name: 'Create objective' })).toBeNull();
  // A reader may export but neither close nor import.
  expect(screen.queryByRole('button', { name: /Close 2026-Q1/ })).toBeNull();
  expect(screen.queryByLabelText(/Import a period/)).toBeNull();
  expect(screen.getByRole('button', { name: 'Export 2026-Q1 as JSON' })).toBeTruthy();
});

it('shows a loading state, then a failure with its cause and a retry that loads again', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const mock = renderPage({
    getOkrOverview: () => {
      calls += 1;
      return calls === 1
        ? { ok: false, error: { code: 'jira-unavailable', detail: 'Jira answered 503' } }
        : { ok: true, value: overview };
    },
  });
  expect(screen.getByRole('status').textContent).toContain('Loading the OKRs');
  const error = await screen.findByTestId('error');
  expect(error.textContent).toContain('Jira did not answer. Try again in a moment.');
  expect(error.textContent).toContain('jira-unavailable: Jira answered 503');
  await user.click(within(error).getByRole('button', { name: 'Load again' }));
  await screen.findByTestId('okr-tree');
  expect(mock.payloadsOf('getOkrOverview')).toHaveLength(2);
});

it('asks for the chosen period and project', async () => {
  const user = userEvent.setup();
  const previous: OkrOverview = { ...emptyOverview, periodKey: '2025-Q4', closed: true };
  const mock = renderPage({
    getOkrOverview: (request) => ({ ok: true, value: request.periodKey === '2025-Q4' ? previous : overview }),
  });
  await screen.findByTestId('okr-tree');
  await user.selectOptions(screen.getByLabelText('Period'), '2025-Q4');
  await screen.findByTestId('no-objectives');
  await user.selectOptions(screen.getByLabelText('Project'), 'MAIL');
  expect(mock.payloadsOf('getOkrOverview')).toEqual([
    {},
    { periodKey: '2025-Q4' },
    { periodKey: '2025-Q4', projectKey: 'MAIL' },
  ]);
});

it('shows the grades of a closed period with their bands and offers no edits', async () => {
  const [o1, o2, o3] = overview.objectives;
  if (o1 === undefined || o2 === undefined || o3 === undefined) throw new Error('fixture');
  const closed: OkrOverview = {
    ...overview,
    closed: true,
    objectives: [
      { ...o1, grading: { objectiveGrade: 0.5, keyResults: [] } },
      { ...o2, grading: { objectiveGrade: 0.8, keyResults: [{ keyResultId: 'KR-1', grade: 0.8 }] } },
      { ...o3, grading: { objectiveGrade: 0.2, keyResults: [{ keyResultId: 'KR-2', grade: 0.2 }] } },
    ],
  };
  renderPage({ getOkrOverview: () => ({ ok: true, value: closed }) });
  await screen.findByTestId('okr-tree');
  expect(
    [...document.querySelectorAll('[data-grade]')].map((b) => `${b.textContent}|${b.className}`),
  ).toEqual([
    'Grade 0.5 (progress made)|badge badge-warning',
    'Grade 0.8 (delivered)|badge badge-success',
    'Grade 0.8 (delivered)|badge badge-success',
    'Grade 0.2 (missed)|badge badge-danger',
    'Grade 0.2 (missed)|badge badge-danger',
  ]);
  expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Create objective' })).toBeNull();
  expect(screen.getByTestId('period-closed').textContent).toBe('This period is closed and graded.');
});
