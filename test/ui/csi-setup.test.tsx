/**
 * The CSI setup page (`static/src/csi-setup`): the plan's sentences, the run loop against a fake `runCsiSetup`
 * (progress until complete, a failed step resumed without repeating done steps, a changed plan, a refusal), and
 * the page's states rendered to HTML in German and English (no browser; `test/e2e/csi-walkthrough.e2e.ts` clicks
 * through the real page).
 */
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import type {
  CsiResult,
  CsiSetupAction,
  CsiSetupStepKind,
  CsiSetupStepState,
  CsiSetupStepView,
  CsiSetupView,
} from '../../src/contract/csi';
import { CSI_ERROR_CODES } from '../../src/contract/csi';
import { planCsiSetup, type CsiSetupSnapshot } from '../../src/domain/csi/provisioning';
import type { CsiInvoke } from '../../static/src/csi-setup/csi-invoke';
import { stateAfterRun, type SetupPageState } from '../../static/src/csi-setup/csi-setup-page';
import {
  existsSentence,
  progressPercent,
  runSetupLoop,
  stepSentence,
  stepWarning,
} from '../../static/src/csi-setup/setup-model';
import type { UiI18n } from '../../static/src/i18n/load';
import { englishUi, germanUi } from './support/ui-i18n';
import { htmlText } from './support/html-text';
import { setupMarkup } from './support/csi-render';

function step(
  id: string,
  kind: CsiSetupStepKind,
  action: CsiSetupAction,
  subject: string,
  params: Record<string, string> = {},
  state: CsiSetupStepState = 'planned',
): CsiSetupStepView {
  return { id, kind, action, subject, params, state, error: null };
}

/** A company-managed project on the shared default workflow scheme: 5 steps with work, 2 that only reuse. */
const planSteps: readonly CsiSetupStepView[] = [
  step('issue-type', 'issue-type', 'create', 'Verbesserung (CSI)'),
  step('status:identified', 'status', 'reuse', 'Erfasst'),
  step('status:assessed', 'status', 'create', 'Bewertet', { category: 'TODO' }),
  step('status:approved', 'status', 'create', 'Genehmigt', { category: 'IN_PROGRESS' }),
  step('workflow', 'workflow', 'create', 'CSI-Verbesserung (Three Ways)'),
  step('issue-type-scheme', 'issue-type-scheme', 'nothing', 'Default Issue Type Scheme'),
  step('workflow-scheme', 'workflow-scheme', 'copy-and-assign', 'Default Workflow Scheme', {
    copy: 'MAIL: Default Workflow Scheme + CSI',
  }),
];

const planView: CsiSetupView = {
  projectKey: 'MAIL',
  projectId: '10001',
  projectName: 'E-Mail-Service',
  projectStyle: 'company-managed',
  canRun: true,
  status: 'not-set-up',
  language: 'de',
  steps: planSteps,
  planFingerprint: 'fp-plan-1',
  progress: { done: 0, total: 5 },
  issueType: null,
};

const content = (state: SetupPageState, i18n?: UiI18n): string => setupMarkup(state, i18n);

