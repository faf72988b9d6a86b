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
 */
import type { CsiErrorCode, CsiSetupAction, CsiSetupStepView, CsiSetupView } from '../contract/csi';
import {
  NO_CHANGE_ACTIONS,
  normalName,
  planCsiSetup,
  planFingerprint,
  schemeCopyName,
  type CsiLanguage,
  type CsiPlan,
  type CsiPlanStep,
  type CsiSetupSnapshot,
  type CsiSnapshotIssueTypeScheme,
  type CsiSnapshotWorkflowScheme,
} from '../domain/csi/provisioning';
import {
  csiWorkflowCreateRequest,
  findCsiValidatorRuleId,
  type CsiWorkflowStatusRef,
} from '../domain/csi/provisioning-workflow';
import { csiLanguageOfLocale } from '../domain/csi/transition-rules';
import {
  CSI_ISSUE_TYPE_NAMES,
  CSI_STATUSES,
  CSI_WORKFLOW_NAMES,
  csiStatusKeyOfName,
  type CsiStatusKey,
} from '../domain/csi/workflow';
import { JiraAccessError, JiraForbiddenError, JiraUnavailableError } from './errors';
import type {
  JiraConfigPort,
  JiraPort,
  JiraProject,
  JiraWorkflowSchemeDetails,
  JiraWorkflowTarget,
} from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** The store key of a project's CSI setup state. */
function csiSetupStoreKey(projectId: string): string {
  return `csi-setup:${projectId}`;
}

/** The name of Jira's default workflow scheme (which has no id and is never edited). */
const DEFAULT_WORKFLOW_SCHEME_NAME = 'Default Workflow Scheme';

/** How long one run call works before it answers with its progress (Forge resolvers have 25 s). */
const RUN_BUDGET_MS = 15_000;
/** How long a run holds the project's setup against a concurrent run (then it counts as gone). */
const LEASE_MS = 30_000;
/** Wait between two polls of a Jira task. */
const TASK_POLL_INTERVAL_MS = 1_000;

/** What the setup needs. */
export interface CsiSetupDeps {
  /** Jira as the acting user. */
  readonly jira: JiraPort & JiraConfigPort;
  readonly store: StorePort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** Waits `ms` milliseconds (tests pass one that returns at once). */
  readonly sleep: (ms: number) => Promise<void>;
  /** Overrides {@link RUN_BUDGET_MS}. */
  readonly budgetMs?: number;
}

/** A step as the administrator confirmed it. */
export interface PlannedStep {
  readonly action: CsiSetupAction;
  readonly subject: string;
  readonly params: Readonly<Record<string, string>>;
}

/** What the store holds per project (JSON). */
export interface CsiSetupState {
  readonly schemaVersion: 1;
  /** Ids of everything the app created in Jira for this project's setup. */
  readonly createdIds: readonly string[];
  /** The project's own copy of its shared issue type scheme, once made. */
  readonly issueTypeSchemeCopyId: string | null;
  /** The project's own copy of its shared or default workflow scheme, once made. */
  readonly workflowSchemeCopyId: string | null;
  /** The run in progress: the plan confirmed (its actions per step) and the steps done. */
  readonly session: {
    readonly fingerprint: string;
    readonly language: CsiLanguage;
    /** Per step id: what the confirmed plan said (action, subject, params). */
    readonly planned: Readonly<Record<string, PlannedStep>>;
    readonly done: readonly string[];
    readonly startedAtMs: number;
  } | null;
  /** A workflow-scheme switch or update Jira runs as a task; the next run call polls it. */
  readonly pendingTask: { readonly taskId: string; readonly stepId: string } | null;
  /** The step the last run stopped at. */
  readonly failure: {
    readonly stepId: string;
    readonly code: CsiErrorCode;
    readonly detail: string;
    readonly atMs: number;
  } | null;
  /** A run call is working until then (epoch ms): a second one answers `conflict`. */
  readonly leaseUntilMs: number | null;
}

const EMPTY_STATE: CsiSetupState = {
  schemaVersion: 1,
  createdIds: [],
  issueTypeSchemeCopyId: null,
  workflowSchemeCopyId: null,
  session: null,
  pendingTask: null,
  failure: null,
  leaseUntilMs: null,
};

