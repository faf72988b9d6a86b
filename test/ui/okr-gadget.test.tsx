/**
 * The OKR gadget's view without a browser: objectives → key results with progress, status in words (never colour
 * alone), confidence and sparkline; the detailed layout's values and linked issues; the empty, unconfigured and
 * error states; the model's sparkline points, period names and form rules.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { OkrGadgetState } from '../../static/src/okr-gadget/okr-gadget-model';
import {
  loadOkrGadget,
  okrConfigOf,
  okrFormOf,
  periodChoices,
  periodKeyLabel,
  periodLabel,
  sparkPoints,
} from '../../static/src/okr-gadget/okr-gadget-model';
import { OkrGadgetContent, type OkrNavigation } from '../../static/src/okr-gadget/okr-gadget';
import type { UiI18n } from '../../static/src/i18n/load';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';
import { compactConfig, gadgetView, overview, weekly } from './okr-gadget-fixtures';

const inert: OkrNavigation = { openIssue: () => undefined, openOkrPage: () => undefined };

function markup(state: OkrGadgetState, i18n: UiI18n, onConfigure?: () => void): string {
  return renderToStaticMarkup(
    <OkrGadgetContent
      state={state}
      i18n={i18n}
      navigation={inert}
      onRetry={() => undefined}
      {...(onConfigure === undefined ? {} : { onConfigure })}
    />,
  );
}

const loaded = (layout: 'compact' | 'detailed', patch: Partial<typeof gadgetView> = {}): OkrGadgetState => ({
  phase: 'loaded',
  config: { ...compactConfig, layout },
  overview: patch.overview === undefined ? overview : patch.overview,
  linkedIssues: gadgetView.linkedIssues,
});

/** The markup of key result `id` in `html`: from its item to the next key result or objective. */
function keyResultItem(html: string, id: string): string {
  const start = html.indexOf(`data-testid="okr-kr-${id}"`);
  expect(start).toBeGreaterThan(-1);
  const ends = ['data-testid="okr-kr-', 'data-testid="okr-objective-']
    .map((marker) => html.indexOf(marker, start + 1))
    .filter((index) => index > -1);
  return html.slice(start, ends.length === 0 ? undefined : Math.min(...ends));
}

describe('the compact layout', () => {
  it('lists objectives and their key results with progress, status in words, confidence and a sparkline (German)', () => {
    const html = markup(loaded('compact'), germanUi);
    const text = plainText(html);
    expect(text).toContain('OKRs');
    expect(text).toContain('Q1 2026 · 75 % des Zeitraums vergangen');
    expect(text).toContain('Kundenzufriedenheit erhöhen');
    expect(text).toContain('Anmeldegeschwindigkeit erhöhen');
    // One key result per status, each said in words next to its colour class.
    expect(keyResultItem(html, 'KR-1')).toContain('class="okr-status okr-status-on-track"');
    expect(plainText(keyResultItem(html, 'KR-1'))).toContain('Im Plan');
    expect(plainText(keyResultItem(html, 'KR-2'))).toContain('Gefährdet');
    expect(plainText(keyResultItem(html, 'KR-3'))).toContain('Nicht im Plan');
    expect(plainText(keyResultItem(html, 'KR-1'))).toContain('Zuversicht 8/10');
    expect(plainText(keyResultItem(html, 'KR-2'))).toContain('Noch keine Zuversicht angegeben');
    // Progress as a named progress bar with its value in words (and the share expected by now).
    expect(keyResultItem(html, 'KR-1')).toContain('role="progressbar"');
    expect(keyResultItem(html, 'KR-1')).toContain(
      'aria-label="Fortschritt von Durchlaufzeit um 15 % senken"',
    );
    expect(keyResultItem(html, 'KR-1')).toContain('aria-valuenow="80"');
    expect(keyResultItem(html, 'KR-1')).toContain(
      'aria-valuetext="80\u00a0% (bis heute erwartet: 75\u00a0%)"',
    );
    // The sparkline names its figures for screen readers; a single value draws none.
    expect(keyResultItem(html, 'KR-1')).toContain(
      'aria-label="Verlauf aus 4 Werten, von 5 Tage bis 4,4 Tage"',
    );
    expect(keyResultItem(html, 'KR-3')).not.toContain('okr-spark');
    // Compact: no values line, no linked issues.
    expect(html).not.toContain('data-testid="okr-values"');
    expect(html).not.toContain('HD-42');
  });

  it('says every status in English', () => {
    const text = plainText(markup(loaded('compact'), englishUi));
    expect(text).toContain('Q1 2026 · 75% of the period elapsed');
    expect(text).toContain('On track');
    expect(text).toContain('At risk');
    expect(text).toContain('Off track');
    expect(text).toContain('Confidence 8/10');
  });

  it('shows the configured title and project filter', () => {
    const html = renderToStaticMarkup(
      <OkrGadgetContent
        state={{
          ...(loaded('compact') as Extract<OkrGadgetState, { phase: 'loaded' }>),
          config: { ...compactConfig, projectKey: 'HD', title: 'Service Desk' },
        }}
        i18n={englishUi}
        navigation={inert}
        onRetry={() => undefined}
      />,
    );
    expect(plainText(html)).toContain('Service Desk Q1 2026 · Project HD · 75% of the period elapsed');
  });
});

