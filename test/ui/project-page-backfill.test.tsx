/**
 * @jest-environment jsdom
 */
/**
 * The project page and the flow gadget while the project's flow facts are first built (issue 13): a labelled
 * progress bar ("Flussdaten werden aufgebaut: 24 %" / "Building flow data: 24%") with its value for assistive
 * technology and the words in a polite live region; the page asks `getProjectFlow` again every 2 s and shows the
 * view once it comes, the gadget likewise. Only a share, never issue counts: a viewer hidden from some issues by
 * issue security must not learn how many the project has.
 */
// Before the page's modules: uPlot reads matchMedia when it loads.
import './support/chart-env';
import { act, render, screen, waitFor } from '@testing-library/react';
import type { GadgetFlowAnswer, GadgetFlowView } from '../../src/contract/gadget';
import type {
  FlowFactsBackfillProgress,
  ProjectFlowAnswer,
  ProjectFlowView,
} from '../../src/contract/project-flow';
import type { ResolverResult } from '../../src/contract/resolvers';
import { buildProjectFlowView } from '../../src/domain/flow/project-view';
import { FlowGadget } from '../../static/src/flow-gadget/flow-gadget';
import { BackfillProgress } from '../../static/src/project-page/backfill-progress';
import type { FlowInvoke } from '../../static/src/project-page/flow-invoke';
import { createPageFormat } from '../../static/src/project-page/page-format';
import { ProjectFlowPage } from '../../static/src/project-page/project-flow-page';
import { loadProjectFlow } from '../../static/src/project-page/project-flow-model';
import { AS_OF_MS, CALENDAR, reportOf } from '../project-flow/fixtures';
import { englishUi, germanUi } from './support/ui-i18n';

const loading = (percent: number | null): FlowFactsBackfillProgress => ({
  phase: percent === null ? 'listing' : 'loading',
  percent,
  runs: 2,
  updatedAtMs: AS_OF_MS,
});

const view: ProjectFlowView = buildProjectFlowView({
  facts: reportOf(),
  projectKey: 'HD',
  from: '2026-03-01',
  to: '2026-03-19',
  percentiles: [50, 85, 95],
  calendar: CALENDAR,
  windowDays: 90,
  summaries: new Map(),
  issueTypes: [],
  jql: null,
  mappingVersion: null,
  mappingDerived: true,
  computedAtMs: AS_OF_MS,
});