/** Only Jira administrators may run the setup. */
export class CsiSetupForbiddenError extends Error {
  override readonly name = 'CsiSetupForbiddenError';
}

/** The plan changed since it was confirmed, or another run is in progress. */
export class CsiSetupConflictError extends Error {
  override readonly name = 'CsiSetupConflictError';
}

/** A step failed; the state names it (`code`: `setup-step-failed` or `jira-unavailable`). */
export class CsiSetupStepError extends Error {
  override readonly name = 'CsiSetupStepError';
  readonly code: CsiErrorCode;
  readonly stepId: string;

  constructor(stepId: string, code: CsiErrorCode, message: string) {
    super(message);
    this.stepId = stepId;
    this.code = code;
  }
}

/** A step cannot run for a reason the app found (not a Jira error); the message says what to do. */
class StepProblem extends Error {
  override readonly name = 'StepProblem';
}

// ---------------------------------------------------------------------------------------------------------------
// Reading Jira

function styleOf(project: JiraProject): 'company-managed' | 'team-managed' {
  return project.style === 'next-gen' || project.simplified === true ? 'team-managed' : 'company-managed';
}

/** Null when Jira refuses the read for the acting user (a non-admin looking at the plan). */
async function orNullIfForbidden<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof JiraForbiddenError) return null;
    throw error;
  }
}

function mappingsOf(details: JiraWorkflowSchemeDetails): Record<string, string> {
  const mappings: Record<string, string> = {};
  for (const entry of details.workflowsForIssueTypes) {
    for (const typeId of entry.issueTypeIds) mappings[typeId] = entry.workflow.name;
  }
  return mappings;
}

function workflowSchemeOfDetails(
  details: JiraWorkflowSchemeDetails,
  projectIds: readonly string[],
): CsiSnapshotWorkflowScheme {
  return {
    id: details.id,
    name: details.name,
    defaultWorkflow: details.defaultWorkflow?.name ?? null,
    issueTypeMappings: mappingsOf(details),
    projectIds,
  };
}

async function readIssueTypeSchemes(
  jira: JiraConfigPort,
  project: JiraProject,
  state: CsiSetupState,
): Promise<{ scheme: CsiSnapshotIssueTypeScheme | null; copy: CsiSnapshotIssueTypeScheme | null }> {
  const own = await jira.getIssueTypeSchemeOfProject(project.id);
  if (own === null) return { scheme: null, copy: null };
  const base = {
    id: own.id,
    name: own.name,
    isDefault: own.isDefault,
    ...(own.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: own.defaultIssueTypeId }),
  };
  if (own.isDefault) return { scheme: { ...base, issueTypeIds: [], projectIds: [] }, copy: null };
  const [withProjects, items] = await Promise.all([
    jira.searchIssueTypeSchemes({ ids: [own.id] }),
    jira.listIssueTypeSchemeItems(own.id),
  ]);
  const projectIds = withProjects.find((s) => s.id === own.id)?.projectIds ?? [project.id];
  const scheme = { ...base, issueTypeIds: items, projectIds };
  if (projectIds.every((id) => id === project.id)) return { scheme, copy: null };
  // Shared: find the copy made earlier (remembered id, else by its name, in case the id was never stored).
  const copyName = schemeCopyName(project.key, own.name);
  const candidates =
    state.issueTypeSchemeCopyId !== null
      ? await jira.searchIssueTypeSchemes({ ids: [state.issueTypeSchemeCopyId] })
      : await jira.searchIssueTypeSchemes({ queryString: copyName });
  const found =
    candidates.find((s) => s.id === state.issueTypeSchemeCopyId) ??
    candidates.find((s) => normalName(s.name) === normalName(copyName));
  if (found === undefined) return { scheme, copy: null };
  return {
    scheme,
    copy: {
      id: found.id,
      name: found.name,
      isDefault: false,
      issueTypeIds: await jira.listIssueTypeSchemeItems(found.id),
      projectIds: found.projectIds ?? [],
    },
  };
}

