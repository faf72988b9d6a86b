/**
 * The CSI setup's stored state (`csi-setup:<projectId>`), its dependencies, limits and errors, and the run's working
 * memory: what the reader, the steps and the runner of the setup share.
 */
import type { CsiErrorCode, CsiSetupAction } from '../contract/csi';
import type { CsiLanguage, CsiPlan, CsiSetupSnapshot } from '../domain/csi/provisioning';
import type { CsiWorkflowStatusRef } from '../domain/csi/provisioning-workflow';
import type { CsiStatusKey } from '../domain/csi/workflow';
import type { JiraConfigPort, JiraPort } from './ports/jira-port';
import type { StorePort } from './ports/store-port';

/** The store key of a project's CSI setup state. */
export function csiSetupStoreKey(projectId: string): string {
  return `csi-setup:${projectId}`;
}

/** The name of Jira's default workflow scheme (which has no id and is never edited). */
export const DEFAULT_WORKFLOW_SCHEME_NAME = 'Default Workflow Scheme';

/** How long one run call works before it answers with its progress (Forge resolvers have 25 s). */
export const RUN_BUDGET_MS = 15_000;
/** How long a run holds the project's setup against a concurrent run (then it counts as gone). */
export const LEASE_MS = 30_000;
/** Wait between two polls of a Jira task. */
export const TASK_POLL_INTERVAL_MS = 1_000;

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

export const EMPTY_STATE: CsiSetupState = {
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
export class StepProblem extends Error {
  override readonly name = 'StepProblem';
}

/** The run's working memory: the ids the steps so far reused or created. */
export interface RunContext {
  readonly snapshot: CsiSetupSnapshot;
  /** The plan of `snapshot` as Jira stands (not merged with the confirmed one). */
  readonly plan: CsiPlan;
  /** A step created an issue type, statuses or a workflow: the re-read at the end reads the catalogue too. */
  catalogueChanged: boolean;
  issueTypeId: string | null;
  readonly statuses: Map<CsiStatusKey, CsiWorkflowStatusRef>;
  workflow: { id: string; name: string } | null;
}