describe('stepSentence', () => {
  const byId = (id: string): CsiSetupStepView => {
    const found = planSteps.find((s) => s.id === id);
    if (found === undefined) throw new Error(id);
    return found;
  };

  it('describes every step of the plan in German', () => {
    expect(planSteps.map((s) => stepSentence(s, germanUi.t))).toEqual([
      'Vorgangstyp »Verbesserung (CSI)« anlegen',
      'Status »Erfasst« wiederverwenden',
      'Status »Bewertet« in der Kategorie »Aufgaben« anlegen',
      'Status »Genehmigt« in der Kategorie »In Arbeit« anlegen',
      'Workflow »CSI-Verbesserung (Three Ways)« mit den CSI-Übergängen und den Prüfregeln für »Genehmigen«, ' +
        '»Wirksamkeit prüfen« und »Abschließen« anlegen',
      'Vorgangstypschema »Default Issue Type Scheme« enthält den Vorgangstyp bereits',
      'Workflow-Schema »Default Workflow Scheme« wird mit anderen Projekten geteilt: das Projekt erhält eine ' +
        'eigene Kopie »MAIL: Default Workflow Scheme + CSI« und wird darauf umgestellt',
    ]);
  });

  it('describes the steps in English', () => {
    expect(stepSentence(byId('issue-type'), englishUi.t)).toBe('Create the issue type "Verbesserung (CSI)"');
    expect(stepSentence(byId('status:identified'), englishUi.t)).toBe('Reuse the status "Erfasst"');
    expect(stepSentence(byId('workflow-scheme'), englishUi.t)).toBe(
      'The workflow scheme "Default Workflow Scheme" is shared with other projects: the project gets its own ' +
        'copy "MAIL: Default Workflow Scheme + CSI" and is switched to it',
    );
  });

  it('still says that a shared scheme is copied when the plan does not name the copy', () => {
    const unnamed = step('its', 'issue-type-scheme', 'copy-and-assign', 'Shared Scheme');
    expect(stepSentence(unnamed, germanUi.t)).toBe(
      'Vorgangstypschema »Shared Scheme« wird mit anderen Projekten geteilt: das Projekt erhält eine eigene ' +
        'Kopie mit dem Vorgangstyp und wird darauf umgestellt',
    );
    expect(stepSentence(unnamed, germanUi.t)).not.toContain('{');
  });

  it('falls back to "kind »subject«: action" for a combination without its own sentence', () => {
    expect(stepSentence(step('x', 'workflow', 'add', 'WF'), germanUi.t)).toBe('Workflow »WF«: wird ergänzt');
    expect(stepSentence(step('x', 'workflow', 'add', 'WF'), englishUi.t)).toBe('Workflow "WF": extended');
  });

  it('names what exists after the setup, the copy instead of the shared scheme', () => {
    expect(existsSentence(byId('workflow-scheme'), germanUi.t)).toBe(
      'Workflow-Schema »MAIL: Default Workflow Scheme + CSI«',
    );
    expect(existsSentence(byId('status:identified'), englishUi.t)).toBe('Status "Erfasst"');
  });
});

describe('sentences of real plans (the planner of src/domain/csi/provisioning.ts)', () => {
  /** MAIL on the default schemes, "Erfasst" exists, "Bewertet" exists with another category, no validator. */
  const snapshot: CsiSetupSnapshot = {
    project: { id: '10001', key: 'MAIL', name: 'E-Mail-Service', style: 'company-managed' },
    language: 'de',
    issueTypes: [{ id: '1', name: 'Aufgabe', scopeProjectId: null }],
    statuses: [
      { id: '11', name: 'Erfasst', category: 'TODO', scopeProjectId: null },
      { id: '12', name: 'Bewertet', category: 'DONE', scopeProjectId: null },
    ],
    workflows: [],
    validatorRuleId: null,
    issueTypeScheme: {
      id: '100',
      name: 'Default Issue Type Scheme',
      isDefault: true,
      issueTypeIds: ['1'],
      projectIds: ['10001', '10002'],
    },
    issueTypeSchemeCopy: null,
    workflowScheme: {
      id: null,
      name: 'Default Workflow Scheme',
      defaultWorkflow: 'jira',
      issueTypeMappings: {},
      projectIds: [],
    },
    workflowSchemeCopy: null,
    createdIds: ['11'],
  };
  const viewsOf = (plan: ReturnType<typeof planCsiSetup>): CsiSetupStepView[] =>
    plan.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      action: s.action,
      subject: s.subject,
      params: s.params,
      state: 'planned',
      error: null,
    }));

  it('reads a company-managed plan on the shared default workflow scheme in German, with its warnings', () => {
    const steps = viewsOf(planCsiSetup(snapshot));
    const sentences = steps.map((s) => stepSentence(s, germanUi.t));
    expect(sentences).toContain('Vorgangstyp »Verbesserung (CSI)« anlegen');
    expect(sentences).toContain('Status »Erfasst« wiederverwenden');
    expect(sentences).toContain('Status »Genehmigt« in der Kategorie »In Arbeit« anlegen');
    expect(sentences).toContain(
      'Workflow-Schema »Default Workflow Scheme« wird mit anderen Projekten geteilt: das Projekt erhält eine ' +
        'eigene Kopie »MAIL: Default Workflow Scheme + CSI« und wird darauf umgestellt',
    );
    for (const sentence of sentences) expect(sentence).not.toMatch(/[{}]|csiSetup\./);
    const warnings = steps.map((s) => stepWarning(s, germanUi.t)).filter((w) => w !== null);
    expect(warnings).toEqual([
      'Der vorhandene Status hat in Jira die Kategorie »Fertig« statt »Aufgaben«. Er wird trotzdem ' +
        'wiederverwendet (die App benennt nichts um, was sie nicht angelegt hat); Auswertungen nach ' +
        'Statuskategorie zählen ihn entsprechend.',
      expect.stringContaining(
        'Die Prüfregel der App (»CSI-Übergangsprüfung«) ist in dieser Jira-Site nicht verfügbar',
      ),
    ]);
    const html = content({ phase: 'plan', view: { ...planView, steps }, notice: null });
    expect(htmlText(html)).toContain('Status »Erfasst« wiederverwenden (von dieser App angelegt) Geplant');
    expect(html.match(/class="step-warning"/g)).toHaveLength(2);
  });

  it('reads a team-managed plan with its manual step in English', () => {
    const team: CsiSetupSnapshot = {
      ...snapshot,
      project: { ...snapshot.project, style: 'team-managed' },
      language: 'en',
      statuses: [],
      validatorRuleId: 'ari:cloud:ecosystem::extension/app/env/static/csi-transition-validator',
      issueTypeScheme: null,
      createdIds: [],
    };
    const steps = viewsOf(planCsiSetup(team));
    const sentences = steps.map((s) => stepSentence(s, englishUi.t));
    expect(sentences).toContain('Create the status "Identified" in the category "To Do"');
    expect(sentences).toContain(
      'Create the issue type "Improvement (CSI)" by hand in the project settings (guide below)',
    );
    for (const sentence of sentences) expect(sentence).not.toMatch(/[{}]|csiSetup\./);
    expect(steps.map((s) => stepWarning(s, englishUi.t)).filter((w) => w !== null)).toEqual([]);
  });
});