describe('the detailed layout', () => {
  it('adds the values and the linked issues the resolver listed, with their status, and counts the rest', () => {
    const html = markup(loaded('detailed'), germanUi);
    const kr1 = plainText(keyResultItem(html, 'KR-1'));
    expect(kr1).toContain('Aktuell 4,4 Tage · Start 5 Tage · Zielwert 4,25 Tage');
    expect(kr1).toContain('HD-42 In Arbeit Passwort-Reset dauert zu lange');
    expect(kr1).toContain('CSI-7 Erledigt Wissensdatenbank für Standardanfragen · Verbesserung');
    // Three linked in all, two listed: the third is not browsable or beyond the list.
    expect(kr1).toContain('1 weiterer verknüpfter Vorgang: siehe OKR-Seite.');
    expect(keyResultItem(html, 'KR-1')).toContain('href="/browse/HD-42"');
    expect(keyResultItem(html, 'KR-1')).toContain('class="okr-lozenge okr-lozenge-done"');
    expect(plainText(keyResultItem(html, 'KR-3'))).toContain('Noch kein Wert');
    // KR-2 has no links at all: nothing is hidden, so the gadget must not hint at issues the viewer may not see.
    expect(plainText(keyResultItem(html, 'KR-2'))).toContain('Keine verknüpften Vorgänge.');
    expect(plainText(keyResultItem(html, 'KR-2'))).not.toContain('sehen dürfen');
  });

  it('says how many linked issues the viewer may not see when none is listed', () => {
    const hidden = (count: number): OkrGadgetState => {
      const objectives = overview.objectives.map((objective) => ({
        ...objective,
        keyResults: objective.keyResults.map((kr) =>
          kr.keyResult.id === 'KR-2' ? { ...kr, linkedIssueCount: count } : kr,
        ),
      }));
      return loaded('detailed', { overview: { ...overview, objectives } });
    };
    expect(plainText(keyResultItem(markup(hidden(3), germanUi), 'KR-2'))).toContain(
      '3 verknüpfte Vorgänge, die Sie nicht sehen dürfen.',
    );
    expect(plainText(keyResultItem(markup(hidden(1), germanUi), 'KR-2'))).toContain(
      '1 verknüpfter Vorgang, den Sie nicht sehen dürfen.',
    );
    const english = plainText(keyResultItem(markup(hidden(2), englishUi), 'KR-2'));
    expect(english).toContain('2 linked issues you may not see.');
    expect(english).not.toContain('more linked issues');
    expect(plainText(keyResultItem(markup(loaded('detailed'), englishUi), 'KR-2'))).toContain(
      'No linked issues.',
    );
  });

  it('shows issue-progress values (a share 0..1) as percent', () => {
    const objectives = overview.objectives.map((objective) => ({
      ...objective,
      keyResults: objective.keyResults.map((kr) =>
        kr.keyResult.id === 'KR-2'
          ? {
              ...kr,
              keyResult: {
                ...kr.keyResult,
                unit: '',
                kind: { type: 'issueProgress' as const, issues: { type: 'linked' as const } },
              },
              start: 0,
              target: 1,
              currentValue: 0.8,
            }
          : kr,
      ),
    }));
    const state = loaded('detailed', { overview: { ...overview, objectives } });
    expect(plainText(keyResultItem(markup(state, germanUi), 'KR-2'))).toContain(
      'Aktuell 80 % · Start 0 % · Zielwert 100 %',
    );
    expect(plainText(keyResultItem(markup(state, englishUi), 'KR-2'))).toContain(
      'Current 80% · start 0% · target 100%',
    );
  });

  it('reads in English', () => {
    const kr1 = plainText(keyResultItem(markup(loaded('detailed'), englishUi), 'KR-1'));
    expect(kr1).toContain('Current 4.4 Tage · start 5 Tage · target 4.25 Tage');
    expect(kr1).toContain('CSI-7 Erledigt Wissensdatenbank für Standardanfragen · improvement');
  });
});

