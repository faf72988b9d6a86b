/**
 * The CSI setup page's logic without React: the sentence that describes each plan step, the guided steps for a
 * team-managed project, and the run loop that calls `runCsiSetup` until the setup is complete, failed or waits for
 * the administrator's manual step.
 */
import type { CsiErrorCode, CsiSetupStepView, CsiSetupView } from '../../../src/contract/csi';
import { CSI_ISSUE_TYPE_NAMES } from '../../../src/contract/csi-rules';
import type { Translate } from '../i18n/translator';
import type { CsiInvoke } from './csi-invoke';

/** Jira's status categories as the workflow APIs name them (and how the plan may pass them in `params`). */
const CATEGORIES = new Set(['TODO', 'IN_PROGRESS', 'DONE']);

/** The first of `names` that `params` holds as a non-empty string. */
function param(step: CsiSetupStepView, ...names: string[]): string | null {
  for (const name of names) {
    const value = step.params[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return null;
}

/** Name of the copy a `copy-and-assign` step creates, when the plan names it. */
export function copyNameOf(step: CsiSetupStepView): string | null {
  return param(step, 'copy', 'copyName', 'newScheme', 'newName');
}

/**
 * The step as a sentence in the UI language, from `kind` + `action` + `subject` + `params`, e.g.
 * "Vorgangstyp »Verbesserung (CSI)« anlegen" or "Workflow-Schema »Default Workflow Scheme« wird mit anderen
 * Projekten geteilt: das Projekt erhält eine eigene Kopie »HD: Default Workflow Scheme + CSI« und wird darauf
 * umgestellt". A combination without its own sentence reads "<kind> »subject«: <action>".
 */
export function stepSentence(step: CsiSetupStepView, t: Translate): string {
  const base = `csiSetup.step.${step.kind}.${step.action}`;
  const values: Record<string, string> = { ...step.params, subject: step.subject };
  let key = base;
  if (step.action === 'copy-and-assign') {
    const copy = copyNameOf(step);
    if (copy === null) key = `${base}.unnamed`;
    else values['copy'] = copy;
  } else if (step.kind === 'status' && step.action === 'create') {
    const category = param(step, 'category', 'statusCategory');
    if (category !== null && CATEGORIES.has(category)) {
      key = 'csiSetup.step.status.create.category';
      values['category'] = t(`csiSetup.category.${category}`);
    }
  }
  const sentence = t(key, values);
  if (sentence !== key) return sentence;
  return t('csiSetup.step.generic', {
    kind: t(`csiSetup.kind.${step.kind}`),
    subject: step.subject,
    action: t(`csiSetup.actionCode.${step.action}`),
  });
}

/**
 * What the plan warns about for a step, as a sentence: a reused status whose Jira category differs from the CSI
 * workflow's (`foundCategory`), or a workflow that cannot be created because the app's validator is missing
 * (`problem: validator-missing`). Null when there is nothing to warn about.
 */
export function stepWarning(step: CsiSetupStepView, t: Translate): string | null {
  const problem = param(step, 'problem');
  if (problem !== null) {
    const key = `csiSetup.problem.${problem}`;
    const text = t(key);
    return text === key ? t('csiSetup.problem.other', { problem }) : text;
  }
  const found = param(step, 'foundCategory');
  const wanted = param(step, 'category');
  if (step.kind === 'status' && found !== null && CATEGORIES.has(found)) {
    return t('csiSetup.problem.otherCategory', {
      found: t(`csiSetup.category.${found}`),
      wanted: wanted !== null && CATEGORIES.has(wanted) ? t(`csiSetup.category.${wanted}`) : '–',
    });
  }
  return null;
}

/** Whether the app created what the step reuses (in an earlier run). */
export function createdByApp(step: CsiSetupStepView): boolean {
  return step.params['createdByApp'] === 'true';
}

/** What a step leaves in Jira once done, for the success state ("Status »Erfasst«"). */
export function existsSentence(step: CsiSetupStepView, t: Translate): string {
  const subject = step.action === 'copy-and-assign' ? (copyNameOf(step) ?? step.subject) : step.subject;
  return t(`csiSetup.exists.${step.kind}`, { subject });
}

/** The manual step of a team-managed plan that is not done yet, if any. */
export function pendingManualStep(view: CsiSetupView): CsiSetupStepView | null {
  return view.steps.find((step) => step.action === 'manual' && step.state !== 'done') ?? null;
}

/** The name the administrator gives the issue type by hand (the plan's subject, else the app's name). */
export function manualIssueTypeName(step: CsiSetupStepView | null, language: 'de' | 'en'): string {
  const named = step === null ? null : (param(step, 'name', 'issueTypeName') ?? step.subject);
  return named !== null && named.trim() !== '' ? named : CSI_ISSUE_TYPE_NAMES[language];
}

/** The failed step of a view (the one the run stopped at). */
export function failedStep(view: CsiSetupView): CsiSetupStepView | null {
  return view.steps.find((step) => step.state === 'failed') ?? null;
}

/** Whether the view has nothing more the run loop could do. */
export function isSettled(view: CsiSetupView): boolean {
  return view.status === 'complete' || view.status === 'failed' || view.status === 'needs-manual-step';
}

/** Share of the progress as a whole percentage 0..100 (100 when there is nothing to do). */
export function progressPercent(view: CsiSetupView): number {
  const { done, total } = view.progress;
  if (total <= 0) return 100;
  return Math.round((Math.min(Math.max(done, 0), total) / total) * 100);
}

export type RunOutcome =
  /** The run reached `complete`, `failed` or `needs-manual-step`. */
  | { readonly kind: 'settled'; readonly view: CsiSetupView }
  /** Jira changed since the plan was shown: the new plan (from `getCsiSetup`) waits to be confirmed. */
  | { readonly kind: 'conflict'; readonly view: CsiSetupView; readonly detail: string }
  /** A call failed (forbidden, Jira unavailable, …); `view` is the last known state, if any. */
  | {
      readonly kind: 'error';
      readonly code: CsiErrorCode;
      readonly detail: string;
      readonly view: CsiSetupView | null;
    }
  /** The page went away (or the project changed) while running. */
  | { readonly kind: 'cancelled' }
  /** `maxCalls` run calls did not settle the setup (the server keeps answering `running`). */
  | { readonly kind: 'stalled'; readonly view: CsiSetupView };

export interface RunLoopOptions {
  /** Called with every view a run call answers (the live progress and step states). */
  readonly onView: (view: CsiSetupView) => void;
  /** True once the caller is no longer interested (unmounted). */
  readonly cancelled?: () => boolean;
  /** Upper bound on run calls (each runs at most ~15 s on the server); default 200. */
  readonly maxCalls?: number;
}

/**
 * Runs the confirmed plan: calls `runCsiSetup` again and again until the view is settled
 * (`complete`/`failed`/`needs-manual-step`). The first call sends the fingerprint the administrator confirmed;
 * each later call sends the fingerprint of the previous answer (the server answers with the plan of the run in
 * progress, whose steps it re-plans from Jira as they complete). A `conflict` answer fetches the new plan with
 * `getCsiSetup` for the administrator to confirm; a `setup-step-failed` answer fetches the view naming the failed
 * step; `jira-unavailable` fetches it as well (a step may have stopped there) and is passed on as an error. A
 * rerun after a failure calls this again with the failed view's fingerprint: the server resumes there.
 *
 * @example
 * const outcome = await runSetupLoop(invoke, 'HD', view.planFingerprint, { onView: setView });
 * // outcome.kind === 'settled' && outcome.view.status === 'complete'
 */
export async function runSetupLoop(
  invoke: CsiInvoke,
  projectKey: string,
  planFingerprint: string,
  options: RunLoopOptions,
): Promise<RunOutcome> {
  const cancelled = options.cancelled ?? (() => false);
  const maxCalls = options.maxCalls ?? 200;
  let fingerprint = planFingerprint;
  let last: CsiSetupView | null = null;
  for (let call = 0; call < maxCalls; call += 1) {
    const answer = await invoke('runCsiSetup', { projectKey, planFingerprint: fingerprint });
    if (cancelled()) return { kind: 'cancelled' };
    if (!answer.ok) {
      const { code, detail } = answer.error;
      if (code === 'conflict' || code === 'setup-step-failed' || code === 'jira-unavailable') {
        // The server stored where it stopped: show that state (the failed step, or the new plan).
        const fresh = await invoke('getCsiSetup', { projectKey });
        if (cancelled()) return { kind: 'cancelled' };
        if (!fresh.ok) return { kind: 'error', code, detail, view: last };
        options.onView(fresh.value);
        if (code === 'conflict') return { kind: 'conflict', view: fresh.value, detail };
        if (code === 'jira-unavailable') return { kind: 'error', code, detail, view: fresh.value };
        return { kind: 'settled', view: fresh.value };
      }
      return { kind: 'error', code, detail, view: last };
    }
    last = answer.value;
    options.onView(last);
    if (isSettled(last)) return { kind: 'settled', view: last };
    fingerprint = last.planFingerprint;
  }
  return last === null
    ? { kind: 'error', code: 'internal', detail: 'no run call', view: null }
    : { kind: 'stalled', view: last };
}