/**
 * A fake setup server: each run call does up to `perCall` of the remaining steps with work and answers the view.
 * `failOnce` makes the named step fail on its first attempt (with Jira's message); the failed step is retried
 * by the next run. `executions` counts how often each step was attempted.
 */
function fakeSetupServer(options: { perCall: number; failOnce?: string; failAsError?: boolean }) {
  const work = planSteps.filter((s) => s.action !== 'reuse' && s.action !== 'nothing').map((s) => s.id);
  const done = new Set<string>();
  const failedBefore = new Set<string>();
  let failed: string | null = null;
  let runs = 0;
  const executions = new Map<string, number>();
  const calls: { name: string; payload: unknown }[] = [];
  const view = (): CsiSetupView => {
    const complete = done.size === work.length;
    return {
      ...planView,
      status: complete ? 'complete' : failed !== null ? 'failed' : done.size > 0 ? 'running' : 'not-set-up',
      // Each answer is a re-plan: the fingerprint changes with the steps done.
      planFingerprint: `fp-${String(done.size)}${failed === null ? '' : '-failed'}`,
      progress: { done: done.size, total: work.length },
      steps: planSteps.map((s) => ({
        ...s,
        state: done.has(s.id) || !work.includes(s.id) ? 'done' : s.id === failed ? 'failed' : 'planned',
        error:
          s.id === failed
            ? { code: 'setup-step-failed', detail: "Jira 400: A status with the name 'Genehmigt' exists." }
            : null,
      })),
      issueType: complete ? { id: '10100', name: 'Verbesserung (CSI)' } : null,
    };
  };
  const answer = (name: string, payload: unknown): CsiResult<CsiSetupView> => {
    calls.push({ name, payload });
    if (name === 'getCsiSetup') return { ok: true, value: view() };
    if (name !== 'runCsiSetup') throw new Error(`unexpected resolver ${name}`);
    const expected = view().planFingerprint;
    if ((payload as { planFingerprint: string }).planFingerprint !== expected)
      return { ok: false, error: { code: 'conflict', detail: 'the plan changed' } };
    runs += 1;
    failed = null;
    for (const id of work.filter((w) => !done.has(w)).slice(0, options.perCall)) {
      executions.set(id, (executions.get(id) ?? 0) + 1);
      if (id === options.failOnce && !failedBefore.has(id)) {
        failedBefore.add(id);
        failed = id;
        if (options.failAsError === true)
          return { ok: false, error: { code: 'setup-step-failed', detail: `step ${id} failed` } };
        break;
      }
      done.add(id);
    }
    return { ok: true, value: view() };
  };
  const invoke = ((name: string, payload: unknown) => Promise.resolve(answer(name, payload))) as CsiInvoke;
  return { invoke, calls, executions, runs: () => runs, view };
}

