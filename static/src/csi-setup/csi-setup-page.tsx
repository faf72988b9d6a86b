/**
 * The CSI setup page (`jira:projectSettingsPage` "CSI einrichten"): shows the dry-run plan first — every change as
 * a sentence — then, on the administrator's confirmation, runs it with a progress bar and the steps' states live.
 * A failed step is named with Jira's message and can be resumed; a plan that changed in between is shown again for
 * confirmation; a team-managed project gets a guide for the one step Jira's API does not offer.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CsiErrorCode, CsiSetupStepView, CsiSetupView } from '../../../src/contract/csi';
import type { UiI18n } from '../i18n/load';
import { CsiErrorState } from './csi-error';
import type { CsiInvoke } from './csi-invoke';
import {
  createdByApp,
  existsSentence,
  failedStep,
  manualIssueTypeName,
  pendingManualStep,
  progressPercent,
  runSetupLoop,
  stepSentence,
  stepWarning,
  type RunOutcome,
} from './setup-model';
import { LoadingState } from '../shared/loading-state';

/** Something to tell the administrator about the last action, next to the plan. */
export type SetupNotice =
  | { readonly kind: 'conflict'; readonly detail: string }
  | { readonly kind: 'error'; readonly code: CsiErrorCode; readonly detail: string }
  | { readonly kind: 'stalled' }
  | { readonly kind: 'manual-missing'; readonly name: string };

export type SetupPageState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'load-error'; readonly code: CsiErrorCode; readonly detail: string }
  /** The plan (or the result of the last run) is shown; nothing is running. */
  | { readonly phase: 'plan'; readonly view: CsiSetupView; readonly notice: SetupNotice | null }
  /** Run calls are in flight; `view` is the latest answer. */
  | { readonly phase: 'running'; readonly view: CsiSetupView };

/** The page state after a run loop ended. */
export function stateAfterRun(outcome: RunOutcome, before: CsiSetupView): SetupPageState | null {
  switch (outcome.kind) {
    case 'cancelled':
      return null;
    case 'settled':
      return { phase: 'plan', view: outcome.view, notice: null };
    case 'conflict':
      return { phase: 'plan', view: outcome.view, notice: { kind: 'conflict', detail: outcome.detail } };
    case 'stalled':
      return { phase: 'plan', view: outcome.view, notice: { kind: 'stalled' } };
    case 'error':
      return {
        phase: 'plan',
        view: outcome.view ?? before,
        notice: { kind: 'error', code: outcome.code, detail: outcome.detail },
      };
  }
}

export interface CsiSetupPageProps {
  readonly projectKey: string;
  readonly invoke: CsiInvoke;
  readonly i18n: UiI18n;
}

export function CsiSetupPage({ projectKey, invoke, i18n }: CsiSetupPageProps) {
  const [state, setState] = useState<SetupPageState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void invoke('getCsiSetup', { projectKey }).then((answer) => {
      if (!current) return;
      setState(
        answer.ok
          ? { phase: 'plan', view: answer.value, notice: null }
          : { phase: 'load-error', ...answer.error },
      );
    });
    return () => {
      current = false;
    };
  }, [invoke, projectKey, attempt]);

  // When a run ends, the button that started it may be gone: move focus to the outcome so it is read out.
  const previousPhase = useRef(state.phase);
  useEffect(() => {
    if (previousPhase.current === 'running' && state.phase === 'plan')
      document.getElementById('csi-setup-status')?.focus();
    previousPhase.current = state.phase;
  }, [state.phase]);

  const run = useCallback(
    async (view: CsiSetupView): Promise<void> => {
      setState({ phase: 'running', view });
      const outcome = await runSetupLoop(invoke, projectKey, view.planFingerprint, {
        onView: (next) => {
          if (mounted.current) setState({ phase: 'running', view: next });
        },
        cancelled: () => !mounted.current,
      });
      const next = stateAfterRun(outcome, view);
      if (next !== null && mounted.current) setState(next);
    },
    [invoke, projectKey],
  );

  /** Team-managed: looks again whether the admin created the issue type; if so, the run continues. */
  const recheck = useCallback(
    async (before: CsiSetupView): Promise<void> => {
      setState({ phase: 'running', view: before });
      const answer = await invoke('getCsiSetup', { projectKey });
      if (!mounted.current) return;
      if (!answer.ok) {
        setState({ phase: 'plan', view: before, notice: { kind: 'error', ...answer.error } });
        return;
      }
      const manual = pendingManualStep(answer.value);
      if (manual !== null) {
        const name = manualIssueTypeName(manual, answer.value.language);
        setState({ phase: 'plan', view: answer.value, notice: { kind: 'manual-missing', name } });
        return;
      }
      if (answer.value.status === 'complete' || !answer.value.canRun) {
        setState({ phase: 'plan', view: answer.value, notice: null });
        return;
      }
      await run(answer.value);
    },
    [invoke, projectKey, run],
  );

  return (
    <CsiSetupContent
      projectKey={projectKey}
      state={state}
      i18n={i18n}
      onRun={(view) => {
        void run(view);
      }}
      onRecheck={(view) => {
        void recheck(view);
      }}
      onReload={() => {
        setAttempt((n) => n + 1);
      }}
    />
  );
}