describe('BackfillProgress', () => {
  it('says in German how far the build is, as a share, as a progress bar and in a live region', () => {
    render(
      <BackfillProgress
        progress={loading(24)}
        projectKey="HD"
        i18n={germanUi}
        format={createPageFormat(germanUi)}
      />,
    );
    const text = 'Flussdaten werden aufgebaut: 24 %';
    const bar = screen.getByRole('progressbar', { name: 'Fortschritt beim Aufbau der Flussdaten' });
    expect(bar.getAttribute('aria-valuenow')).toBe('24');
    expect(bar.getAttribute('aria-valuemin')).toBe('0');
    expect(bar.getAttribute('aria-valuemax')).toBe('100');
    expect(bar.getAttribute('aria-valuetext')).toBe(text);
    const live = screen.getByRole('status');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe(text);
    expect(screen.getByText(/Beim ersten Mal liest die App jeden Vorgang von HD einmal/)).toBeTruthy();
  });

  it('says it in English, and has no value while the issues are still listed', () => {
    const { rerender } = render(
      <BackfillProgress
        progress={loading(24)}
        projectKey="HD"
        i18n={englishUi}
        format={createPageFormat(englishUi)}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Building flow data: 24%');
    rerender(
      <BackfillProgress
        progress={loading(null)}
        projectKey="HD"
        i18n={englishUi}
        format={createPageFormat(englishUi)}
      />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Progress of building the flow data' });
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(screen.getByRole('status').textContent).toBe("Building flow data: listing the project's issues…");
  });
});

describe('loadProjectFlow while backfilling', () => {
  it('asks getProjectFlow again with the same request every 2 s, reporting each progress', async () => {
    const answers: ResolverResult<ProjectFlowAnswer>[] = [
      { ok: true, value: { status: 'backfilling', progress: loading(null) } },
      { ok: true, value: { status: 'backfilling', progress: loading(24) } },
      { ok: true, value: { status: 'ready', view } },
    ];
    const calls: string[] = [];
    const invoke = ((name: string, payload: unknown) => {
      calls.push(`${name} ${JSON.stringify(payload)}`);
      return Promise.resolve(answers.shift());
    }) as FlowInvoke;
    const seen: (number | null)[] = [];
    const slept: number[] = [];
    const state = await loadProjectFlow(
      invoke,
      { projectKey: 'HD', jql: 'priority = High' },
      {
        onBackfill: (progress) => seen.push(progress.percent),
        sleep: (ms) => {
          slept.push(ms);
          return Promise.resolve();
        },
        cancelled: () => false,
      },
    );
    expect(state).toEqual({ phase: 'loaded', view });
    expect(seen).toEqual([null, 24]);
    expect(slept).toEqual([2000, 2000]);
    expect(calls).toEqual(
      Array.from({ length: 3 }, () => 'getProjectFlow {"projectKey":"HD","jql":"priority = High"}'),
    );
  });
});

/** A sleep the test releases: the page waits in it between two questions. */
function controlledSleep(): { sleep: (ms: number) => Promise<void>; release: () => void } {
  const waiting: (() => void)[] = [];
  return {
    sleep: () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
      }),
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

describe('ProjectFlowPage while backfilling', () => {
  for (const [ui, text, heading] of [
    [germanUi, 'Flussdaten werden aufgebaut: 24 %', 'Zykluszeit'],
    [englishUi, 'Building flow data: 24%', 'Cycle time'],
  ] as const) {
    it(`shows the progress, then the view (${ui.language})`, async () => {
      const answers: ProjectFlowAnswer[] = [
        { status: 'backfilling', progress: loading(24) },
        { status: 'ready', view },
      ];
      const invoke = (() => Promise.resolve({ ok: true, value: answers.shift() })) as unknown as FlowInvoke;
      const { sleep, release } = controlledSleep();
      render(
        <ProjectFlowPage
          projectKey="HD"
          invoke={invoke}
          i18n={ui}
          openIssue={() => undefined}
          sleep={sleep}
        />,
      );
      const bar = await screen.findByRole('progressbar');
      expect(bar.getAttribute('aria-valuenow')).toBe('24');
      expect(screen.getByText(text)).toBeTruthy();
      // The filters wait for the view.
      expect(screen.getAllByRole('button').every((button) => (button as HTMLButtonElement).disabled)).toBe(
        true,
      );
      act(() => {
        release();
      });
      await waitFor(() => {
        expect(screen.queryByRole('progressbar')).toBeNull();
      });
      expect(screen.getByRole('heading', { name: heading })).toBeTruthy();
      expect(screen.queryByTestId('backfilling')).toBeNull();
    });
  }
});

describe('FlowGadget while backfilling', () => {
  const config = {
    scope: { kind: 'project' as const, projectKey: 'HD' },
    metric: 'throughput' as const,
    percentile: 85,
    periodDays: 30,
    refreshMinutes: 0,
  };
  const gadgetView: GadgetFlowView = {
    gadgetId: 'g-1',
    config,
    unit: 'items',
    current: 48,
    previous: 40,
    trend: 'up',
    improving: true,
    change: 0.2,
    sampleSize: { current: 48, previous: 40 },
    period: { from: '2026-02-18', to: '2026-03-19', previousFrom: '2026-01-19', previousTo: '2026-02-17' },
    spark: [10, 12, 13, 13],
    timeZone: 'Europe/Berlin',
    asOfMs: AS_OF_MS,
    computedAtMs: AS_OF_MS,
    issuesLoaded: 200,
  };

  for (const [ui, text] of [
    [germanUi, 'Flussdaten werden aufgebaut: 24 %'],
    [englishUi, 'Building flow data: 24%'],
  ] as const) {
    it(`shows the progress, asks again after 2 s, then shows the value (${ui.language})`, async () => {
      const answers: GadgetFlowAnswer[] = [
        { status: 'backfilling', gadgetId: 'g-1', config, progress: loading(24) },
        gadgetView,
      ];
      const asked: number[] = [];
      const api = {
        getFlow: () => {
          asked.push(asked.length);
          return Promise.resolve({ ok: true as const, value: answers.shift() as GadgetFlowAnswer });
        },
      };
      const waits: { callback: () => void; ms: number }[] = [];
      render(
        <FlowGadget
          api={api}
          i18n={ui}
          setTimeout={(callback, ms) => {
            waits.push({ callback, ms });
            return () => undefined;
          }}
        />,
      );
      const bar = await screen.findByRole('progressbar');
      expect(bar.getAttribute('aria-valuenow')).toBe('24');
      expect(screen.getByRole('status').textContent).toBe(text);
      expect(waits.map((wait) => wait.ms)).toEqual([2000]);
      act(() => {
        waits[0]?.callback();
      });
      await screen.findByTestId('gadget-value');
      expect(screen.getByTestId('gadget-value').textContent).toBe('48');
      expect(screen.queryByRole('progressbar')).toBeNull();
      expect(asked).toHaveLength(2);
    });
  }
});
