/**
 * @jest-environment jsdom
 */
/**
 * The issue panel's "Key Results" section as a person uses it (React Testing Library + user-event, jsdom), over the
 * UI's one invoke with a fake bridge: the key results the issue serves with progress and status, unlink and link
 * (with the payloads the contract names), the search combobox by keyboard (↓ ↑ Enter Escape, ARIA combobox), the
 * empty state, and failures that stay inside the section while the flow panel above shows its numbers.
 */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { IssueKeyResults, KeyResultSearchHit } from '../../src/contract/okr';
import { IssuePanel } from '../../static/src/issue-panel/issue-panel';
import { KeyResultsSection } from '../../static/src/issue-panel/key-results-section';
import type { UiI18n } from '../../static/src/i18n/load';
import { doneIssueView } from './fixtures';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

const leadTime = {
  keyResultId: 'KR-1',
  title: 'Durchlaufzeit um 15 % senken',
  objectiveId: 'O-1',
  objectiveTitle: 'Kundenzufriedenheit erhöhen',
  periodKey: '2026-Q1',
  progress: 0.8,
  status: 'on-track' as const,
};
const signIns = {
  keyResultId: 'KR-2',
  title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
  objectiveId: 'O-2',
  objectiveTitle: 'Anmeldegeschwindigkeit erhöhen',
  periodKey: '2026-Q1',
  progress: 0.3,
  status: 'off-track' as const,
};

const served = (keyResults: IssueKeyResults['keyResults'], canLink = true): IssueKeyResults => ({
  issueId: '10042',
  issueKey: 'HD-42',
  keyResults,
  canLink,
});

const hits: KeyResultSearchHit[] = [
  {
    keyResultId: 'KR-1',
    title: leadTime.title,
    objectiveTitle: leadTime.objectiveTitle,
    periodKey: '2026-Q1',
  },
  { keyResultId: 'KR-2', title: signIns.title, objectiveTitle: signIns.objectiveTitle, periodKey: '2026-Q1' },
  {
    keyResultId: 'KR-5',
    title: 'Erstlösungsquote auf 70 % steigern',
    objectiveTitle: 'Kundenzufriedenheit erhöhen',
    periodKey: '2026-Q1',
  },
];

function renderSection(answers: MockAnswers, i18n: UiI18n = germanUi) {
  const mock = mockInvoke(answers);
  const opened: string[] = [];
  render(
    <KeyResultsSection
      issueKey="HD-42"
      invoke={mock.invoke}
      i18n={i18n}
      openOkrPage={(id, periodKey) => {
        opened.push(`${id} in ${periodKey}`);
      }}
    />,
  );
  return { mock, opened };
}

