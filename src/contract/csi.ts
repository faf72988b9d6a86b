/**
 * Resolver contract of the CSI modules: the setup page (`jira:projectSettingsPage` "CSI einrichten"), the
 * improvement-record panel on CSI issues (`jira:issuePanel`) and the CSI register (`jira:projectPage`).
 */
import type { CsiRecord, CsiWeights } from '../domain/csi/record-types';
import type { AuditPlanCounts } from '../domain/fitsm/audit';
import type { CsiStatusKey } from '../domain/csi/workflow';
import type {
  CsiCapabilityView,
  CsiFlowView,
  CsiPersonView,
  CsiRegisterItemView,
  CsiSetupAction,
  CsiSetupStepKind,
} from '../domain/csi/views';
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from './resolvers';

export type {
  CsiCapabilityView,
  CsiEvidenceView,
  CsiFlowView,
  CsiPersonView,
  CsiRegisterItemView,
  CsiSetupAction,
  CsiSetupStepKind,
} from '../domain/csi/views';

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the record (or setup state) changed since it was loaded; reload (the UI keeps the user's input);
 * - `invalid-record`: the record breaks a rule; `detail` names the field and rule in English;
 * - `not-csi-issue`: the issue is not of the CSI issue type (the panel explains how to set CSI up);
 * - `setup-step-failed`: a setup step failed; the view's failed step says which and why (rerun resumes).
 */
export type CsiErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-record' | 'not-csi-issue' | 'setup-step-failed';

export const CSI_ERROR_CODES: readonly CsiErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-record',
  'not-csi-issue',
  'setup-step-failed',
];

export type CsiResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: CsiErrorCode; readonly detail: string } };

// ---------------------------------------------------------------------------------------------------------------
// Setup (provisioning)

export interface CsiSetupRequest {
  readonly projectKey: string;
}

export interface RunCsiSetupRequest {
  readonly projectKey: string;
  /**
   * The `planFingerprint` of the plan the admin confirmed. When Jira changed in between and the plan differs, the
   * run does nothing and answers `conflict` with the new plan to confirm.
   */
  readonly planFingerprint: string;
}

export type CsiSetupStepState = 'planned' | 'running' | 'done' | 'failed';

export interface CsiSetupStepView {
  /** Stable id within the plan (e.g. `status:approved`, `workflow-scheme`). */
  readonly id: string;
  readonly kind: CsiSetupStepKind;
  readonly action: CsiSetupAction;
  /** The name of what the step touches (issue type, status, workflow, scheme name), as in Jira. */
  readonly subject: string;
  /** Values the UI puts into its sentence for the step (e.g. `{ scheme: 'Default', copy: 'HD: …' }`). */
  readonly params: Readonly<Record<string, string>>;
  readonly state: CsiSetupStepState;
  /** For a failed step: Jira's message or the cause in English, and what to do. */
  readonly error: { readonly code: CsiErrorCode; readonly detail: string } | null;
}

