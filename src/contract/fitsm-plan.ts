/**
 * Resolver contract of the FitSM plan (issue 12, on the app's global page): the internal audit plan with its
 * findings, gaps of a self-assessment and audit findings registered as CSI improvements, the implementation
 * schedule (Zeitplan) by quarter, and the plan's settings. Types only: every payload is validated at run time in
 * `src/entry/resolvers/fitsm-plan-handlers.ts` (valibot), whatever these types say.
 *
 * Units: calendar days `YYYY-MM-DD` in the plan's IANA time zone; instants ISO 8601 UTC; quarters `2026-Q3`.
 * FitSM ids (`PR5`, `PR5.2`, `GR6`) name FitSM-1's processes and requirements (FitSM – ITEMO e.V., CC BY 4.0).
 */
import type { CsiPersonView } from '../domain/csi/views';
import type { AuditFinding, AuditInput, AuditPlanYearView, FindingInput } from '../domain/fitsm/audit';
import type { ScheduledItem, SchedulePlan } from '../domain/fitsm/schedule';

export type {
  Audit,
  AuditFinding,
  AuditInput,
  AuditPlanCounts,
  AuditPlanYearView,
  AuditStatus,
  AuditView,
  FindingInput,
  FindingSeverity,
} from '../domain/fitsm/audit';
export type {
  ScheduledItem,
  SchedulePlan,
  ScheduleQuarter,
  ScheduleSettings,
} from '../domain/fitsm/schedule';
// The plan's pure rules for the UI (its forms check what the resolvers check; the resolvers stay the judge).
export { AUDIT_STATUSES, AUDIT_TEXT_LIMITS, FINDING_SEVERITIES } from '../domain/fitsm/audit';
export { FITSM_SUBJECT_ID_PATTERN } from '../domain/fitsm/audit-subjects';
export { QUARTER_PATTERN, SCHEDULE_CAPACITY_RANGE } from '../domain/fitsm/schedule';
export { FITSM_PROCESS_PREREQUISITES } from '../domain/fitsm/schedule-dependencies';

/** Most gaps one `registerFitsmGaps` call registers (each takes several Jira requests within one call). */
export const MAX_FITSM_GAPS_PER_CALL = 10;

export { FITSM_PLAN_ERROR_CODES, type FitsmPlanErrorCode } from './fitsm-error-codes';
import type { FitsmPlanErrorCode } from './fitsm-error-codes';

export type FitsmPlanResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: FitsmPlanErrorCode; readonly detail: string } };

// ---------------------------------------------------------------------------------------------------------------
// Audit plan

export interface FitsmAuditPlanRequest {
  /** The plan's year, 2000..2100. */
  readonly year: number;
}

export interface FitsmAuditPlanView extends AuditPlanYearView {
  /** The IANA zone whose calendar decides "today" and overdue. */
  readonly timeZone: string;
  /** The acting user may change the plan (Jira admin or FitSM editor group). */
  readonly canEdit: boolean;
  /** Names of the auditors and editors the audits name. */
  readonly people: readonly CsiPersonView[];
}

export interface SaveFitsmAuditRequest {
  /** Null: plan a new audit (in the year of its planned day). */
  readonly auditId: string | null;
  readonly audit: AuditInput;
  /** The audit's revision as loaded; null for a new audit. */
  readonly expectedRevision: number | null;
}

export interface RecordFitsmFindingRequest {
  readonly auditId: string;
  readonly finding: FindingInput;
  readonly expectedRevision: number;
}

export interface RecordedFitsmFinding {
  readonly auditId: string;
  /** The audit's revision after the finding was recorded. */
  readonly revision: number;
  readonly finding: AuditFinding;
}

export interface RegisterFitsmFindingRequest {
  readonly auditId: string;
  readonly findingId: string;
  /** The project with CSI set up that gets the improvement. */
  readonly projectKey: string;
}