describe('runSetupLoop', () => {
  it('calls runCsiSetup until complete, reporting the progress of every answer', async () => {
    const server = fakeSetupServer({ perCall: 2 });
    const seen: string[] = [];
    const outcome = await runSetupLoop(server.invoke, 'MAIL', 'fp-0', {
      onView: (v) => seen.push(`${v.status} ${String(v.progress.done)}/${String(v.progress.total)}`),
    });
    expect(seen).toEqual(['running 2/5', 'running 4/5', 'complete 5/5']);
    expect(outcome.kind).toBe('settled');
    expect(outcome.kind === 'settled' && outcome.view.status).toBe('complete');
    // First the confirmed fingerprint, then each answer's.
    expect(server.calls.map((c) => (c.payload as { planFingerprint: string }).planFingerprint)).toEqual([
      'fp-0',
      'fp-2',
      'fp-4',
    ]);
    expect([...server.executions.values()].every((n) => n === 1)).toBe(true);
  });

  it('stops at a failed step; a rerun resumes there and does no step twice', async () => {
    const server = fakeSetupServer({ perCall: 2, failOnce: 'status:approved' });
    const first = await runSetupLoop(server.invoke, 'MAIL', 'fp-0', { onView: () => undefined });
    expect(first.kind).toBe('settled');
    if (first.kind !== 'settled') return;
    expect(first.view.status).toBe('failed');
    expect(first.view.progress).toEqual({ done: 2, total: 5 });

    const html = content({ phase: 'plan', view: first.view, notice: null });
    expect(htmlText(html)).toContain(
      'Fehlgeschlagen: Status »Genehmigt« in der Kategorie »In Arbeit« anlegen Meldung von Jira: ' +
        "Jira 400: A status with the name 'Genehmigt' exists.",
    );
    expect(html).toContain('>Erneut versuchen</button>');
    expect(html).toContain('role="progressbar"');

    const second = await runSetupLoop(server.invoke, 'MAIL', first.view.planFingerprint, {
      onView: () => undefined,
    });
    expect(second.kind === 'settled' && second.view.status).toBe('complete');
    // The failed step was tried twice (failed, then done); every other step exactly once.
    expect(Object.fromEntries(server.executions)).toEqual({
      'issue-type': 1,
      'status:assessed': 1,
      'status:approved': 2,
      workflow: 1,
      'workflow-scheme': 1,
    });
  });

  it('reads the failed step from getCsiSetup when the run answers setup-step-failed', async () => {
    const server = fakeSetupServer({ perCall: 5, failOnce: 'workflow', failAsError: true });
    const outcome = await runSetupLoop(server.invoke, 'MAIL', 'fp-0', { onView: () => undefined });
    expect(server.calls.map((c) => c.name)).toEqual(['runCsiSetup', 'getCsiSetup']);
    expect(outcome.kind === 'settled' && outcome.view.steps.find((s) => s.state === 'failed')?.id).toBe(
      'workflow',
    );
  });

  it('shows where the run stopped when Jira became unavailable, with the reason', async () => {
    const failedView: CsiSetupView = {
      ...planView,
      status: 'failed',
      progress: { done: 1, total: 5 },
      steps: planSteps.map((s, i) => ({
        ...s,
        state: i === 0 ? 'done' : s.id === 'status:assessed' ? 'failed' : 'planned',
        error:
          s.id === 'status:assessed'
            ? { code: 'jira-unavailable', detail: 'HTTP 503 from POST /rest/api/3/statuses' }
            : null,
      })),
    };
    const names: string[] = [];
    const invoke = ((name: string) => {
      names.push(name);
      return Promise.resolve(
        name === 'runCsiSetup'
          ? { ok: false, error: { code: 'jira-unavailable', detail: 'HTTP 503' } }
          : { ok: true, value: failedView },
      );
    }) as CsiInvoke;
    const outcome = await runSetupLoop(invoke, 'MAIL', 'fp-plan-1', { onView: () => undefined });
    expect(names).toEqual(['runCsiSetup', 'getCsiSetup']);
    expect(outcome).toEqual({
      kind: 'error',
      code: 'jira-unavailable',
      detail: 'HTTP 503',
      view: failedView,
    });
    const state = stateAfterRun(outcome, planView);
    if (state === null) throw new Error('no state');
    const shown = htmlText(content(state));
    expect(shown).toContain('Jira ist gerade nicht erreichbar oder überlastet.');
    expect(shown).toContain('Fehlgeschlagen: Status »Bewertet« in der Kategorie »Aufgaben« anlegen');
    expect(shown).toContain('HTTP 503 from POST /rest/api/3/statuses');
    expect(content(state)).toContain('>Erneut versuchen</button>');
  });

  it('answers a changed plan with the new plan to confirm, running nothing', async () => {
    const server = fakeSetupServer({ perCall: 2 });
    const outcome = await runSetupLoop(server.invoke, 'MAIL', 'fp-outdated', { onView: () => undefined });
    expect(outcome.kind).toBe('conflict');
    expect(server.runs()).toBe(0);
    if (outcome.kind !== 'conflict') return;
    const state = stateAfterRun(outcome, planView);
    expect(state).toEqual({
      phase: 'plan',
      view: server.view(),
      notice: { kind: 'conflict', detail: 'the plan changed' },
    });
    if (state === null) return;
    const html = content(state);
    expect(htmlText(html)).toContain(
      'Jira hat sich geändert, seit der Plan angezeigt wurde; es wurde nichts eingerichtet.',
    );
    expect(html).toContain('>Neuen Plan bestätigen und einrichten</button>');
  });

  it('passes a refusal on as an error, keeping the last view', async () => {
    const invoke = (() =>
      Promise.resolve({
        ok: false,
        error: { code: 'forbidden', detail: 'only Jira administrators may set up CSI' },
      })) as CsiInvoke;
    const outcome = await runSetupLoop(invoke, 'MAIL', 'fp-plan-1', { onView: () => undefined });
    expect(outcome).toEqual({
      kind: 'error',
      code: 'forbidden',
      detail: 'only Jira administrators may set up CSI',
      view: null,
    });
    const state = stateAfterRun(outcome, planView);
    if (state === null) throw new Error('no state');
    const html = content(state);
    expect(htmlText(html)).toContain('Nur Jira-Administratoren dürfen CSI einrichten.');
    expect(html).toMatch(/<button type="button" class="button-primary" disabled="">CSI einrichten<\/button>/);
  });

  it('gives up after maxCalls answers that never settle', async () => {
    const invoke = (() =>
      Promise.resolve({
        ok: true,
        value: { ...planView, status: 'running', progress: { done: 1, total: 5 } },
      })) as CsiInvoke;
    const outcome = await runSetupLoop(invoke, 'MAIL', 'fp', { onView: () => undefined, maxCalls: 3 });
    expect(outcome.kind).toBe('stalled');
  });

  it('stops quietly when the page went away', async () => {
    const server = fakeSetupServer({ perCall: 1 });
    let calls = 0;
    const outcome = await runSetupLoop(server.invoke, 'MAIL', 'fp-0', {
      onView: () => {
        calls += 1;
      },
      cancelled: () => calls >= 1,
    });
    expect(outcome.kind).toBe('cancelled');
    expect(server.runs()).toBe(2);
  });
});

