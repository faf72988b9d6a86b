/**
 * The flow gadget without a browser: loading (a gadget without configuration is "unconfigured", not an error),
 * the value with its trend in words, and the edit form's validation.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { GadgetFlowView } from '../../src/contract/gadget';
import { GadgetValue, gadgetTitle } from '../../static/src/flow-gadget/flow-gadget';
import { configOf, formOf, loadGadgetFlow } from '../../static/src/flow-gadget/gadget-model';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';

const german = germanUi;
const english = englishUi;

/** 85th-percentile cycle time of HD over 30 days: 6.5 days now, 5.0 before (+30 %, worse). */
const cycleTimeView: GadgetFlowView = {
  gadgetId: 'gadget-1',
  config: {
    scope: { kind: 'project', projectKey: 'HD' },
    metric: 'cycleTime',
    percentile: 85,
    periodDays: 30,
    refreshMinutes: 15,
  },
  unit: 'days',
  current: 6.5,
  previous: 5,
  trend: 'up',
  improving: false,
  change: 0.3,
  sampleSize: { current: 40, previous: 35 },
  period: { from: '2026-02-09', to: '2026-03-10', previousFrom: '2026-01-10', previousTo: '2026-02-08' },
  spark: [4, 5, 5.5, 6, 6.5, 7, 6.5, 6.5],
  timeZone: 'Europe/Berlin',
  asOfMs: Date.UTC(2026, 2, 10, 12),
  computedAtMs: Date.UTC(2026, 2, 10, 12),
  issuesLoaded: 200,
};

describe('GadgetValue', () => {
  it('shows the value and says the trend in words with the arrow hidden from screen readers (English)', () => {
    const html = renderToStaticMarkup(<GadgetValue view={cycleTimeView} i18n={english} />);
    expect(html).toContain('<span aria-hidden="true" class="trend-arrow">↑</span>');
    const shown = plainText(html);
    expect(shown).toContain('Cycle time (85th percentile) · HD');
    expect(shown).toContain('6.5 days');
    expect(shown).toContain('Up 30% from 5.0 days in the previous period — worse');
    expect(shown).toContain('Feb 9, 2026 – Mar 10, 2026, from 40 items');
    expect(shown).toContain('refreshes every 15 min');
    expect(html).toContain('class="gadget-trend trend-worse"');
  });

  it('shows rising throughput as an improvement in German', () => {
    const throughput: GadgetFlowView = {
      ...cycleTimeView,
      config: { ...cycleTimeView.config, metric: 'throughput', title: 'Erledigt im Monat' },
      unit: 'items',
      current: 48,
      previous: 40,
      improving: true,
      change: 0.2,
    };
    const shown = plainText(renderToStaticMarkup(<GadgetValue view={throughput} i18n={german} />));
    expect(shown).toContain('Erledigt im Monat · HD');
    expect(shown).toContain('48');
    expect(shown).toContain('20 % mehr als 40 im vorigen Zeitraum – besser');
  });

  it('names metrics with their percentile where they have one', () => {
    expect(
      gadgetTitle({ config: { ...cycleTimeView.config, metric: 'aging', percentile: 95 } }, german),
    ).toBe('Vorgänge älter als das 95. Perzentil');
    expect(gadgetTitle({ config: { ...cycleTimeView.config, metric: 'wip' } }, english)).toBe(
      'Work in progress',
    );
  });
});

describe('loadGadgetFlow', () => {
  it('treats a gadget without stored configuration as unconfigured, not as an error', async () => {
    const state = await loadGadgetFlow({
      getFlow: () =>
        Promise.resolve({ ok: false, error: { code: 'not-found', detail: 'no config for gadget-1' } }),
    });
    expect(state).toEqual({ phase: 'unconfigured' });
  });

  it('passes the edited configuration along and reports other errors', async () => {
    const seen: unknown[] = [];
    const state = await loadGadgetFlow(
      {
        getFlow: (config) => {
          seen.push(config);
          return Promise.resolve({ ok: false, error: { code: 'forbidden', detail: 'no browse permission' } });
        },
      },
      cycleTimeView.config,
    );
    expect(seen).toEqual([cycleTimeView.config]);
    expect(state).toEqual({ phase: 'error', code: 'forbidden', detail: 'no browse permission' });
  });
});

describe('the edit form', () => {
  it('round-trips a configuration and upper-cases the project key', () => {
    const form = { ...formOf(cycleTimeView.config), projectKey: ' hd ' };
    expect(configOf(form)).toEqual({ config: cycleTimeView.config });
  });

  it('builds a JQL scope with an optional project and a title', () => {
    const form = {
      ...formOf(cycleTimeView.config),
      scopeKind: 'jql' as const,
      jql: 'project = HD AND priority = High',
      projectKey: '',
      title: ' Hoch ',
    };
    expect(configOf(form)).toEqual({
      config: {
        ...cycleTimeView.config,
        scope: { kind: 'jql', jql: 'project = HD AND priority = High' },
        title: 'Hoch',
      },
    });
  });

  it('names the fields that are wrong', () => {
    expect(configOf({ ...formOf(cycleTimeView.config), projectKey: '1X' })).toEqual({
      errors: ['projectKey'],
    });
    expect(
      configOf({ ...formOf(cycleTimeView.config), scopeKind: 'jql', jql: 'project = HD ORDER BY created' }),
    ).toEqual({ errors: ['jql'] });
    expect(configOf({ ...formOf(cycleTimeView.config), title: 'x'.repeat(81) })).toEqual({
      errors: ['title'],
    });
  });
});