export interface RegisteredFitsmImprovement {
  readonly issueKey: string;
  readonly issueId: string;
  /** False: registered before (a repeated click); nothing new in Jira. */
  readonly created: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Gaps → improvements

export interface RegisterFitsmGapsRequest {
  readonly assessmentId: string;
  /** Requirement ids whose agreed rating lies below the target (1..10 per call). */
  readonly requirementIds: readonly string[];
  readonly projectKey: string;
}

export interface FitsmGapImprovementsView {
  readonly assessmentId: string;
  /** Per registered requirement the improvement (its way back from the gap). */
  readonly links: readonly ({ readonly requirementId: string } & RegisteredFitsmImprovement)[];
}

export interface FitsmGapLinksRequest {
  readonly assessmentId: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Schedule

/** Where a schedule item came from. */
export type FitsmScheduleItemOrigin = 'assessment' | 'audit' | 'manual';

export interface FitsmScheduleItemView extends ScheduledItem {
  readonly issueId: string;
  /** The summary when it was added. */
  readonly summary: string;
  readonly origin: FitsmScheduleItemOrigin;
  readonly assessmentId: string | null;
}

export interface FitsmScheduleView {
  /** The version of the stored items: moves, adds and removes name it. Null: nothing stored yet. */
  readonly version: number | null;
  readonly timeZone: string;
  readonly plan: Omit<SchedulePlan, 'items'> & { readonly items: readonly FitsmScheduleItemView[] };
  /** Stored items that take no quarter: their improvement was rejected (its record's decision). */
  readonly setAside: readonly {
    readonly improvementKey: string;
    readonly summary: string;
    readonly reason: 'rejected';
  }[];
  readonly canEdit: boolean;
}

export interface MoveFitsmScheduleItemRequest {
  readonly improvementKey: string;
  /** The quarter to pin it to; null: back to the rule's placement. */
  readonly quarter: string | null;
  readonly expectedVersion: number;
}

export interface AddFitsmScheduleItemRequest {
  /** A CSI improvement. */
  readonly issueKey: string;
  /** The FitSM process or requirement it serves. */
  readonly subjectId: string;
  readonly expectedVersion: number | null;
}

export interface RemoveFitsmScheduleItemRequest {
  readonly improvementKey: string;
  readonly expectedVersion: number;
}

export interface ExportFitsmScheduleRequest {
  readonly format: 'csv' | 'json';
}

export interface FitsmScheduleExport {
  readonly fileName: string;
  readonly mimeType: 'text/csv' | 'application/json';
  readonly content: string;
}

/** The answer of a schedule change: the new version. */
export interface FitsmScheduleChange {
  readonly version: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Settings

export interface FitsmPlanSettings {
  /** IANA time zone of the plan; null: the viewer's own. */
  readonly timeZone: string | null;
  /** First quarter of the schedule; null: the current quarter. */
  readonly startQuarter: string | null;
  /** Items per quarter, 1..50. */
  readonly capacityPerQuarter: number;
}

export interface FitsmPlanSettingsView {
  readonly settings: FitsmPlanSettings;
  readonly version: number | null;
  /** The zone in force for this viewer. */
  readonly effectiveTimeZone: string;
  readonly canEdit: boolean;
}

export interface SaveFitsmPlanSettingsRequest {
  readonly settings: FitsmPlanSettings;
  readonly expectedVersion: number | null;
}

/** The resolvers of the FitSM plan. */
export type FitsmPlanDefs = {
  getFitsmAuditPlan: (payload: FitsmAuditPlanRequest) => FitsmPlanResult<FitsmAuditPlanView>;
  saveFitsmAudit: (payload: SaveFitsmAuditRequest) => FitsmPlanResult<FitsmAuditPlanView['audits'][number]>;
  recordFitsmFinding: (payload: RecordFitsmFindingRequest) => FitsmPlanResult<RecordedFitsmFinding>;
  registerFitsmFinding: (payload: RegisterFitsmFindingRequest) => FitsmPlanResult<RegisteredFitsmImprovement>;
  registerFitsmGaps: (payload: RegisterFitsmGapsRequest) => FitsmPlanResult<FitsmGapImprovementsView>;
  getFitsmGapLinks: (payload: FitsmGapLinksRequest) => FitsmPlanResult<FitsmGapImprovementsView>;
  getFitsmSchedule: (payload: Record<string, never>) => FitsmPlanResult<FitsmScheduleView>;
  moveFitsmScheduleItem: (payload: MoveFitsmScheduleItemRequest) => FitsmPlanResult<FitsmScheduleChange>;
  addFitsmScheduleItem: (payload: AddFitsmScheduleItemRequest) => FitsmPlanResult<FitsmScheduleChange>;
  removeFitsmScheduleItem: (payload: RemoveFitsmScheduleItemRequest) => FitsmPlanResult<FitsmScheduleChange>;
  exportFitsmSchedule: (payload: ExportFitsmScheduleRequest) => FitsmPlanResult<FitsmScheduleExport>;
  getFitsmPlanSettings: (payload: Record<string, never>) => FitsmPlanResult<FitsmPlanSettingsView>;
  saveFitsmPlanSettings: (payload: SaveFitsmPlanSettingsRequest) => FitsmPlanResult<FitsmPlanSettingsView>;
};