describe('the other states', () => {
  it('says a period without objectives is empty and links to the OKR page', () => {
    const empty = { ...overview, objectives: [] };
    const html = markup(loaded('compact', { overview: empty }), germanUi);
    expect(html).toContain('data-testid="okr-empty"');
    expect(plainText(html)).toContain('In Q1 2026 gibt es keine Ziele.');
    expect(plainText(html)).toContain('OKR-Seite öffnen und Ziele anlegen');
    expect(plainText(markup(loaded('compact', { overview: empty }), englishUi))).toContain(
      'There are no objectives in Q1 2026.',
    );
  });

  it('offers the edit view to an unconfigured gadget', () => {
    const text = plainText(markup({ phase: 'unconfigured' }, englishUi, () => undefined));
    expect(text).toContain('This gadget is not set up yet.');
    expect(text).toContain('Configure');
  });

  it('explains an error with what to do, a retry where it helps and the detail folded away', () => {
    const html = markup({ phase: 'error', code: 'jira-unavailable', detail: 'HTTP 503' }, germanUi);
    expect(html).toContain('role="alert"');
    expect(plainText(html)).toContain('Die OKRs konnten nicht geladen werden');
    expect(plainText(html)).toContain('Warten Sie eine Minute');
    expect(plainText(html)).toContain('Erneut versuchen');
    expect(plainText(html)).toContain('jira-unavailable: HTTP 503');
    const forbidden = plainText(markup({ phase: 'error', code: 'forbidden', detail: 'x' }, englishUi));
    expect(forbidden).not.toContain('Try again');
  });

  it('shows the loading state', () => {
    expect(plainText(markup({ phase: 'loading' }, englishUi))).toContain('Loading OKRs…');
  });
});

describe('loadOkrGadget', () => {
  it('treats a gadget without configuration as unconfigured and keeps the answer otherwise', async () => {
    const unconfigured = { ...gadgetView, config: null, version: null, overview: null };
    expect(
      await loadOkrGadget({ getGadget: () => Promise.resolve({ ok: true, value: unconfigured }) }),
    ).toEqual({
      phase: 'unconfigured',
    });
    expect(
      await loadOkrGadget({ getGadget: () => Promise.resolve({ ok: true, value: gadgetView }) }),
    ).toEqual({
      phase: 'loaded',
      config: compactConfig,
      overview,
      linkedIssues: gadgetView.linkedIssues,
    });
    expect(
      await loadOkrGadget({
        getGadget: () => Promise.resolve({ ok: false, error: { code: 'busy', detail: 'store busy' } }),
      }),
    ).toEqual({ phase: 'error', code: 'busy', detail: 'store busy' });
  });
});

describe('sparkPoints', () => {
  it('places values by time, lowest at the bottom and highest at the top of the padded box', () => {
    // Weeks 0, 1, 3 (week 2 missing): x follows the time, not the index.
    const history = [weekly([40])[0], weekly([40, 42])[1], weekly([0, 0, 0, 38])[3]].filter(
      (point) => point !== undefined,
    );
    expect(sparkPoints(history, 96, 24)).toEqual([
      { x: 2, y: 12 },
      { x: 32.7, y: 2 },
      { x: 94, y: 22 },
    ]);
  });

  it('draws a flat history in the middle and nothing for fewer than two values', () => {
    expect(sparkPoints(weekly([5, 5]), 96, 24)).toEqual([
      { x: 2, y: 12 },
      { x: 94, y: 12 },
    ]);
    expect(sparkPoints(weekly([5]), 96, 24)).toEqual([]);
  });

  it('spreads values of the same instant by their order', () => {
    const sameTime = weekly([1, 2, 3]).map((point) => ({ ...point, atMs: 0 }));
    expect(sparkPoints(sameTime, 96, 24).map((point) => point.x)).toEqual([2, 48, 94]);
  });
});

describe('periods and the edit form', () => {
  it('names quarters and custom periods', () => {
    expect(periodKeyLabel('2026-Q1')).toBe('Q1 2026');
    expect(periodKeyLabel('2026-01-15_2026-03-31')).toBe('2026-01-15_2026-03-31');
    expect(periodLabel({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' }, String)).toBe('Q4 2026');
    expect(
      periodLabel(
        { kind: 'custom', startDate: '2026-01-15', endDate: '2026-03-31', timeZone: 'UTC' },
        (date) => `[${date}]`,
      ),
    ).toBe('[2026-01-15] – [2026-03-31]');
  });

  it('offers the known periods newest first and keeps a configured one the list no longer has', () => {
    expect(periodChoices(overview.periods, '').map((choice) => choice.periodKey)).toEqual([
      '2026-Q1',
      '2025-Q4',
    ]);
    expect(
      periodChoices(overview.periods, '2024-Q2').map((choice) => [choice.periodKey, choice.option === null]),
    ).toEqual([
      ['2026-Q1', false],
      ['2025-Q4', false],
      ['2024-Q2', true],
    ]);
  });

  it('round-trips a configuration, upper-cases the project and drops an empty title', () => {
    const config = {
      period: { kind: 'fixed' as const, periodKey: '2025-Q4' },
      projectKey: 'HD',
      layout: 'detailed' as const,
      title: 'HD',
    };
    expect(okrConfigOf(okrFormOf(config))).toEqual({ config });
    expect(okrConfigOf({ periodKey: '', projectKey: ' mail ', layout: 'compact', title: '  ' })).toEqual({
      config: { period: { kind: 'current' }, projectKey: 'MAIL', layout: 'compact' },
    });
  });

  it('names the fields that are wrong', () => {
    expect(
      okrConfigOf({ periodKey: '', projectKey: '1X', layout: 'compact', title: 'x'.repeat(81) }),
    ).toEqual({
      errors: ['projectKey', 'title'],
    });
  });
});