export interface CsiSetupContentProps {
  readonly projectKey: string;
  readonly state: SetupPageState;
  readonly i18n: UiI18n;
  /** Runs (or resumes) the shown plan. */
  readonly onRun: (view: CsiSetupView) => void;
  /** Team-managed: checks again for the issue type created by hand. */
  readonly onRecheck: (view: CsiSetupView) => void;
  /** Loads the page again. */
  readonly onReload: () => void;
}

/** Everything the page shows for a state (rendered on its own in the tests). */
export function CsiSetupContent({
  projectKey,
  state,
  i18n,
  onRun,
  onRecheck,
  onReload,
}: CsiSetupContentProps) {
  const { t } = i18n;
  if (state.phase === 'loading') {
    return (
      <main className="csi-setup page">
        <h1>{t('csiSetup.heading', { project: projectKey })}</h1>
        <LoadingState label={t('csiSetup.loading')} />
      </main>
    );
  }
  if (state.phase === 'load-error') {
    return (
      <main className="csi-setup page">
        <h1>{t('csiSetup.heading', { project: projectKey })}</h1>
        <CsiErrorState
          area="csiSetup"
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          onRetry={onReload}
        />
      </main>
    );
  }
  const { view } = state;
  const running = state.phase === 'running';
  const notice = state.phase === 'plan' ? state.notice : null;
  const manual = pendingManualStep(view);
  const failed = failedStep(view);
  return (
    <main className="csi-setup page" aria-busy={running}>
      <h1>{t('csiSetup.heading', { project: view.projectName })}</h1>
      <p className="subtle">{t('csiSetup.intro')}</p>
      <dl className="setup-facts">
        <div>
          <dt>{t('csiSetup.fact.project')}</dt>
          <dd>
            {view.projectName} ({view.projectKey})
          </dd>
        </div>
        <div>
          <dt>{t('csiSetup.fact.style')}</dt>
          <dd data-testid="project-style">{t(`csiSetup.style.${view.projectStyle}`)}</dd>
        </div>
        <div>
          <dt>{t('csiSetup.fact.language')}</dt>
          <dd>{t(`csiSetup.language.${view.language}`)}</dd>
        </div>
      </dl>

      <p
        id="csi-setup-status"
        tabIndex={-1}
        className={`setup-status status-${view.status}`}
        role="status"
        aria-live="polite"
        data-testid="setup-status"
      >
        {running ? t('csiSetup.status.inProgress') : t(`csiSetup.status.${view.status}`)}
      </p>

      {(running || view.progress.done > 0) && <SetupProgress view={view} i18n={i18n} />}

      {notice !== null && <NoticeBox notice={notice} i18n={i18n} />}

      {!running && view.status === 'failed' && failed !== null && <FailedStep step={failed} i18n={i18n} />}

      {view.status === 'complete' ? (
        <CompleteState view={view} i18n={i18n} />
      ) : (
        <PlanList view={view} i18n={i18n} />
      )}

      {manual !== null && view.status !== 'complete' && <ManualGuide view={view} step={manual} i18n={i18n} />}

      {view.status !== 'complete' && (
        <Actions
          view={view}
          running={running}
          notice={notice}
          manual={manual}
          i18n={i18n}
          onRun={onRun}
          onRecheck={onRecheck}
        />
      )}
    </main>
  );
}

