/**
 * The CSI setup of a project (`getCsiSetup`, `runCsiSetup`): reads Jira into a snapshot, plans with the pure
 * planner (`domain/csi/provisioning.ts`), shows the plan, and runs it step by step within a time budget.
 *
 * Jira is the source of truth: every call plans again from what Jira holds. The store (`csi-setup:<projectId>`,
 * optimistic versions) only remembers what Jira cannot tell: the ids the app created (it deletes and renames
 * nothing, and nothing it did not create), the copies of schemes it made for the project, the run in progress
 * (the actions it confirmed, the steps done), a pending workflow-scheme task, and the failed step with its error.
 * So a run is idempotent (a second run finds everything and changes nothing) and resumable (a rerun after a
 * failure plans from Jira again and finishes without duplicates).
 *
 * This module is the runner and the two use cases; the setup's parts are the state (`csi-setup-state.ts`), the
 * reading of Jira (`csi-setup-snapshot.ts`), the view (`csi-setup-view.ts`) and the steps (`csi-setup-steps.ts`),
 * around the pure planner in `domain/csi/provisioning.ts`.
 */
import type { CsiErrorCode, CsiSetupView } from '../contract/csi';
import { planCsiSetup, type CsiLanguage } from '../domain/csi/provisioning';
import { csiLanguageOfLocale } from '../domain/csi/transition-rules';
import { readCsiSnapshot } from './csi-setup-snapshot';
import {
  csiSetupStoreKey,
  CsiSetupConflictError,
  CsiSetupForbiddenError,
  CsiSetupStepError,
  EMPTY_STATE,
  LEASE_MS,
  RUN_BUDGET_MS,
  StepProblem,
  type CsiSetupDeps,
  type CsiSetupState,
  type PlannedStep,
  type RunContext,
} from './csi-setup-state';
import { executeStep } from './csi-setup-steps';
import { buildCsiSetupView, mergedSteps } from './csi-setup-view';
import { JiraAccessError, JiraUnavailableError } from './errors';
import type { JiraProject } from './ports/jira-port';
import { StoreConflictError } from './ports/store-port';

export {
  CsiSetupConflictError,
  CsiSetupForbiddenError,
  CsiSetupStepError,
  type CsiSetupDeps,
  type CsiSetupState,
  type PlannedStep,
} from './csi-setup-state';

interface Loaded {
  readonly project: JiraProject;
  readonly canRun: boolean;
  readonly language: CsiLanguage;
  readonly state: CsiSetupState;
  readonly version: number | null;
}

async function load(deps: CsiSetupDeps, projectKey: string): Promise<Loaded> {
  const { jira, store } = deps;
  const [project, permissions, myself] = await Promise.all([
    jira.getProject(projectKey),
    jira.getMyPermissions(['ADMINISTER']),
    jira.getMyself(),
  ]);
  const stored = await store.get<CsiSetupState>(csiSetupStoreKey(project.id));
  const state = stored === null ? EMPTY_STATE : { ...EMPTY_STATE, ...stored.value };
  return {
    project,
    canRun: permissions['ADMINISTER'] === true,
    // A run in progress keeps the language it started with, whoever continues it.
    language: state.session?.language ?? csiLanguageOfLocale(myself.locale),
    state,
    version: stored?.version ?? null,
  };
}

/** The plan (dry run) and the state of the project's CSI setup. */
export async function getCsiSetup(deps: CsiSetupDeps, projectKey: string): Promise<CsiSetupView> {
  const loaded = await load(deps, projectKey);
  const snapshot = await readCsiSnapshot(deps.jira, loaded.project, loaded.language, loaded.state);
  return buildCsiSetupView(snapshot, planCsiSetup(snapshot), loaded.state, loaded.canRun);
}

/** The English detail of a failed Jira call or problem, with what to do. */
function describeFailure(error: unknown): { code: CsiErrorCode; detail: string } {
  if (error instanceof JiraUnavailableError) {
    return {
      code: 'jira-unavailable',
      detail: `${error.message}. Jira is busy or unavailable; run the setup again in a moment to resume.`,
    };
  }
  if (error instanceof JiraAccessError || error instanceof StepProblem) {
    return { code: 'setup-step-failed', detail: error.message };
  }
  throw error;
}

/**
 * Runs the confirmed plan's next steps for at most the budget and answers with the progress. Refuses
 * ({@link CsiSetupForbiddenError}) unless the user is a Jira administrator, and ({@link CsiSetupConflictError})
 * when the plan is no longer the one confirmed or another run is working. A failing step is stored and thrown as
 * {@link CsiSetupStepError}; the next run resumes there.
 */
