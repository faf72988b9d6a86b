/**
 * The setup page's run loop and rendering against the real CSI setup resolvers over the local Jira emulator (the
 * harness of `test/csi-setup/support.ts`): the loop the page runs drives a company-managed project from the plan to
 * `complete` one step per call (budget 0), a Jira failure midway is shown with its step and resumed by the rerun,
 * and a non-administrator sees the plan read-only and is refused.
 */
import type { CsiSetupView } from '../../src/contract/csi';
import type { CsiInvoke } from '../../static/src/csi-setup/csi-invoke';
import { stateAfterRun, type SetupPageState } from '../../static/src/csi-setup/csi-setup-page';
import { runSetupLoop } from '../../static/src/csi-setup/setup-model';
import { startSetupHarness, type SetupHarness } from '../csi-setup/support';
import { ADMIN, AGENT, buildSeed } from '../emulator/seed-builder';
import { englishUi } from './support/ui-i18n';
import type { SeedUser } from '../../dev/emulator/seed';
import type { UiI18n } from '../../static/src/i18n/load';
import { htmlText } from './support/html-text';
import { setupMarkup } from './support/csi-render';

const TIMEOUT_MS = 30_000;

/** The page's invoke, as the bridge would call the resolvers for `user`. */
function invokeAs(h: SetupHarness, user: SeedUser, names: string[] = []): CsiInvoke {
  return ((name: string, payload: never) => {
    names.push(name);
    if (name === 'getCsiSetup') return h.handlers.getCsiSetup(payload, h.contextOf(user));
    if (name === 'runCsiSetup') return h.handlers.runCsiSetup(payload, h.contextOf(user));
    throw new Error(`unexpected resolver ${name}`);
  }) as CsiInvoke;
}

const render = (state: SetupPageState, i18n?: UiI18n): string => setupMarkup(state, i18n, 'HD');

async function planOf(invoke: CsiInvoke): Promise<CsiSetupView> {
  const answer = await invoke('getCsiSetup', { projectKey: 'HD' });
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.detail}`);
  return answer.value;
}

describe('the setup page against the setup resolvers (emulator)', () => {
  it(
    'runs the confirmed plan to complete, one step per call, with the progress growing',
    async () => {
      const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }), { budgetMs: 0 });
      try {
        const invoke = invokeAs(h, ADMIN);
        const plan = await planOf(invoke);
        const planHtml = render({ phase: 'plan', view: plan, notice: null });
        expect(htmlText(planHtml)).toContain('Vorgangstyp »Verbesserung (CSI)« anlegen');
        expect(htmlText(planHtml)).toContain(
          'Im Workflow-Schema »HD: Workflow Scheme« den Vorgangstyp dem CSI-Workflow zuordnen',
        );
        expect(planHtml).not.toMatch(/\{\w+\}|csiSetup\./);
        expect(planHtml).toContain('>CSI einrichten</button>');

        const progress: number[] = [];
        const outcome = await runSetupLoop(invoke, 'HD', plan.planFingerprint, {
          onView: (view) => progress.push(view.progress.done),
        });
        expect(outcome.kind).toBe('settled');
        if (outcome.kind !== 'settled') return;
        expect(outcome.view.status).toBe('complete');
        // More than one call was needed, and every call before the last made progress (no conflict from the
        // re-planned steps). The complete plan has nothing left to do (all reuse/nothing), so its count is 0 of 0.
        const running = progress.slice(0, -1);
        expect(running.length).toBeGreaterThan(1);
        running.forEach((done, i) => {
          if (i > 0) expect(done).toBeGreaterThan(running[i - 1] ?? 0);
        });
        expect(outcome.view.progress).toEqual({ done: 0, total: 0 });

        const done = stateAfterRun(outcome, plan);
        if (done === null) throw new Error('no state');
        const shown = htmlText(render(done));
        expect(shown).toContain('CSI ist eingerichtet');
        expect(shown).toContain('Workflow-Schema »HD: Workflow Scheme«');
        expect(h.errors).toEqual([]);
      } finally {
        await h.stop();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'shows the step a Jira failure stopped at, and the rerun resumes to complete',
    async () => {
      const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }));
      try {
        const names: string[] = [];
        const invoke = invokeAs(h, ADMIN, names);
        const plan = await planOf(invoke);
        h.emulator.faults.inject({ endpoint: 'POST /rest/api/3/workflows/create', status: 500, times: 5 });
        const first = await runSetupLoop(invoke, 'HD', plan.planFingerprint, { onView: () => undefined });
        h.emulator.faults.clear();
        expect(first).toMatchObject({ kind: 'error', code: 'jira-unavailable' });
        const failedState = stateAfterRun(first, plan);
        if (failedState === null || failedState.phase !== 'plan') throw new Error('no plan state');
        expect(failedState.view.status).toBe('failed');
        const failedHtml = render(failedState);
        expect(htmlText(failedHtml)).toContain('Fehlgeschlagen: Workflow »CSI-Verbesserung (Three Ways)«');
        expect(htmlText(failedHtml)).toContain('Jira ist gerade nicht erreichbar oder überlastet.');
        expect(failedHtml).toContain('>Erneut versuchen</button>');

        const second = await runSetupLoop(invoke, 'HD', failedState.view.planFingerprint, {
          onView: () => undefined,
        });
        expect(second.kind === 'settled' && second.view.status).toBe('complete');
        expect(names.filter((n) => n === 'runCsiSetup').length).toBeGreaterThanOrEqual(2);
      } finally {
        await h.stop();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'shows a non-administrator the plan read-only; a run is refused server-side',
    async () => {
      const h = await startSetupHarness(buildSeed({ hd: 2, csi: 1, sec: 1 }));
      try {
        const invoke = invokeAs(h, AGENT);
        const plan = await planOf(invoke);
        expect(plan.canRun).toBe(false);
        const html = render({ phase: 'plan', view: plan, notice: null }, englishUi);
        expect(html).not.toContain('<button');
        expect(htmlText(html)).toContain('Only Jira administrators may set up CSI.');
        const outcome = await runSetupLoop(invoke, 'HD', plan.planFingerprint, { onView: () => undefined });
        expect(outcome).toMatchObject({ kind: 'error', code: 'forbidden' });
      } finally {
        await h.stop();
      }
    },
    TIMEOUT_MS,
  );
});