describe('the list', () => {
  it('shows the key results the issue serves with objective, period, progress and status in words', async () => {
    renderSection({ getIssueKeyResults: () => ({ ok: true, value: served([leadTime, signIns]) }) });
    const item = await screen.findByTestId('kr-KR-1');
    expect(item.textContent).toContain('KR-1 · Kundenzufriedenheit erhöhen · Q1 2026');
    expect(
      within(item).getByRole('progressbar', { name: 'Fortschritt von Durchlaufzeit um 15 % senken' }),
    ).toHaveProperty('ariaValueNow', '80');
    expect(within(item).getByText('Im Plan')).toBeTruthy();
    expect(within(screen.getByTestId('kr-KR-2')).getByText('Nicht im Plan')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Key Results' })).toBeTruthy();
  });

  it('opens the OKR page at a key result and its period', async () => {
    const user = userEvent.setup();
    const { opened } = renderSection({ getIssueKeyResults: () => ({ ok: true, value: served([leadTime]) }) });
    await user.click(await screen.findByRole('button', { name: leadTime.title }));
    expect(opened).toEqual([`KR-1 in ${leadTime.periodKey}`]);
  });

  it('says so when the issue serves none, and offers no link or unlink to people who may not edit the issue', async () => {
    renderSection({ getIssueKeyResults: () => ({ ok: true, value: served([], false) }) });
    expect((await screen.findByTestId('key-results-empty')).textContent).toBe(
      'Dieser Vorgang dient noch keinem Key Result.',
    );
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('hides the unlink buttons when the viewer may not link', async () => {
    renderSection({ getIssueKeyResults: () => ({ ok: true, value: served([leadTime], false) }) }, englishUi);
    await screen.findByTestId('kr-KR-1');
    expect(screen.queryByRole('button', { name: /Unlink/ })).toBeNull();
  });
});

describe('unlink and link', () => {
  it('unlinks with the issue key and key result id, shows the answer and keeps the focus in the section', async () => {
    const user = userEvent.setup();
    const { mock } = renderSection({
      getIssueKeyResults: () => ({ ok: true, value: served([leadTime, signIns]) }),
      unlinkIssueFromKeyResult: () => ({ ok: true, value: served([signIns]) }),
    });
    await user.click(await screen.findByRole('button', { name: `Verknüpfung lösen: ${leadTime.title}` }));
    await waitFor(() => {
      expect(screen.queryByTestId('kr-KR-1')).toBeNull();
    });
    expect(mock.payloadsOf('unlinkIssueFromKeyResult')).toEqual([{ issueKey: 'HD-42', keyResultId: 'KR-1' }]);
    expect(screen.getByTestId('kr-action-status').textContent).toBe(
      `Nicht mehr mit ${leadTime.title} verknüpft.`,
    );
    expect(document.activeElement).toBe(screen.getByRole('combobox'));
  });

  it('keeps the list and says why when a link is refused', async () => {
    const user = userEvent.setup();
    renderSection({
      getIssueKeyResults: () => ({ ok: true, value: served([leadTime]) }),
      unlinkIssueFromKeyResult: () => ({
        ok: false,
        error: { code: 'period-closed', detail: 'period 2026-Q1 is closed' },
      }),
    });
    await user.click(await screen.findByRole('button', { name: `Verknüpfung lösen: ${leadTime.title}` }));
    expect((await screen.findByTestId('kr-action-error')).textContent).toMatch(
      /Der Zeitraum ist abgeschlossen/,
    );
    expect(screen.getByTestId('kr-KR-1')).toBeTruthy();
    // The button was disabled while saving (which drops the focus): the focus comes back into the section.
    expect(document.activeElement).toBe(screen.getByRole('combobox'));
  });
});

describe('the search combobox', () => {
  it('searches once per typing pause, moves with the arrow keys and links the active key result with Enter', async () => {
    const user = userEvent.setup();
    const { mock } = renderSection(
      {
        getIssueKeyResults: () => ({ ok: true, value: served([leadTime]) }),
        searchKeyResults: () => ({ ok: true, value: hits }),
        linkIssueToKeyResult: () => ({
          ok: true,
          value: served([
            leadTime,
            { ...leadTime, keyResultId: 'KR-5', title: 'Erstlösungsquote auf 70 % steigern' },
          ]),
        }),
      },
      englishUi,
    );
    const input = await screen.findByRole('combobox', { name: 'Link a key result' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-autocomplete')).toBe('list');
    await user.type(input, 'Kunden');
    const listbox = await screen.findByRole('listbox', { name: 'Key results found' });
    // One request for the whole word, not one per key.
    expect(mock.payloadsOf('searchKeyResults')).toEqual([{ query: 'Kunden' }]);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(listbox.id);
    expect(screen.getByRole('status', { name: '' }).textContent).toBe(
      '3 key results found. Use the arrow keys to choose.',
    );
    const options = within(listbox).getAllByRole('option');
    expect(options.map((option) => option.getAttribute('aria-selected'))).toEqual([
      'false',
      'false',
      'false',
    ]);
    // KR-1 is linked already: listed, not offered.
    expect(options[0]?.getAttribute('aria-disabled')).toBe('true');

    await user.keyboard('{ArrowDown}');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    expect(options[0]?.getAttribute('aria-selected')).toBe('true');
    // Enter on the linked one does nothing.
    await user.keyboard('{Enter}');
    expect(mock.payloadsOf('linkIssueToKeyResult')).toEqual([]);
    await user.keyboard('{ArrowUp}');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[2]?.id);
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(input.getAttribute('aria-activedescendant')).toBe(options[2]?.id);
    expect(document.activeElement).toBe(input);

    await user.keyboard('{Enter}');
    await waitFor(() => {
      expect(mock.payloadsOf('linkIssueToKeyResult')).toEqual([{ issueKey: 'HD-42', keyResultId: 'KR-5' }]);
    });
    expect(await screen.findByTestId('kr-KR-5')).toBeTruthy();
    expect(screen.getByTestId('kr-action-status').textContent).toBe(
      'Linked to Erstlösungsquote auf 70 % steigern.',
    );
    expect(input).toHaveProperty('value', '');
    expect(input.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens with the arrow key (the current period’s key results for an empty field), closes with Escape, then empties the field', async () => {
    const user = userEvent.setup();
    const { mock } = renderSection(
      {
        getIssueKeyResults: () => ({ ok: true, value: served([]) }),
        searchKeyResults: () => ({ ok: true, value: hits.slice(1) }),
      },
      englishUi,
    );
    const input = await screen.findByRole('combobox');
    input.focus();
    await user.keyboard('{ArrowDown}');
    await screen.findByRole('listbox');
    expect(mock.payloadsOf('searchKeyResults')).toEqual([{ query: '' }]);
    await user.keyboard('{Escape}');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('listbox')).toBeNull();

    await user.type(input, 'KR-9');
    await waitFor(() => {
      expect(mock.payloadsOf('searchKeyResults')).toHaveLength(2);
    });
    await user.keyboard('{Escape}');
    expect(input).toHaveProperty('value', 'KR-9');
    await user.keyboard('{Escape}');
    expect(input).toHaveProperty('value', '');
  });

  it('links with a click on an option', async () => {
    const user = userEvent.setup();
    const { mock } = renderSection(
      {
        getIssueKeyResults: () => ({ ok: true, value: served([]) }),
        searchKeyResults: () => ({ ok: true, value: hits }),
        linkIssueToKeyResult: () => ({ ok: true, value: served([signIns]) }),
      },
      englishUi,
    );
    await user.type(await screen.findByRole('combobox'), 'Anmeld');
    await user.click(await screen.findByRole('option', { name: /KR-2/ }));
    await waitFor(() => {
      expect(mock.payloadsOf('linkIssueToKeyResult')).toEqual([{ issueKey: 'HD-42', keyResultId: 'KR-2' }]);
    });
  });

  it('says when nothing matches and when the search fails', async () => {
    const user = userEvent.setup();
    let calls = 0;
    renderSection({
      getIssueKeyResults: () => ({ ok: true, value: served([]) }),
      searchKeyResults: () => {
        calls += 1;
        return calls === 1
          ? { ok: true, value: [] }
          : { ok: false, error: { code: 'busy', detail: 'store busy' } };
      },
    });
    const input = await screen.findByRole('combobox', { name: 'Key Result verknüpfen' });
    await user.type(input, 'xyz');
    await waitFor(() => {
      expect(screen.getByTestId('kr-search-status').textContent).toBe('Kein Key Result passt.');
    });
    await user.type(input, 'w');
    await waitFor(() => {
      expect(screen.getByTestId('kr-search-status').textContent).toMatch(/gleich noch einmal/);
    });
  });
});

describe('inside the issue panel', () => {
  it('shows the flow while the key results are still loading, and a key-result failure only in its section', async () => {
    const user = userEvent.setup();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let keyResultCalls = 0;
    const mock = mockInvoke({
      getIssueFlow: () => ({ ok: true, value: doneIssueView }),
      getIssueKeyResults: async () => {
        keyResultCalls += 1;
        if (keyResultCalls === 1) {
          await held;
          return { ok: false, error: { code: 'internal', detail: 'getIssueKeyResults is not built yet' } };
        }
        return { ok: true, value: served([leadTime]) };
      },
    });
    render(<IssuePanel issueKey="HD-42" invoke={mock.invoke} i18n={englishUi} />);
    // The flow's numbers are there before the key results answer.
    expect(await screen.findByRole('heading', { name: 'Flow of HD-42' })).toBeTruthy();
    expect(within(screen.getByTestId('key-results')).getByRole('status').textContent).toMatch(
      /Loading key results/,
    );

    await act(async () => {
      release();
      await held;
    });
    const section = screen.getByTestId('key-results');
    const alert = await within(section).findByRole('alert');
    expect(alert.textContent).toMatch(/The key results of this issue could not be loaded/);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Flow of HD-42' })).toBeTruthy();
    expect(mock.payloadsOf('getIssueKeyResults')).toEqual([{ issueKey: 'HD-42' }]);

    await user.click(within(section).getByRole('button', { name: 'Try again' }));
    expect(await within(section).findByTestId('kr-KR-1')).toBeTruthy();
    // The flow was not asked again.
    expect(mock.payloadsOf('getIssueFlow')).toHaveLength(1);
  });
});