export interface CsiSetupView {
  readonly projectKey: string;
  readonly projectId: string;
  readonly projectName: string;
  readonly projectStyle: 'company-managed' | 'team-managed';
  /** Whether the acting user is a Jira administrator (only they may run the setup; checked server-side). */
  readonly canRun: boolean;
  /**
   * - `not-set-up`: there is something to do (the plan lists it);
   * - `running`: a run is in progress or stopped midway (call `runCsiSetup` again to continue);
   * - `failed`: the last run stopped at a failed step (rerun resumes from there);
   * - `needs-manual-step`: team-managed: the admin must create the issue type in Jira (see the guide steps);
   * - `complete`: CSI is set up; the plan is all `reuse`/`nothing`.
   */
  readonly status: 'not-set-up' | 'running' | 'failed' | 'needs-manual-step' | 'complete';
  /** Language of the names the setup creates (`de` or `en`), from the administrator's Jira locale. */
  readonly language: 'de' | 'en';
  readonly steps: readonly CsiSetupStepView[];
  /** Identifies this plan; send it back to run exactly this plan. */
  readonly planFingerprint: string;
  /** Steps done of all steps with work, for the progress bar. */
  readonly progress: { readonly done: number; readonly total: number };
  /** The CSI issue type once it exists (id and name). */
  readonly issueType: { readonly id: string; readonly name: string } | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Improvement record (issue panel)

export interface CsiRecordRequest {
  readonly issueKey: string;
}

export interface CsiLinkedIssueView {
  readonly key: string;
  readonly summary: string;
  readonly statusName: string;
  readonly statusCategoryKey: string | null;
}

export interface CsiRecordView {
  readonly issueKey: string;
  readonly issueId: string;
  readonly projectKey: string;
  readonly summary: string;
  readonly statusName: string;
  /** The CSI status of the issue, null when its status is not one of the CSI workflow. */
  readonly statusKey: CsiStatusKey | null;
  readonly record: CsiRecord;
  /** Send back as `expectedVersion` when saving; null when the record was never saved. */
  readonly version: number | null;
  /**
   * The issue property that mirrors the record for JQL, compared with the record the app stores (the record shown
   * is always the stored one): `in-sync`; `repaired` (it differed, e.g. written outside the app or by a late
   * write, and was rewritten on this read); `mismatch` (it differs and could not be rewritten, as the user may not
   * edit the issue; the workflow validator refuses transitions until an editor opens or saves the panel);
   * `unsaved` (the property holds a record the app never saved, e.g. written through Jira's REST API: it is not
   * taken over, the record shown is the stored one, i.e. empty, and the validator refuses transitions until someone
   * enters the record and saves it).
   */
  readonly mirror: 'in-sync' | 'repaired' | 'mismatch' | 'unsaved';
  /** The project's evaluation weights (used to compute `record.score`). */
  readonly weights: CsiWeights;
  /** Whether the acting user may edit the issue (Jira's EDIT_ISSUES in the project). */
  readonly canEdit: boolean;
  /** People named in the record (owner, evaluator, decider), with display names. */
  readonly people: readonly CsiPersonView[];
  /** Issues linked to this one (candidates and current feedback issues). */
  readonly linkedIssues: readonly CsiLinkedIssueView[];
}

/** The record as the panel sends it: the server computes `score`, `updatedAt` and `updatedByAccountId`. */
export type CsiRecordInput = Omit<CsiRecord, 'score' | 'updatedAt' | 'updatedByAccountId'>;

export interface SaveCsiRecordRequest {
  readonly issueKey: string;
  readonly record: CsiRecordInput;
  /** The `version` the record was loaded with (null: never saved). */
  readonly expectedVersion: number | null;
}

// ---------------------------------------------------------------------------------------------------------------
// CSI register (project page)

export interface CsiRegisterRequest {
  readonly projectKey: string;
}

export interface CsiRegisterView {
  readonly projectKey: string;
  readonly projectName: string;
  /** False when the project has no CSI issue type: the page shows how to set CSI up. */
  readonly csiSetUp: boolean;
  /** ISO instant UTC of the computation. */
  readonly asOf: string;
  readonly timeZone: string;
  /** Days without a status change after which an open improvement counts as stuck. */
  readonly stuckAfterDays: number;
  /** Ranked: open items by score (highest first, unevaluated last), then finished ones by last update. */
  readonly items: readonly CsiRegisterItemView[];
  /**
   * Everyone the items' records name (owners, evaluators, deciders, last editors), each once, with the display
   * name from Jira (the account id when Jira has no name for it); order unspecified.
   */
  readonly people: readonly CsiPersonView[];
  readonly capability: CsiCapabilityView;
  readonly flow: CsiFlowView;
  /**
   * The internal audits of the current year (FitSM audit plan, site-wide; year and overdue by the register's time
   * zone): planned, done, cancelled, overdue, findings and findings registered as improvements (PR14.1 input).
   */
  readonly audits: CsiRegisterAuditsView;
}

/** The audit plan's counts of one year as the register shows them. */
export interface CsiRegisterAuditsView extends AuditPlanCounts {
  readonly year: number;
}

/** Every resolver of the CSI modules. */
export type CsiDefs = {
  getCsiSetup: (payload: CsiSetupRequest) => CsiResult<CsiSetupView>;
  /** Runs the confirmed plan's next steps for at most ~15 s and answers with the progress; call until done. */
  runCsiSetup: (payload: RunCsiSetupRequest) => CsiResult<CsiSetupView>;
  getCsiRecord: (payload: CsiRecordRequest) => CsiResult<CsiRecordView>;
  saveCsiRecord: (payload: SaveCsiRecordRequest) => CsiResult<CsiRecordView>;
  getCsiRegister: (payload: CsiRegisterRequest) => CsiResult<CsiRegisterView>;
};