export async function runCsiSetup(
  deps: CsiSetupDeps,
  projectKey: string,
  fingerprint: string,
): Promise<CsiSetupView> {
  const startMs = deps.clock();
  const deadlineMs = startMs + (deps.budgetMs ?? RUN_BUDGET_MS);
  const loaded = await load(deps, projectKey);
  if (!loaded.canRun) {
    throw new CsiSetupForbiddenError(
      'Only Jira administrators may set up CSI (it creates issue types, statuses, workflows and schemes). ' +
        'Ask a Jira administrator to run it.',
    );
  }
  if (loaded.state.leaseUntilMs !== null && loaded.state.leaseUntilMs > startMs) {
    throw new CsiSetupConflictError(
      'Another run of the CSI setup for this project is in progress. Wait a moment and reload.',
    );
  }
  const { jira, store } = deps;
  const key = csiSetupStoreKey(loaded.project.id);
  let snapshot = await readCsiSnapshot(jira, loaded.project, loaded.language, loaded.state);
  let plan = planCsiSetup(snapshot);
  const view = buildCsiSetupView(snapshot, plan, loaded.state, true);
  if (view.planFingerprint !== fingerprint) {
    throw new CsiSetupConflictError(
      'Jira changed since the plan was shown (or it was made for another language). Review the new plan and confirm it again.',
    );
  }

  let state: CsiSetupState = {
    ...loaded.state,
    session: loaded.state.session ?? {
      fingerprint,
      language: loaded.language,
      planned: Object.fromEntries(
        plan.steps.map((step): [string, PlannedStep] => [
          step.id,
          { action: step.action, subject: step.subject, params: step.params },
        ]),
      ),
      done: [],
      startedAtMs: startMs,
    },
    failure: null,
    leaseUntilMs: startMs + LEASE_MS,
  };
  let version = loaded.version;
  const save = async (next: CsiSetupState): Promise<void> => {
    state = next;
    version = (await store.put<CsiSetupState>(key, state, version)).version;
  };
  try {
    await save(state);
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    throw new CsiSetupConflictError(
      'Another run of the CSI setup for this project started at the same moment. Wait a moment and reload.',
    );
  }

  const steps = mergedSteps(plan, state);
  const context: RunContext = {
    snapshot,
    plan,
    catalogueChanged: false,
    issueTypeId: plan.issueType?.id ?? null,
    statuses: new Map(),
    workflow: null,
  };
  const markDone = async (ids: readonly string[], extra: Partial<CsiSetupState> = {}): Promise<void> => {
    const session = state.session;
    if (session === null) return;
    await save({
      ...state,
      ...extra,
      session: { ...session, done: [...new Set([...session.done, ...ids])] },
    });
  };
  const remember = async (extra: Partial<CsiSetupState>): Promise<void> => {
    await save({ ...state, ...extra });
  };
  /** Gives the lease back after an unexpected failure (best effort: the lease also runs out by itself). */
  const release = async (): Promise<void> => {
    try {
      await save({ ...state, leaseUntilMs: null });
    } catch {
      // Someone else wrote the state meanwhile; their run owns it now.
    }
  };

  let stopped = false;
  let worked = 0;
  for (const step of steps) {
    if (stopped) break;
    const alreadyDone = state.session?.done.includes(step.id) === true;
    if (!alreadyDone && step.action === 'manual') break; // the administrator's turn
    // At least one step per call, so a call always makes progress.
    if (!alreadyDone && worked > 0 && deps.clock() >= deadlineMs) break;
    if (!alreadyDone) worked++;
    try {
      const outcome = await executeStep(deps, step, steps, context, state, alreadyDone, deadlineMs, remember);
      if (outcome.kind === 'waiting') {
        stopped = true;
        continue;
      }
      if (!alreadyDone) await markDone(outcome.doneIds);
    } catch (error) {
      let failure: { code: CsiErrorCode; detail: string };
      try {
        failure = describeFailure(error);
      } catch (unexpected) {
        await release();
        throw unexpected;
      }
      await save({
        ...state,
        failure: { stepId: step.id, ...failure, atMs: deps.clock() },
        // A task Jira still runs stays remembered: the rerun polls it instead of starting another.
        leaseUntilMs: null,
      });
      throw new CsiSetupStepError(step.id, failure.code, `${step.id}: ${failure.detail}`);
    }
  }

  // Plan again from Jira: what the steps did now shows as reuse/nothing.
  try {
    snapshot = await readCsiSnapshot(
      jira,
      loaded.project,
      loaded.language,
      state,
      context.catalogueChanged ? undefined : snapshot,
    );
  } catch (error) {
    await release();
    throw error;
  }
  plan = planCsiSetup(snapshot);
  const finished = plan.complete && state.pendingTask === null;
  await save({
    ...state,
    session: finished ? null : state.session,
    failure: null,
    leaseUntilMs: null,
  });
  return buildCsiSetupView(snapshot, plan, state, true);
}
