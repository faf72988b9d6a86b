/**
 * @jest-environment jsdom
 */
/**
 * The record panel's effect check (issue 11, FLOW-METRICS.md §6) as a person uses it (jsdom, the UI's one invoke
 * over a fake bridge): the defaults pre-filled, a configuration saved with the loaded version, problems that block
 * sending, a `conflict` that keeps the input and offers reload, "Jetzt prüfen" with progress and the result in
 * plain language with the before/after chart and its accessible summary, and adopting the result (with a record
 * conflict that is explained and reloads the record).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CsiRecordView } from '../../src/contract/csi';
import type { EffectCheckView, FeedbackResult } from '../../src/contract/feedback';
import { CsiRecordPanel } from '../../static/src/csi-record/csi-record-panel';
import { EffectChart, niceTicks } from '../../static/src/csi-record/effect-chart';
import {
  axisTopOf,
  draftOfEffectConfig,
  effectConfigOfDraft,
  fiveNumbersOf,
  warningText,
} from '../../static/src/csi-record/effect-format';
import { checked, configured, loopView, notConfigured, recordView } from './support/feedback-fixtures';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi, germanUi } from './support/ui-i18n';

function renderPanel(answers: MockAnswers, i18n = englishUi) {
  const mock = mockInvoke({
    getCsiRecord: () => ({ ok: true, value: recordView }),
    getFeedbackLoop: () => ({ ok: true, value: loopView }),
    ...answers,
  });
  render(
    <CsiRecordPanel
      issueKey="CSI-4"
      accountId="acc-me"
      timeZone="Europe/Berlin"
      invoke={mock.invoke}
      feedbackInvoke={mock.invoke}
      openPath={() => undefined}
      i18n={i18n}
      now={() => Date.UTC(2026, 2, 20, 12)}
    />,
  );
  return mock;
}

/** A promise the test resolves, to see the progress while a call is under way. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('configuration', () => {
  it('pre-fills the defaults and saves the configuration with the loaded version', async () => {
    const user = userEvent.setup();
    const mock = renderPanel({
      getEffectCheck: () => ({ ok: true, value: notConfigured }),
      saveEffectCheckConfig: ({ config }) => ({
        ok: true,
        value: { ...notConfigured, config, version: 1, state: 'not-verifying' },
      }),
    });
    const form = within(await screen.findByTestId('effect-config'));
    expect(screen.getByTestId('effect-state').textContent).toMatch(/^Not configured/);
    expect(form.getByLabelText('Days after (N)')).toHaveProperty('value', '30');
    expect(form.getByLabelText('Days before (B)')).toHaveProperty('value', '90');
    expect(form.getByLabelText('Target metric')).toHaveProperty('value', 'flow');
    await user.type(form.getByLabelText('Issues (JQL)'), 'project = HD');
    await user.selectOptions(form.getByLabelText('Flow metric'), 'cycle-time');
    await user.click(form.getByRole('button', { name: 'Save configuration' }));

    await waitFor(() => {
      expect(screen.getByTestId('effect-config-status').textContent).toBe('Configuration saved.');
    });
    expect(mock.payloadsOf('saveEffectCheckConfig')).toEqual([
      {
        issueKey: 'CSI-4',
        expectedVersion: null,
        config: {
          target: { kind: 'flow', metric: 'cycle-time', jql: 'project = HD' },
          better: 'lower',
          changeDate: null,
          verifyAfterDays: 30,
          beforeDays: 90,
        },
      },
    ]);
    expect(screen.getByTestId('effect-state').getAttribute('data-state')).toBe('not-verifying');
  });

  it('sends nothing while a field breaks a rule, and says which', async () => {
    const user = userEvent.setup();
    const mock = renderPanel({ getEffectCheck: () => ({ ok: true, value: notConfigured }) }, germanUi);
    const form = within(await screen.findByTestId('effect-config'));
    const days = form.getByLabelText('Tage danach (N)');
    await user.clear(days);
    await user.type(days, '3');
    await user.click(form.getByRole('button', { name: 'Konfiguration speichern' }));
    const problems = await screen.findByTestId('effect-problems');
    expect(problems.textContent).toContain('Geben Sie die JQL der zu messenden Vorgänge ein.');
    expect(problems.textContent).toContain('Tage danach: eine ganze Zahl von 7 bis 365.');
    expect(days.getAttribute('aria-invalid')).toBe('true');
    expect(mock.payloadsOf('saveEffectCheckConfig')).toEqual([]);
  });

  it('keeps the input on a conflict and reloads only when asked', async () => {
    const user = userEvent.setup();
    let loads = 0;
    const theirs: EffectCheckView = {
      ...configured,
      config: configured.config && { ...configured.config, beforeDays: 60 },
      version: 4,
    };
    const mock = renderPanel({
      getEffectCheck: () => {
        loads += 1;
        return { ok: true, value: loads === 1 ? configured : theirs };
      },
      saveEffectCheckConfig: () => ({
        ok: false,
        error: { code: 'conflict', detail: 'version 4 is stored' },
      }),
    });
    const form = within(await screen.findByTestId('effect-config'));
    const before = form.getByLabelText('Days before (B)');
    await user.clear(before);
    await user.type(before, '120');
    await user.click(form.getByRole('button', { name: 'Save configuration' }));

    const conflict = await screen.findByTestId('effect-config-conflict');
    expect(conflict.textContent).toContain('Your input is still in the form');
    expect(mock.payloadsOf('saveEffectCheckConfig')[0]?.expectedVersion).toBe(3);
    expect(screen.getByLabelText('Days before (B)')).toHaveProperty('value', '120');
    expect(loads).toBe(1);

    await user.click(within(conflict).getByRole('button', { name: 'Reload' }));
    await waitFor(() => {
      expect(screen.getByLabelText('Days before (B)')).toHaveProperty('value', '60');
    });
    expect(loads).toBe(2);
  });
});

describe('running and the result', () => {
  it('runs the check with progress, then shows the verdict, figures, warnings and an accessible chart', async () => {
    const user = userEvent.setup();
    const answer = deferred<FeedbackResult<EffectCheckView>>();
    const mock = renderPanel({
      getEffectCheck: () => ({ ok: true, value: configured }),
      runEffectCheck: () => answer.promise,
    });
    expect((await screen.findByTestId('effect-state')).textContent).toMatch(/^Due:/);
    await user.click(screen.getByRole('button', { name: 'Check now' }));
    expect(within(screen.getByTestId('effect-action-status')).getByRole('status').textContent).toContain(
      'Measuring the effect …',
    );
    expect(screen.getByRole('button', { name: 'Check now' })).toHaveProperty('disabled', true);
    answer.resolve({ ok: true, value: checked });

    const latest = await screen.findByTestId('effect-latest');
    expect(mock.payloadsOf('runEffectCheck')).toEqual([{ issueKey: 'CSI-4' }]);
    expect(within(latest).getByTestId('effect-verdict').textContent).toBe(
      'Improved: the median went from 4 days to 2 days (-50%), a clear change.',
    );
    const figures = within(latest).getByTestId('effect-figures').textContent;
    expect(figures).toContain('4 days → 2 days');
    expect(figures).toContain('-50% (95% interval -62% to -35%)');
    expect(figures).toContain('< 0.001');
    expect(figures).toContain('10 before (from 2025-11-03), 9 after (from 2026-02-01)');
    expect(within(latest).getByTestId('effect-warnings').textContent).toContain(
      'The after window has not ended yet (data as of 2026-03-02, window ends 2026-03-02)',
    );

    // The SVG is one image named by its title; the axis and row labels inside it are hidden from the tree.
    const image = within(latest).getByRole('img', {
      name: 'Values before and after the change in days: median before 4 days, after 2 days. The table below lists the figures.',
    });
    expect(image.tagName.toLowerCase()).toBe('svg');
    const summary = within(within(latest).getByTestId('effect-chart-summary'));
    const [beforeRow, afterRow] = summary.getAllByRole('row').slice(1);
    const cells = (row: HTMLElement | undefined) =>
      row === undefined
        ? []
        : within(row)
            .getAllByRole('cell')
            .map((cell) => cell.textContent);
    // Type 7 over n values: position (n − 1)·q. Before 3 3 4 4 4 4 5 5 6 7 (n 10): q1 at 2.25 → 4, median at 4.5 → 4,
    // q3 at 6.75 → 5. After 1 1 2 2 2 2 3 3 3 (n 9): q1 at 2 → 2, median at 4 → 2, q3 at 6 → 3.
    expect(beforeRow?.querySelector('th')?.textContent).toBe('Before');
    expect(cells(beforeRow)).toEqual(['10', '3', '4', '4', '5', '7']);
    expect(cells(afterRow)).toEqual(['9', '1', '2', '2', '3', '3']);
    // Ten dots before, nine after.
    expect(image.querySelectorAll('.effect-before circle')).toHaveLength(10);
    expect(image.querySelectorAll('.effect-after circle')).toHaveLength(9);

    const history = within(screen.getByTestId('effect-history'));
    expect(history.getByText(/Earlier checks \(1\)/)).toBeTruthy();
    expect(history.getByText(/daily check\): Not enough data to judge/)).toBeTruthy();
  });

  it('says in German why the check failed', async () => {
    const user = userEvent.setup();
    renderPanel(
      {
        getEffectCheck: () => ({ ok: true, value: configured }),
        runEffectCheck: () => ({
          ok: false,
          error: {
            code: 'effect-check-failed',
            detail: 'The JQL is invalid: field "projekt" does not exist',
          },
        }),
      },
      germanUi,
    );
    await user.click(await screen.findByRole('button', { name: 'Jetzt prüfen' }));
    const error = await screen.findByTestId('effect-action-error');
    expect(error.textContent).toContain('Die Wirkung konnte nicht geprüft werden.');
    expect(error.textContent).toContain('field "projekt" does not exist');
  });
});

describe('adopting the result', () => {
  it('writes the proposed result with the record version and shows the record with it', async () => {
    const user = userEvent.setup();
    const adopted: CsiRecordView = {
      ...recordView,
      version: 8,
      record: {
        ...recordView.record,
        result: { name: 'Durchlaufzeit p50', value: 2, unit: 'days', measuredOn: '2026-03-20' },
      },
    };
    const mock = renderPanel({
      getEffectCheck: () => ({ ok: true, value: checked }),
      adoptEffectResult: () => ({ ok: true, value: adopted }),
    });
    const adopt = within(await screen.findByTestId('effect-adopt'));
    expect(
      adopt.getByText(/Proposed measured result: Durchlaufzeit p50 2 days, measured on Mar 20, 2026/),
    ).toBeTruthy();
    await user.click(adopt.getByRole('button', { name: 'Adopt result' }));
    expect(await screen.findByTestId('effect-adopted')).toHaveProperty(
      'textContent',
      "Adopted: the record's measured result is now Durchlaufzeit p50 2 days.",
    );
    expect(mock.payloadsOf('adoptEffectResult')).toEqual([
      { issueKey: 'CSI-4', runId: 'run-2', expectedRecordVersion: 7 },
    ]);
  });

  it('explains a record conflict and reloads the record when asked', async () => {
    const user = userEvent.setup();
    let recordLoads = 0;
    renderPanel(
      {
        getCsiRecord: () => {
          recordLoads += 1;
          return { ok: true, value: recordView };
        },
        getEffectCheck: () => ({ ok: true, value: checked }),
        adoptEffectResult: () => ({
          ok: false,
          error: { code: 'conflict', detail: 'record version 8 is stored' },
        }),
      },
      germanUi,
    );
    await user.click(await screen.findByRole('button', { name: 'Ergebnis übernehmen' }));
    const conflict = await screen.findByTestId('effect-adopt-conflict');
    expect(conflict.textContent).toContain('Jemand hat den Nachweis gespeichert, seit Sie ihn geladen haben');
    expect(recordLoads).toBe(1);
    await user.click(within(conflict).getByRole('button', { name: 'Neu laden' }));
    await waitFor(() => {
      expect(recordLoads).toBe(2);
    });
    expect(await screen.findByTestId('effect-adopt')).toBeTruthy();
  });

  it('waits for unsaved record input to be saved or discarded first', async () => {
    const user = userEvent.setup();
    renderPanel({ getEffectCheck: () => ({ ok: true, value: checked }) });
    await screen.findByTestId('effect-adopt');
    await user.type(screen.getByLabelText('Service/process affected'), ' 2');
    const button = screen.getByRole('button', { name: 'Adopt result' });
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByText('Save or discard your changes to the record first.')).toBeTruthy();
  });
});

describe('effect-format', () => {
  it('turns a stored configuration into the draft and back', () => {
    const config = configured.config;
    expect(config).not.toBeNull();
    const back = effectConfigOfDraft(draftOfEffectConfig(config));
    expect(back).toEqual({ ok: true, config });
  });

  it('takes a chosen change date and refuses an impossible one', () => {
    const draft = { ...draftOfEffectConfig(null), jql: 'project = HD', changeDateMode: 'date' as const };
    expect(effectConfigOfDraft({ ...draft, changeDate: '2026-02-30' })).toEqual({
      ok: false,
      problems: ['change-date-invalid'],
    });
    const ok = effectConfigOfDraft({ ...draft, changeDate: '2026-02-01' });
    expect(ok.ok && ok.config.changeDate).toBe('2026-02-01');
  });

  it('words known warnings and shows unknown ones as they came', () => {
    expect(warningText('before-too-small (3 < 8)', germanUi.t)).toBe(
      'Zu wenige Werte vor der Änderung (3 < 8): Das Urteil braucht mindestens 8 in jedem Fenster.',
    );
    expect(warningText('something-new (x)', englishUi.t)).toBe('Note: something-new (x)');
  });

  it('computes the five numbers as type 7 quantiles and round axis ticks', () => {
    expect(fiveNumbersOf([1, 2, 3, 4])).toEqual({ n: 4, min: 1, q1: 1.75, median: 2.5, q3: 3.25, max: 4 });
    expect(fiveNumbersOf([])).toBeNull();
    expect(niceTicks(0, 7)).toEqual([0, 2, 4, 6, 8]);
  });
});

describe('the chart of a long-tailed sample', () => {
  it('ends the axis at the 95th percentile, draws the values beyond as arrows and counts every value', () => {
    // 40 values 1..40 before, one of them far out (400); after 20 values 1..20.
    const before = [...Array.from({ length: 39 }, (_, i) => i + 1), 400];
    const after = Array.from({ length: 20 }, (_, i) => i + 1);
    // p95 before: position 39·0.95 = 37.05 → 38 + 0.05·(39 − 38) = 38.05 (values 1..39, then 400 at index 39).
    expect(axisTopOf(before, after)).toBeCloseTo(38.05, 5);
    expect(axisTopOf([1, 2, 3], [2, 3, 4])).toBe(4);
    render(
      <EffectChart
        before={before}
        after={after}
        unit="days"
        counts={{ before: 1234, after: 20 }}
        i18n={englishUi}
      />,
    );
    const figure = screen.getByTestId('effect-chart');
    expect(figure.querySelectorAll('.effect-beyond')).toHaveLength(1);
    expect(figure.querySelector('figcaption')?.textContent).toBe(
      'Each dot is one value (days); the box spans the middle half, the line in it is the median. ' +
        'Values above 40 days (1) sit at the right edge as arrows. ' +
        'Drawn: up to 40 evenly spaced values per window; n counts all.',
    );
    const beforeRow = within(screen.getByTestId('effect-chart-summary')).getAllByRole('row')[1];
    expect(beforeRow?.querySelector('td')?.textContent).toBe('1234');
  });
});

describe('states', () => {
  it('says how long the check still waits, and what a reader without edit rights may do', async () => {
    renderPanel(
      {
        getEffectCheck: () => ({
          ok: true,
          value: {
            ...configured,
            state: 'waiting',
            dueOn: '2026-04-02',
            enteredVerifyingOn: '2026-03-03',
            canEdit: false,
          },
        }),
      },
      germanUi,
    );
    const state = await screen.findByTestId('effect-state');
    expect(state.textContent).toBe(
      'In der Wirksamkeitsprüfung seit 03.03.2026; die tägliche Prüfung misst die Wirkung am 02.04.2026.',
    );
    expect(screen.queryByRole('button', { name: 'Jetzt prüfen' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Konfiguration speichern' })).toBeNull();
    expect(
      screen.getByText(
        'Nur wer diesen Vorgang bearbeiten darf, kann die Prüfung einstellen, ausführen und übernehmen.',
      ),
    ).toBeTruthy();
  });
});