describe('CsiSetupContent', () => {
  it('shows the dry-run plan first: every step as a sentence, the project style and the run button', () => {
    const html = content({ phase: 'plan', view: planView, notice: null });
    const shown = htmlText(html);
    expect(shown).toContain('CSI einrichten: E-Mail-Service');
    expect(shown).toContain('Projekttyp Vom Unternehmen verwaltet');
    expect(shown).toContain('5 von 7 Schritten ändern etwas in Jira');
    expect(shown).toContain('Die Einrichtung löscht nichts und benennt nichts um');
    expect(html.match(/<li class="plan-step/g)).toHaveLength(7);
    expect(shown).toContain('Vorgangstyp »Verbesserung (CSI)« anlegen Geplant');
    expect(html).toContain('<button type="button" class="button-primary">CSI einrichten</button>');
    // Nothing ran yet: no progress bar.
    expect(html).not.toContain('role="progressbar"');
  });

  it('shows the same plan in English', () => {
    const shown = htmlText(content({ phase: 'plan', view: planView, notice: null }, englishUi));
    expect(shown).toContain('Project type Company-managed');
    expect(shown).toContain('Create the issue type "Verbesserung (CSI)" Planned');
    expect(shown).toContain('Set up CSI');
  });

  it('shows a running setup with an accessible progress bar and the live step states', () => {
    const view: CsiSetupView = {
      ...planView,
      status: 'running',
      progress: { done: 3, total: 5 },
      steps: planSteps.map((s, i) => ({ ...s, state: i < 4 ? 'done' : i === 4 ? 'running' : 'planned' })),
    };
    const html = content({ phase: 'running', view });
    expect(html).toContain(
      'role="progressbar" aria-label="Fortschritt der Einrichtung" aria-valuemin="0" aria-valuemax="5" ' +
        'aria-valuenow="3" aria-valuetext="3 von 5 Schritten erledigt"',
    );
    expect(html).toContain('style="width:60%"');
    expect(progressPercent(view)).toBe(60);
    expect(htmlText(html)).toContain('Die Einrichtung läuft …');
    expect(html.match(/data-state="done"/g)).toHaveLength(4);
    expect(html.match(/data-state="running"/g)).toHaveLength(1);
    expect(html).toContain(
      '<button type="button" class="button-primary" disabled="">Einrichtung läuft …</button>',
    );
  });

  it('offers to continue a run that stopped midway', () => {
    const view: CsiSetupView = { ...planView, status: 'running', progress: { done: 2, total: 5 } };
    expect(content({ phase: 'plan', view, notice: null })).toContain('>Einrichtung fortsetzen</button>');
  });

  it('shows the plan read-only to someone who is not a Jira administrator, in German and English', () => {
    const view: CsiSetupView = { ...planView, canRun: false };
    const german = content({ phase: 'plan', view, notice: null });
    expect(german).not.toContain('<button');
    expect(htmlText(german)).toContain(
      'Nur Jira-Administratoren dürfen CSI einrichten. Sie sehen den Plan zur Information',
    );
    expect(htmlText(german)).toContain('Vorgangstyp »Verbesserung (CSI)« anlegen');
    const english = content({ phase: 'plan', view, notice: null }, englishUi);
    expect(english).not.toContain('<button');
    expect(htmlText(english)).toContain('Only Jira administrators may set up CSI.');
  });

  it('guides through the manual step of a team-managed project, then offers to check again', () => {
    const view: CsiSetupView = {
      ...planView,
      projectStyle: 'team-managed',
      status: 'needs-manual-step',
      steps: [
        step('status:identified', 'status', 'create', 'Erfasst', {}, 'done'),
        step('workflow', 'workflow', 'create', 'CSI-Verbesserung (Three Ways)', {}, 'done'),
        step('team-managed-issue-type', 'team-managed-issue-type', 'manual', 'Verbesserung (CSI)'),
      ],
      progress: { done: 2, total: 3 },
    };
    const html = content({ phase: 'plan', view, notice: null });
    const shown = htmlText(html);
    expect(shown).toContain('Projekttyp Vom Team verwaltet');
    expect(shown).toContain('Vorgangstyp »Verbesserung (CSI)« in den Projekteinstellungen von Hand anlegen');
    const guide = /<ol class="guide-steps">(.*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(guide.match(/<li>/g)).toHaveLength(6);
    expect(htmlText(guide)).toMatch(
      /^Öffnen Sie die Projekteinstellungen .* Wählen Sie »Vorgangstypen«\. Klicken Sie auf »Vorgangstyp hinzufügen«.* Geben Sie als Name »Verbesserung \(CSI\)« ein/,
    );
    expect(html).toContain('>Erneut prüfen</button>');
    expect(html).not.toContain('>CSI einrichten</button>');

    const stillMissing = content({
      phase: 'plan',
      view,
      notice: { kind: 'manual-missing', name: 'Verbesserung (CSI)' },
    });
    expect(htmlText(stillMissing)).toContain(
      'Der Vorgangstyp »Verbesserung (CSI)« wurde in diesem Projekt noch nicht gefunden.',
    );
    const english = htmlText(content({ phase: 'plan', view, notice: null }, englishUi));
    expect(english).toContain('Click "Add issue type"');
    expect(english).toContain('Check again');
  });

  it('shows what exists once the setup is complete', () => {
    const view: CsiSetupView = {
      ...planView,
      status: 'complete',
      steps: planSteps.map((s) => ({ ...s, state: 'done' as const })),
      progress: { done: 5, total: 5 },
      issueType: { id: '10100', name: 'Verbesserung (CSI)' },
    };
    const html = content({ phase: 'plan', view, notice: null });
    const shown = htmlText(html);
    expect(shown).toContain('CSI ist eingerichtet');
    expect(shown).toContain(
      'Im Projekt E-Mail-Service können jetzt Vorgänge vom Typ »Verbesserung (CSI)« angelegt und durch den CSI-Workflow geführt werden.',
    );
    expect(shown).toContain('Jetzt vorhanden Vorgangstyp »Verbesserung (CSI)« Status »Erfasst«');
    expect(shown).toContain('Workflow-Schema »MAIL: Default Workflow Scheme + CSI«');
    expect(html).not.toContain('<button');
    // The run's progress stays visible at 100 %.
    expect(html).toContain('aria-valuenow="5" aria-valuetext="5 von 5 Schritten erledigt"');
  });

  it('announces loading and offers to load again when Jira is unavailable', () => {
    expect(content({ phase: 'loading' })).toContain('aria-busy="true"');
    const html = content({ phase: 'load-error', code: 'jira-unavailable', detail: 'HTTP 503' });
    expect(html).toContain('role="alert"');
    expect(htmlText(html)).toContain('Jira ist gerade nicht erreichbar oder überlastet.');
    expect(html).toContain('>Erneut laden</button>');
    const notFound = content({ phase: 'load-error', code: 'not-found', detail: 'NOPE' }, englishUi);
    expect(htmlText(notFound)).toContain('The project was not found, or you may not see it.');
    expect(notFound).not.toContain('Load again</button>');
  });
});

describe('strings of the setup page', () => {
  const kinds: CsiSetupStepKind[] = [
    'issue-type',
    'status',
    'workflow',
    'issue-type-scheme',
    'workflow-scheme',
    'team-managed-issue-type',
  ];
  const actions: CsiSetupAction[] = ['reuse', 'create', 'add', 'copy-and-assign', 'nothing', 'manual'];
  const built = [
    ...CSI_ERROR_CODES.map((code) => `csiSetup.failure.${code}`),
    ...['planned', 'running', 'done', 'failed'].map((s) => `csiSetup.state.${s}`),
    ...['not-set-up', 'running', 'failed', 'needs-manual-step', 'complete'].map(
      (s) => `csiSetup.status.${s}`,
    ),
    ...['company-managed', 'team-managed'].map((s) => `csiSetup.style.${s}`),
    ...['de', 'en'].map((l) => `csiSetup.language.${l}`),
    ...['TODO', 'IN_PROGRESS', 'DONE'].map((c) => `csiSetup.category.${c}`),
    ...kinds.flatMap((kind) => [`csiSetup.kind.${kind}`, `csiSetup.exists.${kind}`]),
    ...actions.map((action) => `csiSetup.actionCode.${action}`),
    'csiSetup.step.workflow-scheme.copy-and-assign.unnamed',
    'csiSetup.step.issue-type-scheme.copy-and-assign.unnamed',
  ];

  it.each([
    ['de-DE', germanMessages as Record<string, string>],
    ['en-US', englishMessages as Record<string, string>],
  ])('%s has every key the page builds from codes', (_locale, messages) => {
    expect(built.filter((key) => typeof messages[key] !== 'string' || messages[key] === '')).toEqual([]);
  });

  it('reads every combination of kind and action as a sentence without an open placeholder', () => {
    for (const i18n of [germanUi, englishUi]) {
      for (const kind of kinds) {
        for (const action of actions) {
          const sentence = stepSentence(step('x', kind, action, 'Name'), i18n.t);
          expect(sentence).toContain('Name');
          expect(sentence).not.toMatch(/[{}]|csiSetup\./);
        }
      }
    }
  });
});