async function readWorkflowSchemes(
  jira: JiraConfigPort,
  project: JiraProject,
  teamManaged: boolean,
  state: CsiSetupState,
): Promise<{ scheme: CsiSnapshotWorkflowScheme | null; copy: CsiSnapshotWorkflowScheme | null }> {
  if (teamManaged) {
    const [details] = await jira.readWorkflowSchemes({ projectIds: [project.id] });
    return {
      scheme: details === undefined ? null : workflowSchemeOfDetails(details, [project.id]),
      copy: null,
    };
  }
  const own = await jira.getWorkflowSchemeOfProject(project.id);
  if (own === null) return { scheme: null, copy: null };
  // Jira gives the Default Workflow Scheme no id; should a server name one, it is still not edited in place.
  const id = normalName(own.name) === normalName(DEFAULT_WORKFLOW_SCHEME_NAME) ? null : own.id;
  const projectIds = id === null ? [] : await jira.listWorkflowSchemeProjects(id);
  const scheme: CsiSnapshotWorkflowScheme = {
    id,
    name: own.name,
    defaultWorkflow: own.defaultWorkflow,
    issueTypeMappings: own.issueTypeMappings,
    projectIds,
  };
  const copyId = state.workflowSchemeCopyId;
  if (copyId === null || copyId === scheme.id) return { scheme, copy: null };
  const [copy] = await jira.readWorkflowSchemes({ workflowSchemeIds: [copyId] });
  return { scheme, copy: copy === undefined ? null : workflowSchemeOfDetails(copy, []) };
}

/** The site's catalogue in a snapshot: what the scheme steps leave as it is. */
type CsiCatalogue = Pick<CsiSetupSnapshot, 'issueTypes' | 'statuses' | 'workflows' | 'validatorRuleId'>;

/**
 * The workflow Jira is asked about for the Forge rules: one the project gives an issue type of its own (the CSI
 * type once the setup created it, else the project's first), so Jira answers for the kind of project the CSI
 * workflow lives in (a module's rules are offered per team- or company-managed project). The project's issue types
 * come with `getProject`; only when Jira left them out are they read.
 */
async function capabilityTarget(
  jira: JiraPort,
  project: JiraProject,
  createdIds: readonly string[],
): Promise<JiraWorkflowTarget | null> {
  const typeIds =
    project.issueTypeIds ?? (await jira.listIssueTypesForProject(project.id)).map((type) => type.id);
  const issueTypeId = typeIds.find((id) => createdIds.includes(id)) ?? typeIds[0];
  return issueTypeId === undefined ? null : { projectId: project.id, issueTypeId };
}

async function readCatalogue(
  jira: JiraPort & JiraConfigPort,
  project: JiraProject,
  teamManaged: boolean,
  createdIds: readonly string[],
): Promise<CsiCatalogue> {
  const [issueTypes, statuses, workflows, rules] = await Promise.all([
    teamManaged
      ? jira
          .listIssueTypesForProject(project.id)
          .then((types) => types.map((type) => ({ ...type, scopeProjectId: project.id })))
      : jira.listAllIssueTypes(),
    // Every status of the site with its scope (a team-managed project's new statuses belong to none of its
    // workflows until the CSI workflow is mapped, so a search by project would not find them).
    orNullIfForbidden(() => jira.searchStatusDetails({})),
    orNullIfForbidden(() =>
      jira.readWorkflows({ workflowNames: [CSI_WORKFLOW_NAMES.de, CSI_WORKFLOW_NAMES.en] }),
    ),
    orNullIfForbidden(async () => {
      const target = await capabilityTarget(jira, project, createdIds);
      // A project without issue types has no workflow to ask about; the plan then reports the validator missing.
      return target === null ? [] : jira.listForgeWorkflowRules(target);
    }),
  ]);
  return {
    issueTypes,
    statuses: (statuses ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      category: s.statusCategory,
      scopeProjectId: s.scopeProjectId,
    })),
    workflows: workflows ?? [],
    validatorRuleId: rules === null ? null : findCsiValidatorRuleId(rules),
  };
}

/**
 * What Jira holds for the project's setup. Reads an administrator may make degrade for others (empty).
 * `catalogue`: the issue types, statuses, workflows and validator read earlier in the same run call, when its
 * steps created none of them (only the schemes are read again then).
 */