function SetupProgress({ view, i18n }: { readonly view: CsiSetupView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const { done, total } = view.progress;
  const percent = progressPercent(view);
  const label = t('csiSetup.progress.of', { done, total });
  return (
    <div className="setup-progress" data-testid="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={t('csiSetup.progress.label')}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.min(done, total)}
        aria-valuetext={label}
      >
        <span className="progress-fill" style={{ width: `${String(percent)}%` }} />
      </div>
      <span>{label}</span>
    </div>
  );
}

function NoticeBox({ notice, i18n }: { readonly notice: SetupNotice; readonly i18n: UiI18n }) {
  const { t } = i18n;
  switch (notice.kind) {
    case 'conflict':
      return (
        <div className="note note-warning" role="alert" data-testid="notice-conflict">
          <p>{t('csiSetup.notice.conflict')}</p>
          <details>
            <summary>{t('csiSetup.technicalDetail')}</summary>
            <code>{notice.detail}</code>
          </details>
        </div>
      );
    case 'stalled':
      return (
        <div className="note note-warning" role="alert" data-testid="notice-stalled">
          <p>{t('csiSetup.notice.stalled')}</p>
        </div>
      );
    case 'manual-missing':
      return (
        <div className="note note-warning" role="alert" data-testid="notice-manual">
          <p>{t('csiSetup.notice.manualMissing', { name: notice.name })}</p>
        </div>
      );
    case 'error':
      return (
        <div className="note note-danger" role="alert" data-testid="notice-error">
          <p>{t(`csiSetup.failure.${notice.code}`)}</p>
          <details>
            <summary>{t('csiSetup.technicalDetail')}</summary>
            <code>
              {notice.code}: {notice.detail}
            </code>
          </details>
        </div>
      );
  }
}

function FailedStep({ step, i18n }: { readonly step: CsiSetupStepView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  return (
    <div className="note note-danger" role="alert" data-testid="failed-step">
      <h2>{t('csiSetup.failed.heading')}</h2>
      <p>{t('csiSetup.failed.step', { step: stepSentence(step, t) })}</p>
      {step.error !== null && (
        <p>
          {t('csiSetup.failed.detail')} <q className="jira-message">{step.error.detail}</q>
        </p>
      )}
      <p className="subtle">{t('csiSetup.failed.resume')}</p>
    </div>
  );
}

function StepStateBadge({ step, i18n }: { readonly step: CsiSetupStepView; readonly i18n: UiI18n }) {
  return (
    <span className={`step-state state-${step.state}`} data-state={step.state}>
      {i18n.t(`csiSetup.state.${step.state}`)}
    </span>
  );
}

function StepWarning({ step, i18n }: { readonly step: CsiSetupStepView; readonly i18n: UiI18n }) {
  const warning = stepWarning(step, i18n.t);
  if (warning === null) return null;
  return (
    <p className="step-warning" data-warning={step.id}>
      {i18n.t('csiSetup.warningPrefix')} {warning}
    </p>
  );
}

/** Whether a step changes something in Jira (the others only adopt what exists). */
function changesJira(step: CsiSetupStepView): boolean {
  return step.action !== 'reuse' && step.action !== 'nothing';
}

function PlanList({ view, i18n }: { readonly view: CsiSetupView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const changes = view.steps.filter(changesJira).length;
  return (
    <section aria-labelledby="plan-heading" className="setup-section stack" data-testid="plan">
      <h2 id="plan-heading">{t('csiSetup.plan.heading')}</h2>
      <p className="subtle">
        {t('csiSetup.plan.summary', { changes, steps: view.steps.length })} {t('csiSetup.plan.safe')}
      </p>
      <ol className="plan-list">
        {view.steps.map((step) => (
          <li key={step.id} className={`plan-step action-${step.action}`} data-step={step.id}>
            <span className="step-sentence">{stepSentence(step, t)}</span>
            {createdByApp(step) && (
              <span className="subtle created-by-app">{t('csiSetup.createdByApp')} </span>
            )}
            <StepStateBadge step={step} i18n={i18n} />
            <StepWarning step={step} i18n={i18n} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function CompleteState({ view, i18n }: { readonly view: CsiSetupView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  return (
    <section
      aria-labelledby="complete-heading"
      className="setup-section stack state-success-box"
      data-testid="complete"
    >
      <h2 id="complete-heading">{t('csiSetup.complete.heading')}</h2>
      <p>
        {view.issueType === null
          ? t('csiSetup.complete.summary', { project: view.projectName })
          : t('csiSetup.complete.summaryWithType', {
              project: view.projectName,
              issueType: view.issueType.name,
            })}
      </p>
      <h3>{t('csiSetup.complete.existsHeading')}</h3>
      <ul className="exists-list">
        {view.steps.map((step) => (
          <li key={step.id}>{existsSentence(step, t)}</li>
        ))}
      </ul>
      <p className="subtle">{t('csiSetup.complete.next')}</p>
    </section>
  );
}

function ManualGuide({
  view,
  step,
  i18n,
}: {
  readonly view: CsiSetupView;
  readonly step: CsiSetupStepView;
  readonly i18n: UiI18n;
}) {
  const { t } = i18n;
  const name = manualIssueTypeName(step, view.language);
  return (
    <section aria-labelledby="guide-heading" className="setup-section stack guide" data-testid="manual-guide">
      <h2 id="guide-heading">{t('csiSetup.guide.heading')}</h2>
      <p>{t('csiSetup.guide.why')}</p>
      <ol className="guide-steps">
        <li>{t('csiSetup.guide.step1')}</li>
        <li>{t('csiSetup.guide.step2')}</li>
        <li>{t('csiSetup.guide.step3')}</li>
        <li>{t('csiSetup.guide.step4', { name })}</li>
        <li>{t('csiSetup.guide.step5')}</li>
        <li>{t('csiSetup.guide.step6')}</li>
      </ol>
    </section>
  );
}

interface ActionsProps {
  readonly view: CsiSetupView;
  readonly running: boolean;
  readonly notice: SetupNotice | null;
  readonly manual: CsiSetupStepView | null;
  readonly i18n: UiI18n;
  readonly onRun: (view: CsiSetupView) => void;
  readonly onRecheck: (view: CsiSetupView) => void;
}

function Actions({ view, running, notice, manual, i18n, onRun, onRecheck }: ActionsProps) {
  const { t } = i18n;
  if (!view.canRun) {
    return (
      <p className="note" data-testid="admin-only">
        {t('csiSetup.adminOnly')}
      </p>
    );
  }
  const forbidden = notice?.kind === 'error' && notice.code === 'forbidden';
  // The manual step blocks the run only once the automatic part is done (`needs-manual-step`).
  const waitingForManual = manual !== null && view.status === 'needs-manual-step';
  const runLabel = running
    ? t('csiSetup.action.running')
    : notice?.kind === 'conflict'
      ? t('csiSetup.action.confirmNewPlan')
      : view.status === 'failed'
        ? t('csiSetup.action.retry')
        : view.status === 'running'
          ? t('csiSetup.action.continue')
          : t('csiSetup.action.run');
  return (
    <div className="button-row setup-actions">
      {waitingForManual ? (
        <button
          type="button"
          className="button-primary"
          disabled={running}
          onClick={() => {
            onRecheck(view);
          }}
        >
          {t('csiSetup.action.recheck')}
        </button>
      ) : (
        <button
          type="button"
          className="button-primary"
          disabled={running || forbidden}
          onClick={() => {
            onRun(view);
          }}
        >
          {runLabel}
        </button>
      )}
      {running && <span className="subtle">{t('csiSetup.runningHint')}</span>}
    </div>
  );
}
