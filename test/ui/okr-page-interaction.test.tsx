/**
 * @jest-environment jsdom
 */
/**
 * The OKR page as a person uses it (React Testing Library + user-event, jsdom, the UI's one invoke over a fake
 * bridge): creating an objective sends `saveObjective` with what was typed (and the defaults: the shown quarter,
 * the viewer as owner); the resolver's `invalid-okr` detail lands at its field; a key result's kind decides its
 * direction and source; a conflict offers the latest version and keeps the input; the check-in form refuses what
 * is not a value before sending; rotating an external key result's secret shows the secret and the curl example
 * once; "Measure now", linking by key and closing the period with grading.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KeyResultDetail, OkrOverview } from '../../src/contract/okr';
import type { MockAnswers } from './support/mock-invoke';
import { renderOkrPage } from './support/okr-page-render';
import { leadTimeKr, overview, signInDetail } from './okr-page-fixtures';

// The history chart draws on a canvas jsdom lacks; its text alternative is tested in okr-page.test.tsx. Here it is
// a stand-in that shows it was loaded (lazily) with the detail's values.
jest.mock('../../static/src/okr-page/history-chart', () => ({
  __esModule: true,
  default: ({ detail }: { detail: KeyResultDetail }) => (
    <figure data-testid="kr-history-chart" data-points={detail.checkIns.length} />
  ),
}));

function renderPage(answers: MockAnswers) {
  const copied: string[] = [];
  const downloads: { json: string; fileName: string }[] = [];
  const mock = renderOkrPage(
    { getOkrOverview: () => ({ ok: true, value: overview }), ...answers },
    {
      copy: (text) => {
        copied.push(text);
        return Promise.resolve();
      },
      download: (json, fileName) => {
        downloads.push({ json, fileName });
      },
    },
  );
  return { mock, copied, downloads };
}

function keyResultItem(id: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`li[data-key-result="${id}"]`);
  if (item === null) throw new Error(`no key result ${id}`);
  return item;
}

function objectiveItem(id: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`li[data-objective="${id}"]`);
  if (item === null) throw new Error(`no objective ${id}`);
  return item;
}

const leadTimeDetail: KeyResultDetail = {
  ...signInDetail,
  view: {
    ...leadTimeKr,
    keyResult: {
      ...leadTimeKr.keyResult,
      source: 'measured',
      kind: {
        type: 'flowMetric',
        scope: { type: 'project', projectKey: 'HD' },
        metric: 'leadTimeP50',
        baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: 'Europe/Berlin' },
        targetChangePercent: -15,
      },
    },
  },
  checkIns: [],
  linkedIssues: [],
  webTriggerUrl: null,
  hasSecret: false,
};

it('creates an objective: saveObjective gets the typed fields, the shown quarter and the viewer as owner', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({ saveObjective: () => ({ ok: true, value: { id: 'O-4', version: 1 } }) });
  await user.click(await screen.findByRole('button', { name: 'Create objective' }));
  const dialog = screen.getByRole('dialog', { name: 'Create objective' });
  // The first field has the focus.
  expect(document.activeElement).toBe(within(dialog).getByLabelText('Title'));
  await user.type(within(dialog).getByLabelText('Title'), 'Kundenzufriedenheit erhöhen');
  await user.type(within(dialog).getByLabelText('Description'), 'Der Help Desk antwortet schneller.');
  expect(within(dialog).getByLabelText<HTMLInputElement>('Quarter').value).toBe('2026-Q1');
  expect(within(dialog).getByLabelText<HTMLInputElement>('Owner (account id)').value).toBe('acc-anna');
  await user.type(within(dialog).getByLabelText('Project key'), 'hd');
  await user.selectOptions(within(dialog).getByLabelText('Aligns to (parent objective)'), 'O-1');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
  });
  expect(mock.payloadsOf('saveObjective')).toEqual([
    {
      objective: {
        title: 'Kundenzufriedenheit erhöhen',
        description: 'Der Help Desk antwortet schneller.',
        period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
        ownerAccountId: 'acc-anna',
        scope: { type: 'project', projectKey: 'HD' },
        parentObjectiveId: 'O-1',
      },
    },
  ]);
  expect((await screen.findByTestId('notice')).textContent).toBe('Objective O-4 saved.');
  // The overview is loaded again to show it.
  expect(mock.payloadsOf('getOkrOverview')).toHaveLength(2);
});

it('checks required fields before sending and shows invalid-okr details at their field', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    saveObjective: () => ({
      ok: false,
      error: {
        code: 'invalid-okr',
        detail: 'objective.period.timeZone: the time zone is unknown: use an IANA name such as Europe/Berlin',
      },
    }),
  });
  await user.click(await screen.findByRole('button', { name: 'Create objective' }));
  const dialog = screen.getByRole('dialog', { name: 'Create objective' });
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  const title = within(dialog).getByLabelText('Title');
  expect(title.getAttribute('aria-invalid')).toBe('true');
  expect(document.getElementById(title.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
    'Fill this in.',
  );
  expect(mock.payloadsOf('saveObjective')).toEqual([]);
  // The focus lands on what to fix.
  expect(document.activeElement).toBe(title);

  await user.type(title, 'Service verbessern');
  await user.type(within(dialog).getByLabelText('Project key'), 'NL');
  const zone = within(dialog).getByLabelText('Time zone');
  await user.clear(zone);
  await user.type(zone, 'Mars/Olympus');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await within(dialog).findByTestId('invalid');
  expect(zone.getAttribute('aria-invalid')).toBe('true');
  await waitFor(() => {
    expect(document.activeElement).toBe(zone);
  });
  expect(zone.getAttribute('aria-describedby')).toContain('-error');
  expect(
    within(dialog).getByText('the time zone is unknown: use an IANA name such as Europe/Berlin'),
  ).toBeTruthy();
  expect(title.getAttribute('aria-invalid')).toBeNull();
});

it('creates a flow-metric key result: direction and source follow from the kind', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({ saveKeyResult: () => ({ ok: true, value: { id: 'KR-9', version: 1 } }) });
  await screen.findByTestId('okr-tree');
  await user.click(within(objectiveItem('O-2')).getByRole('button', { name: 'Add key result' }));
  const dialog = screen.getByRole('dialog', { name: 'New key result for “Kundenzufriedenheit erhöhen”' });
  await user.type(within(dialog).getByLabelText('Title'), 'Durchlaufzeit um 15 % senken');
  await user.type(within(dialog).getByLabelText('Unit'), 'Tage');
  await user.selectOptions(within(dialog).getByLabelText('Kind'), 'flowMetric');
  expect(within(dialog).getByTestId('source-measured')).toBeTruthy();
  await user.type(within(dialog).getByLabelText('Project key'), 'HD');
  await user.selectOptions(within(dialog).getByLabelText('Flow metric'), 'leadTimeP50');
  await user.type(within(dialog).getByLabelText('Target change (%)'), '-15');
  expect(within(dialog).getByTestId('direction-derived').textContent).toContain('decrease');
  // The baseline defaults to the quarter before the objective's.
  expect(within(dialog).getAllByLabelText<HTMLInputElement>('Quarter')[0]?.value).toBe('2025-Q4');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
  });
  expect(mock.payloadsOf('saveKeyResult')).toEqual([
    {
      keyResult: {
        objectiveId: 'O-2',
        title: 'Durchlaufzeit um 15 % senken',
        ownerAccountId: 'acc-anna',
        weight: 1,
        unit: 'Tage',
        direction: 'decrease',
        kind: {
          type: 'flowMetric',
          scope: { type: 'project', projectKey: 'HD' },
          metric: 'leadTimeP50',
          baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: 'Europe/Berlin' },
          targetChangePercent: -15,
        },
        source: 'measured',
      },
    },
  ]);
});

it('on a conflict offers the latest version, keeps the input and saves against the new version', async () => {
  const user = userEvent.setup();
  let loads = 0;
  const bumped: OkrOverview = {
    ...overview,
    objectives: overview.objectives.map((view) =>
      view.objective.id === 'O-2' ? { ...view, version: 4 } : view,
    ),
  };
  let saves = 0;
  const { mock } = renderPage({
    getOkrOverview: () => {
      loads += 1;
      return { ok: true, value: loads === 1 ? overview : bumped };
    },
    saveObjective: () => {
      saves += 1;
      return saves === 1
        ? { ok: false, error: { code: 'conflict', detail: 'O-2 is at version 4, not 3' } }
        : { ok: true, value: { id: 'O-2', version: 5 } };
    },
  });
  await screen.findByTestId('okr-tree');
  await user.click(
    within(objectiveItem('O-2')).getByRole('button', { name: 'Edit Kundenzufriedenheit erhöhen' }),
  );
  const dialog = screen.getByRole('dialog', { name: 'Edit objective' });
  const title = within(dialog).getByLabelText<HTMLInputElement>('Title');
  await user.clear(title);
  await user.type(title, 'Kundenzufriedenheit deutlich erhöhen');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  const conflict = await within(dialog).findByTestId('conflict');
  expect(conflict.textContent).toContain('Someone else changed this meanwhile');
  await user.click(
    within(conflict).getByRole('button', { name: 'Load the latest version (keeps your input)' }),
  );
  await within(dialog).findByTestId('reloaded');
  expect(title.value).toBe('Kundenzufriedenheit deutlich erhöhen');
  await user.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => {
    expect(screen.queryByRole('dialog')).toBeNull();
  });
  expect(mock.payloadsOf('saveObjective').map((p) => [p.id, p.expectedVersion, p.objective.title])).toEqual([
    ['O-2', 3, 'Kundenzufriedenheit deutlich erhöhen'],
    ['O-2', 4, 'Kundenzufriedenheit deutlich erhöhen'],
  ]);
});

it('refuses a check-in without a value, with text, or dated in the future; then sends a backdated one', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    getKeyResultDetail: () => ({ ok: true, value: leadTimeDetail }),
    checkInKeyResult: () => ({ ok: true, value: { checkInId: 'c9', view: leadTimeDetail.view } }),
  });
  await screen.findByTestId('okr-tree');
  await user.click(within(keyResultItem('KR-1')).getByRole('button', { name: /^Details/ }));
  const detail = await screen.findByTestId('kr-detail');
  const value = within(detail).getByLabelText('Value (Tage)');
  const submit = within(detail).getByRole('button', { name: 'Check in' });
  await user.click(submit);
  expect(document.getElementById(value.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
    'Fill this in.',
  );
  await user.type(value, 'viel');
  await user.click(submit);
  expect(document.getElementById(value.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
    'Enter a number, e.g. 12 or 3.5.',
  );
  await user.clear(value);
  await user.type(value, '4,3');
  const day = within(detail).getByLabelText('Day (optional)');
  await user.type(day, '2026-03-11');
  await user.click(submit);
  expect(
    within(detail).getByText('The day lies in the future: choose today or an earlier day.'),
  ).toBeTruthy();
  expect(mock.payloadsOf('checkInKeyResult')).toEqual([]);

  await user.clear(day);
  await user.type(day, '2026-03-02');
  // The confidence slider starts at the latest confidence (8).
  expect(within(detail).getByTestId('confidence-output').textContent).toBe('8 of 10');
  await user.type(within(detail).getByLabelText('Note'), 'Wissensdatenbank wirkt');
  await user.click(submit);
  await within(detail).findByTestId('checked-in');
  expect(mock.payloadsOf('checkInKeyResult')).toEqual([
    {
      keyResultId: 'KR-1',
      value: 4.3,
      confidence: 8,
      note: 'Wissensdatenbank wirkt',
      atMs: Date.UTC(2026, 2, 2, 12),
    },
  ]);
});

it('measures a measured key result on demand and shows the value', async () => {
  const user = userEvent.setup();
  const { mock } = renderPage({
    getKeyResultDetail: () => ({ ok: true, value: leadTimeDetail }),
    measureKeyResult: () => ({
      ok: true,
      value: { value: 4.2, baselineValue: 5, issueCount: 120, view: leadTimeDetail.view },
    }),
  });
  await screen.findByTestId('okr-tree');
  await user.click(within(keyResultItem('KR-1')).getByRole('button', { name: /^Details/ }));
  const detail = await screen.findByTestId('kr-detail');
  await user.click(within(detail).getByRole('button', { name: 'Measure now' }));
  await within(detail).findByText('Measured: 4.2 Tage (from 120 issues).');
  expect(mock.payloadsOf('measureKeyResult')).toEqual([{ keyResultId: 'KR-1' }]);
});

it('lists linked issues and experiments, links an issue by key and refuses a malformed key', async () => {
  const user = userEvent.setup();
  const opened: string[] = [];
  const mock = renderOkrPage(
    {
      getOkrOverview: () => ({ ok: true, value: overview }),
      getKeyResultDetail: () => ({ ok: true, value: signInDetail }),
      linkIssueToKeyResult: (request) => ({
        ok: true,
        value: { issueId: '1', issueKey: request.issueKey, keyResults: [], canLink: true },
      }),
    },
    { openIssue: (key) => opened.push(key) },
  );
  await screen.findByTestId('okr-tree');
  await user.click(within(keyResultItem('KR-2')).getByRole('button', { name: /^Details/ }));
  const detail = await screen.findByTestId('kr-detail');
  expect(
    within(within(detail).getByTestId('linked-issues')).getByRole('link', { name: 'MAIL-42' }),
  ).toBeTruthy();
  expect(within(detail).getByTestId('kr-history-chart').getAttribute('data-points')).toBe('2');
  // Both check-ins, newest first, with who and how they came.
  expect(
    [...within(detail).getByTestId('check-ins').querySelectorAll('tbody tr')].map((row) =>
      row.getAttribute('data-check-in'),
    ),
  ).toEqual(['c2', 'c1']);
  const experiments = within(detail).getByTestId('experiments');
  expect(within(experiments).getByText('Rate-Limit je IP')).toBeTruthy();
  await user.click(within(experiments).getByRole('link', { name: 'MAIL-7' }));
  expect(opened).toEqual(['MAIL-7']);
  const key = within(detail).getByLabelText('Issue key');
  await user.type(key, 'mail 9');
  await user.click(within(detail).getByRole('button', { name: 'Link issue' }));
  expect(within(detail).getByText('Enter an issue key such as HD-42.')).toBeTruthy();
  await user.clear(key);
  await user.type(key, 'mail-9');
  await user.click(within(detail).getByRole('button', { name: 'Link issue' }));
  await waitFor(() => {
    expect(mock.payloadsOf('linkIssueToKeyResult')).toEqual([{ issueKey: 'MAIL-9', keyResultId: 'KR-2' }]);
  });
});

it('says how many linked issues the viewer may not see instead of "no issues linked yet"', async () => {
  const user = userEvent.setup();
  renderPage({
    getKeyResultDetail: () => ({ ok: true, value: { ...leadTimeDetail, hiddenOrMoreCount: 2 } }),
  });
  await screen.findByTestId('okr-tree');
  await user.click(within(keyResultItem('KR-1')).getByRole('button', { name: /^Details/ }));
  const links = within(await screen.findByTestId('kr-detail')).getByTestId('linked-issues');
  expect(links.textContent).toContain('2 linked issues you may not see.');
  expect(links.textContent).not.toContain('No issues linked yet.');
  expect(links.textContent).not.toContain('more linked issues are not listed');
});

it('rotates the secret of an external key result and shows the secret and curl example only once', async () => {
  const user = userEvent.setup();
  const curl = "curl -X POST 'https://example.atlassian-dev.net/x1/okr-values' -H 'X-Okr-Signature: …'";
  const { mock, copied } = renderPage({
    getKeyResultDetail: () => ({ ok: true, value: signInDetail }),
    rotateKeyResultSecret: () => ({
      ok: true,
      value: {
        keyResultId: 'KR-2',
        secret: 's3cr3t-once',
        webTriggerUrl: 'https://example.atlassian-dev.net/x1/okr-values',
        curlExample: curl,
      },
    }),
  });
  await screen.findByTestId('okr-tree');
  const toggle = within(keyResultItem('KR-2')).getByRole('button', { name: /^Details/ });
  await user.click(toggle);
  const trigger = await screen.findByTestId('web-trigger');
  expect(within(trigger).getByTestId('web-trigger-url').textContent).toBe(
    'https://example.atlassian-dev.net/x1/okr-values',
  );
  expect(within(trigger).queryByTestId('curl')).toBeNull();
  await user.click(within(trigger).getByRole('button', { name: 'Rotate secret' }));
  const confirm = screen.getByRole('dialog', { name: 'New secret for this key result?' });
  expect(confirm.textContent).toContain('The old secret stops working at once');
  await user.click(within(confirm).getByRole('button', { name: 'Rotate secret' }));
  const shown = await within(trigger).findByTestId('rotated-secret');
  expect(within(shown).getByTestId('secret').textContent).toBe('s3cr3t-once');
  expect(within(shown).getByTestId('curl').textContent).toBe(curl);
  expect(shown.textContent).toContain('Shown only this once');
  await user.click(within(shown).getByRole('button', { name: 'Copy example' }));
  expect(copied).toEqual([curl]);
  await within(shown).findByText('Example copied.');

  await user.click(within(shown).getByRole('button', { name: 'I have stored it: hide' }));
  expect(screen.queryByText('s3cr3t-once')).toBeNull();
  expect(screen.queryByTestId('curl')).toBeNull();
  // Closing and opening the detail again does not bring it back: it was shown once.
  await user.click(toggle);
  await user.click(within(keyResultItem('KR-2')).getByRole('button', { name: /^Details/ }));
  await screen.findByTestId('web-trigger');
  expect(screen.queryByTestId('curl')).toBeNull();
  expect(document.body.textContent).not.toContain('s3cr3t-once');
  expect(mock.payloadsOf('rotateKeyResultSecret')).toEqual([{ keyResultId: 'KR-2' }]);
});

it('closes the period after confirmation and shows the grades; exports the period as JSON', async () => {
  const user = userEvent.setup();
  const graded: OkrOverview = {
    ...overview,
    closed: true,
    objectives: overview.objectives.map((view) => ({
      ...view,
      grading: {
        objectiveGrade: 0.7,
        keyResults: view.keyResults.map((kr) => ({ keyResultId: kr.keyResult.id, grade: 0.7 })),
      },
    })),
  };
  const { mock, downloads } = renderPage({
    closeOkrPeriod: () => ({ ok: true, value: graded }),
    exportOkrPeriod: () => ({ ok: true, value: { format: 'okr-export', periodKey: '2026-Q1' } }),
  });
  await screen.findByTestId('okr-tree');
  await user.click(screen.getByRole('button', { name: 'Export 2026-Q1 as JSON' }));
  await waitFor(() => {
    expect(downloads.map((d) => d.fileName)).toEqual(['okr-2026-Q1.json']);
  });
  expect(JSON.parse(downloads[0]?.json ?? '')).toEqual({ format: 'okr-export', periodKey: '2026-Q1' });

  await user.click(screen.getByRole('button', { name: 'Close 2026-Q1 with grading' }));
  const confirm = screen.getByRole('dialog', { name: 'Close 2026-Q1?' });
  await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
  expect(mock.payloadsOf('closeOkrPeriod')).toEqual([]);
  await user.click(screen.getByRole('button', { name: 'Close 2026-Q1 with grading' }));
  await user.click(
    within(screen.getByRole('dialog', { name: 'Close 2026-Q1?' })).getByRole('button', {
      name: 'Close and grade',
    }),
  );
  await screen.findByTestId('period-closed');
  expect(mock.payloadsOf('closeOkrPeriod')).toEqual([{ periodKey: '2026-Q1' }]);
  expect(document.querySelectorAll('[data-band="delivered"]')).toHaveLength(5);
  expect(screen.getByTestId('notice').textContent).toBe('2026-Q1 is closed; the grades are shown.');
});

it('closes a dialog with Escape and gives the focus back to the button that opened it', async () => {
  const user = userEvent.setup();
  renderPage({});
  const open = await screen.findByRole('button', { name: 'Create objective' });
  await user.click(open);
  expect(screen.getByRole('dialog')).toBeTruthy();
  await user.keyboard('{Escape}');
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(document.activeElement).toBe(open);
});
