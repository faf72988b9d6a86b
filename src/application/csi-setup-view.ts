/**
 * The CSI setup's view: the planner's plan merged with the run the administrator confirmed (so the plan and its
 * fingerprint stay the same while the run goes on), with each step's state and the setup's status.
 */
import type { CsiSetupStepView, CsiSetupView } from '../contract/csi';
import {
  NO_CHANGE_ACTIONS,
  planFingerprint,
  type CsiPlan,
  type CsiPlanStep,
  type CsiSetupSnapshot,
} from '../domain/csi/provisioning';
import type { CsiSetupState } from './csi-setup-state';

/**
 * The plan's steps as the confirmed run sees them: a step the run did (or began), which Jira's state now shows as
 * `reuse`/`nothing` (or under the copy's name), keeps the action, subject and params confirmed, so the plan and
 * its fingerprint stay the same while the run goes on. The id Jira has now (`targetId`) is kept for the run.
 */
export function mergedSteps(plan: CsiPlan, state: CsiSetupState): CsiPlanStep[] {
  const planned = state.session?.planned ?? {};
  return plan.steps.map((step) => {
    const original = planned[step.id];
    // The administrator's manual step shows as adopted once done (the next plan is confirmed with it).
    if (original === undefined || original.action === 'manual' || NO_CHANGE_ACTIONS.has(original.action)) {
      return step;
    }
    const progressed =
      NO_CHANGE_ACTIONS.has(step.action) ||
      (step.action === original.action && step.subject !== original.subject);
    return progressed
      ? { ...step, action: original.action, subject: original.subject, params: original.params }
      : step;
  });
}

function isManualOutstanding(step: CsiPlanStep): boolean {
  return step.action === 'manual';
}

/** The view of a plan and the stored state. */
export function buildCsiSetupView(
  snapshot: CsiSetupSnapshot,
  plan: CsiPlan,
  state: CsiSetupState,
  canRun: boolean,
): CsiSetupView {
  const steps = mergedSteps(plan, state);
  const done = new Set(state.session?.done ?? []);
  const complete = plan.complete;
  const failure = state.failure;
  const views: CsiSetupStepView[] = steps.map((step) => {
    const failed = failure !== null && failure.stepId === step.id;
    const running = state.pendingTask?.stepId === step.id && !complete;
    return {
      id: step.id,
      kind: step.kind,
      action: step.action,
      subject: step.subject,
      params: step.params,
      state: failed ? 'failed' : running ? 'running' : complete || done.has(step.id) ? 'done' : 'planned',
      error: failed ? { code: failure.code, detail: failure.detail } : null,
    };
  });
  const firstOpen = views.find((view) => view.state !== 'done' && !NO_CHANGE_ACTIONS.has(view.action));
  const firstOpenStep = steps.find((step) => step.id === firstOpen?.id);
  const status: CsiSetupView['status'] = complete
    ? 'complete'
    : state.failure !== null
      ? 'failed'
      : firstOpenStep !== undefined && isManualOutstanding(firstOpenStep)
        ? 'needs-manual-step'
        : state.session !== null || state.pendingTask !== null
          ? 'running'
          : 'not-set-up';
  const withWork = views.filter((view) => !NO_CHANGE_ACTIONS.has(view.action));
  return {
    projectKey: snapshot.project.key,
    projectId: snapshot.project.id,
    projectName: snapshot.project.name,
    projectStyle: snapshot.project.style,
    canRun,
    status,
    language: snapshot.language,
    steps: views,
    planFingerprint: planFingerprint(steps),
    progress: { done: withWork.filter((view) => view.state === 'done').length, total: withWork.length },
    issueType: plan.issueType,
  };
}