async function readCsiSnapshot(
  jira: JiraPort & JiraConfigPort,
  project: JiraProject,
  language: CsiLanguage,
  state: CsiSetupState,
  catalogue?: CsiCatalogue,
): Promise<CsiSetupSnapshot> {
  const teamManaged = styleOf(project) === 'team-managed';
  const [known, typeSchemes, workflowSchemes] = await Promise.all([
    catalogue ?? readCatalogue(jira, project, teamManaged, state.createdIds),
    teamManaged
      ? Promise.resolve({ scheme: null, copy: null })
      : orNullIfForbidden(() => readIssueTypeSchemes(jira, project, state)),
    orNullIfForbidden(() => readWorkflowSchemes(jira, project, teamManaged, state)),
  ]);
  return {
    project: { id: project.id, key: project.key, name: project.name, style: styleOf(project) },
    language,
    issueTypes: known.issueTypes,
    statuses: known.statuses,
    workflows: known.workflows,
    validatorRuleId: known.validatorRuleId,
    issueTypeScheme: typeSchemes?.scheme ?? null,
    issueTypeSchemeCopy: typeSchemes?.copy ?? null,
    workflowScheme: workflowSchemes?.scheme ?? null,
    workflowSchemeCopy: workflowSchemes?.copy ?? null,
    createdIds: state.createdIds,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The view

/**
 * The plan's steps as the confirmed run sees them: a step the run did (or began), which Jira's state now shows as
 * `reuse`/`nothing` (or under the copy's name), keeps the action, subject and params confirmed, so the plan and
 * its fingerprint stay the same while the run goes on. The id Jira has now (`targetId`) is kept for the run.
 */
function mergedSteps(plan: CsiPlan, state: CsiSetupState): CsiPlanStep[] {
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
function buildCsiSetupView(
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

// ---------------------------------------------------------------------------------------------------------------
// Use cases

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

/** The run's working memory: the ids the steps so far reused or created. */
interface RunContext {
  readonly snapshot: CsiSetupSnapshot;
  /** The plan of `snapshot` as Jira stands (not merged with the confirmed one). */
  readonly plan: CsiPlan;
  /** A step created an issue type, statuses or a workflow: the re-read at the end reads the catalogue too. */
  catalogueChanged: boolean;
  issueTypeId: string | null;
  readonly statuses: Map<CsiStatusKey, CsiWorkflowStatusRef>;
  workflow: { id: string; name: string } | null;
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

type StepOutcome =
  { readonly kind: 'done'; readonly doneIds: readonly string[] } | { readonly kind: 'waiting' };

const DONE = (ids: readonly string[]): StepOutcome => ({ kind: 'done', doneIds: ids });

function requireIssueType(context: RunContext): string {
  if (context.issueTypeId === null) {
    throw new StepProblem('The CSI issue type does not exist yet; run the setup from its first step.');
  }
  return context.issueTypeId;
}

function requireWorkflow(context: RunContext): { id: string; name: string } {
  if (context.workflow === null) {
    throw new StepProblem('The CSI workflow does not exist yet; run the setup from its workflow step.');
  }
  return context.workflow;
}

/** Runs one step (or, for the first status step to create, every status to create in one request). */
async function executeStep(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  steps: readonly CsiPlanStep[],
  context: RunContext,
  state: CsiSetupState,
  alreadyDone: boolean,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
): Promise<StepOutcome> {
  const { jira } = deps;
  const { snapshot } = context;
  const scopeProjectId = snapshot.project.style === 'team-managed' ? snapshot.project.id : null;
  const reused = alreadyDone || NO_CHANGE_ACTIONS.has(step.action) || step.targetId !== null;

  switch (step.kind) {
    case 'issue-type':
    case 'team-managed-issue-type': {
      if (step.targetId !== null) {
        context.issueTypeId = step.targetId;
        return DONE([step.id]);
      }
      if (step.kind === 'team-managed-issue-type') return { kind: 'waiting' };
      const created = await jira.createIssueType({
        name: CSI_ISSUE_TYPE_NAMES[snapshot.language],
        description:
          snapshot.language === 'de'
            ? 'Verbesserungsvorschlag im kontinuierlichen Verbesserungsprozess (CSI, FitSM PR14).'
            : 'Improvement opportunity in the continual service improvement process (CSI, FitSM PR14).',
      });
      context.issueTypeId = created.id;
      context.catalogueChanged = true;
      await remember({ createdIds: [...state.createdIds, created.id] });
      return DONE([step.id]);
    }

    case 'status': {
      const key = step.params['key'] as CsiStatusKey;
      if (context.statuses.has(key)) return DONE([step.id]);
      if (reused && step.targetId !== null) {
        const found = snapshot.statuses.find((s) => s.id === step.targetId);
        if (found !== undefined) {
          context.statuses.set(key, { key, id: found.id, name: found.name, category: found.category });
          return DONE([step.id]);
        }
      }
      // Every status still to create, in one request.
      const toCreate = steps.filter(
        (s) =>
          s.kind === 'status' &&
          s.targetId === null &&
          !context.statuses.has(s.params['key'] as CsiStatusKey),
      );
      const definitions = toCreate.map((s) => {
        const definition = CSI_STATUSES.find((d) => d.key === s.params['key']);
        if (definition === undefined) throw new StepProblem(`Unknown CSI status step ${s.id}.`);
        return definition;
      });
      context.catalogueChanged = true;
      const createdStatuses = await jira.createStatuses(
        scopeProjectId === null ? { type: 'GLOBAL' } : { type: 'PROJECT', projectId: scopeProjectId },
        definitions.map((d) => ({
          name: d.names[snapshot.language],
          statusCategory: d.category,
          description:
            snapshot.language === 'de'
              ? 'Status des CSI-Prozesses (Three Ways for Jira).'
              : 'Status of the CSI process (Three Ways for Jira).',
        })),
      );
      for (const definition of definitions) {
        const made = createdStatuses.find(
          (s) => normalName(s.name) === normalName(definition.names[snapshot.language]),
        );
        if (made === undefined) {
          throw new StepProblem(
            `Jira did not return the created status "${definition.names[snapshot.language]}".`,
          );
        }
        context.statuses.set(definition.key, {
          key: definition.key,
          id: made.id,
          name: made.name,
          category: made.statusCategory,
        });
      }
      await remember({ createdIds: [...state.createdIds, ...createdStatuses.map((s) => s.id)] });
      return DONE(toCreate.map((s) => s.id));
    }

    case 'workflow': {
      if (step.targetId !== null) {
        context.workflow = { id: step.targetId, name: step.subject };
        return DONE([step.id]);
      }
      if (snapshot.validatorRuleId === null) {
        throw new StepProblem(
          'The app\'s workflow validator (module "csi-transition-validator") is not among the Forge workflow rules ' +
            'Jira offers on this site, so the CSI workflow would lack its approval and verification rules. Deploy ' +
            'the app with its jira:workflowValidator module (forge deploy, then forge install --upgrade) and run the ' +
            'setup again.',
        );
      }
      const request = csiWorkflowCreateRequest({
        language: snapshot.language,
        statuses: context.statuses,
        validatorRuleId: snapshot.validatorRuleId,
        projectId: scopeProjectId,
      });
      const problems = (await jira.validateCreateWorkflows(request)).filter((p) => p.level === 'ERROR');
      if (problems.length > 0) {
        throw new StepProblem(
          `Jira refused the CSI workflow: ${problems.map((p) => p.message).join(' ')} Nothing was created.`,
        );
      }
      context.catalogueChanged = true;
      const [workflow] = await jira.createWorkflows(request);
      if (workflow === undefined) throw new StepProblem('Jira created no workflow and gave no reason.');
      context.workflow = { id: workflow.id, name: workflow.name };
      await remember({ createdIds: [...state.createdIds, workflow.id] });
      return DONE([step.id]);
    }

    case 'issue-type-scheme': {
      if (alreadyDone || NO_CHANGE_ACTIONS.has(currentAction(context, step))) return DONE([step.id]);
      const typeId = requireIssueType(context);
      const scheme = snapshot.issueTypeScheme;
      if (scheme === null) return DONE([step.id]);
      if (step.action === 'add') {
        await jira.addIssueTypesToScheme(scheme.id, [typeId]);
        return DONE([step.id]);
      }
      // copy-and-assign: the copy made earlier, else a new one with every type of the shared scheme.
      let copy = snapshot.issueTypeSchemeCopy;
      if (copy === null) {
        const name = step.params['copy'] ?? schemeCopyName(snapshot.project.key, scheme.name);
        const id = await jira.createIssueTypeScheme({
          name,
          description: `Copy of "${scheme.name}" for ${snapshot.project.key} with the CSI issue type (Three Ways for Jira).`,
          issueTypeIds: [...scheme.issueTypeIds.filter((t) => t !== typeId), typeId],
          ...(scheme.defaultIssueTypeId === undefined
            ? {}
            : { defaultIssueTypeId: scheme.defaultIssueTypeId }),
        });
        await remember({ createdIds: [...state.createdIds, id], issueTypeSchemeCopyId: id });
        copy = { id, name, isDefault: false, issueTypeIds: [...scheme.issueTypeIds, typeId], projectIds: [] };
      } else if (!copy.issueTypeIds.includes(typeId)) {
        await jira.addIssueTypesToScheme(copy.id, [typeId]);
      }
      await jira.assignIssueTypeSchemeToProject(copy.id, snapshot.project.id);
      return DONE([step.id]);
    }

    case 'workflow-scheme': {
      if (alreadyDone) return DONE([step.id]);
      if (state.pendingTask !== null && state.pendingTask.stepId === step.id) {
        return pollTask(deps, step, state.pendingTask.taskId, deadlineMs, remember, true);
      }
      if (NO_CHANGE_ACTIONS.has(currentAction(context, step))) return DONE([step.id]);
      const typeId = requireIssueType(context);
      const workflow = requireWorkflow(context);
      const scheme = snapshot.workflowScheme;
      if (scheme === null) return DONE([step.id]);
      if (step.action === 'add' && scheme.id !== null) {
        return addMapping(deps, step, scheme.id, typeId, workflow, context.statuses, deadlineMs, remember);
      }
      let copyId = snapshot.workflowSchemeCopy?.id ?? null;
      if (copyId === null) {
        const name = step.params['copy'] ?? schemeCopyName(snapshot.project.key, scheme.name);
        const mappings: Record<string, string> = { ...scheme.issueTypeMappings, [typeId]: workflow.name };
        copyId = await jira.createWorkflowScheme({
          name,
          description: `Copy of "${scheme.name}" for ${snapshot.project.key} with the CSI workflow (Three Ways for Jira).`,
          defaultWorkflow: scheme.defaultWorkflow,
          issueTypeMappings: mappings,
        });
        await remember({ createdIds: [...state.createdIds, copyId], workflowSchemeCopyId: copyId });
      } else if (snapshot.workflowSchemeCopy !== null) {
        const copy = snapshot.workflowSchemeCopy;
        if (copy.issueTypeMappings[typeId] !== workflow.name) {
          const added = await addMapping(
            deps,
            step,
            copyId,
            typeId,
            workflow,
            context.statuses,
            deadlineMs,
            remember,
          );
          if (added.kind === 'waiting') return added;
        }
      }
      // Issues the type may already have in the project move to the CSI workflow's statuses.
      const currentName = scheme.issueTypeMappings[typeId] ?? scheme.defaultWorkflow;
      const current =
        currentName === null || normalName(currentName) === normalName(workflow.name)
          ? undefined
          : (await jira.readWorkflows({ workflowNames: [currentName] })).find((w) => w.name === currentName);
      const overrides = await statusMappingsFor(
        deps,
        current?.id ?? null,
        typeId,
        workflow,
        context.statuses,
      );
      const started = await jira.switchProjectWorkflowScheme(snapshot.project.id, copyId, overrides);
      if (started.task === null) return DONE([step.id]);
      return pollTask(deps, step, started.task.id, deadlineMs, remember);
    }
  }
}

/** The step's action as Jira stands now (the merged step may show the confirmed, original one). */
function currentAction(context: RunContext, step: CsiPlanStep): CsiSetupAction {
  return context.plan.steps.find((s) => s.id === step.id)?.action ?? step.action;
}

/** Where an issue in a status the CSI workflow lacks goes, by the status's category. */
const CSI_STATUS_FOR_CATEGORY: Readonly<Record<'TODO' | 'IN_PROGRESS' | 'DONE', CsiStatusKey>> = {
  TODO: 'identified',
  IN_PROGRESS: 'implementing',
  DONE: 'closed',
};

/**
 * Status mappings for issues the CSI type may already have (an adopted type): each status of its current
 * workflow that the CSI workflow lacks goes to the CSI status of the same name, else to the first CSI status of
 * its category. Empty when the type already uses the CSI workflow.
 */
async function statusMappingsFor(
  deps: CsiSetupDeps,
  currentWorkflowId: string | null,
  typeId: string,
  workflow: { id: string; name: string },
  csiStatuses: ReadonlyMap<CsiStatusKey, CsiWorkflowStatusRef>,
): Promise<{ issueTypeId: string; statusMappings: { oldStatusId: string; newStatusId: string }[] }[]> {
  if (currentWorkflowId === null || currentWorkflowId === workflow.id || csiStatuses.size === 0) return [];
  const csiIds = new Set([...csiStatuses.values()].map((s) => s.id));
  const statusMappings = (await deps.jira.readWorkflowStatuses(currentWorkflowId))
    .filter((status) => !csiIds.has(status.id))
    .flatMap((status) => {
      const key = csiStatusKeyOfName(status.name) ?? CSI_STATUS_FOR_CATEGORY[status.statusCategory];
      const target = csiStatuses.get(key);
      return target === undefined ? [] : [{ oldStatusId: status.id, newStatusId: target.id }];
    });
  return statusMappings.length === 0 ? [] : [{ issueTypeId: typeId, statusMappings }];
}

/** Maps the CSI type to the CSI workflow in a scheme (new API, with its version), leaving the others alone. */
async function addMapping(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  schemeId: string,
  typeId: string,
  workflow: { id: string; name: string },
  csiStatuses: ReadonlyMap<CsiStatusKey, CsiWorkflowStatusRef>,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
): Promise<StepOutcome> {
  const [details] = await deps.jira.readWorkflowSchemes({ workflowSchemeIds: [schemeId] });
  if (details === undefined) throw new StepProblem(`Jira did not return the workflow scheme ${schemeId}.`);
  const current =
    details.workflowsForIssueTypes.find((entry) => entry.issueTypeIds.includes(typeId))?.workflow ??
    details.defaultWorkflow;
  const overrides = await statusMappingsFor(deps, current?.id ?? null, typeId, workflow, csiStatuses);
  const entries = details.workflowsForIssueTypes
    .map((entry) => ({
      workflowId: entry.workflow.id,
      issueTypeIds: entry.issueTypeIds.filter((id) => id !== typeId),
    }))
    .filter((entry) => entry.issueTypeIds.length > 0);
  const own = entries.find((entry) => entry.workflowId === workflow.id);
  if (own === undefined) entries.push({ workflowId: workflow.id, issueTypeIds: [typeId] });
  else own.issueTypeIds.push(typeId);
  const started = await deps.jira.updateWorkflowScheme({
    id: details.id,
    name: details.name,
    description: details.description,
    version: details.version,
    ...(details.defaultWorkflow === null ? {} : { defaultWorkflowId: details.defaultWorkflow.id }),
    workflowsForIssueTypes: entries,
    ...(overrides.length === 0 ? {} : { statusMappingsByIssueTypeOverride: overrides }),
  });
  if (started.task === null) return DONE([step.id]);
  return pollTask(deps, step, started.task.id, deadlineMs, remember);
}

/**
 * Polls a Jira task until it ends or the budget is used. The task is remembered before the first poll, so a
 * later run call (after the budget, or after a failed poll) polls it again instead of starting another.
 */
async function pollTask(
  deps: CsiSetupDeps,
  step: CsiPlanStep,
  taskId: string,
  deadlineMs: number,
  remember: (extra: Partial<CsiSetupState>) => Promise<void>,
  resumed = false,
): Promise<StepOutcome> {
  await remember({ pendingTask: { taskId, stepId: step.id } });
  // A task just started is polled when time is left; a pending one at least once per call (the call's progress).
  if (!resumed && deps.clock() >= deadlineMs) return { kind: 'waiting' };
  for (;;) {
    const task = await deps.jira.getTask(taskId);
    if (task.status === 'COMPLETE') {
      await remember({ pendingTask: null });
      return DONE([step.id]);
    }
    if (task.status === 'FAILED' || task.status === 'CANCELLED' || task.status === 'DEAD') {
      await remember({ pendingTask: null });
      throw new StepProblem(
        `Jira's task ${taskId} ended ${task.status}${task.message === null ? '' : `: ${task.message}`}. ` +
          'Nothing else was changed; run the setup again to retry.',
      );
    }
    if (deps.clock() + TASK_POLL_INTERVAL_MS >= deadlineMs) return { kind: 'waiting' };
    await deps.sleep(TASK_POLL_INTERVAL_MS);
  }
}
