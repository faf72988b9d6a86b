/**
 * Resolver contract of the OKR modules: the OKR page (`jira:globalPage`), the OKR gadget (`jira:dashboardGadget`,
 * view + edit) and the issue panel's "Key Results" section. Types only; every payload is validated at run time in
 * `src/entry/resolvers/okr-handlers.ts` (valibot), whatever these types say.
 *
 * Units: instants epoch ms (UTC); calendar dates `YYYY-MM-DD` in the period's IANA time zone; progress, expected
 * progress and grades shares 0..1; confidence 0..10; values in the key result's unit (flow times in days,
 * throughput in issues per week, flow efficiency a share 0..1).
 */
import type { OkrStatus } from '../domain/okr/progress';
import type {
  CheckInSource,
  KeyResult,
  KeyResultDirection,
  KeyResultKind,
  KeyResultSource,
  Objective,
  OkrPeriod,
  OkrScope,
} from '../domain/okr/types';
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from './resolvers';

export type { OkrStatus } from '../domain/okr/progress';
export type {
  CheckInSource,
  FlowKrMetric,
  KeyResult,
  KeyResultDirection,
  KeyResultKind,
  KeyResultSource,
  MeasurementScope,
  Objective,
  OkrPeriod,
  OkrScope,
} from '../domain/okr/types';
export { FLOW_KR_METRICS } from '../domain/okr/types';

/**
 * Codes of this area on top of {@link ResolverErrorCode}:
 * - `conflict`: the objective or key result changed since it was loaded; reload (the UI keeps the user's input);
 * - `invalid-okr`: the objective, key result or check-in breaks a rule; `detail` names the field and rule;
 * - `period-closed`: the period is graded and closed: its objectives and values no longer change;
 * - `busy`: the store stayed busy (many concurrent check-ins): try again in a moment;
 * - `measure-failed`: measuring the key result from Jira failed; `detail` says why (e.g. the JQL is invalid).
 */
export type OkrErrorCode =
  ResolverErrorCode | 'conflict' | 'invalid-okr' | 'period-closed' | 'busy' | 'measure-failed';

export const OKR_ERROR_CODES: readonly OkrErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-okr',
  'period-closed',
  'busy',
  'measure-failed',
];

export type OkrResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: OkrErrorCode; readonly detail: string } };

// ---------------------------------------------------------------------------------------------------------------
// Shared views

/** A person as the views show them (display name read as the viewer; the account id when Jira has none). */
export interface OkrPersonView {
  readonly accountId: string;
  readonly displayName: string;
}

/** One point of a key result's history (sparkline, history chart). */
export interface OkrHistoryPoint {
  readonly atMs: number;
  readonly value: number;
  readonly source: CheckInSource;
}

/** An issue linked to a key result, as the viewer may browse it (issues they may not browse are never listed). */
export interface OkrLinkedIssueView {
  readonly issueId: string;
  readonly issueKey: string;
  readonly summary: string;
  readonly statusName: string;
  /** Jira's status category key: `new`, `indeterminate` or `done`. */
  readonly statusCategory: 'new' | 'indeterminate' | 'done';
  /** True when the issue is an improvement (CSI issue type): an experiment made toward the key result. */
  readonly isImprovement: boolean;
}

/** A key result with what the views show at the time of the answer. */
export interface KeyResultView {
  readonly keyResult: KeyResult;
  /** Store version to send back with an update. */
  readonly version: number;
  readonly owner: OkrPersonView;
  /** Start and target in the key result's unit (for flow metrics and counts: from the baseline, once measured). */
  readonly start: number | null;
  readonly target: number | null;
  readonly currentValue: number | null;
  readonly currentAtMs: number | null;
  readonly progress: number;
  readonly expected: number;
  readonly status: OkrStatus;
  /** The owners' latest confidence 0..10, null when never given. */
  readonly confidence: number | null;
  /** The last ≤ 30 values, oldest first (sparkline). */
  readonly history: readonly OkrHistoryPoint[];
  /** Issues linked to the key result: all of them. */
  readonly linkedIssueCount: number;
  /** When it was last measured from Jira (measured and external key results), null when never. */
  readonly lastMeasuredAtMs: number | null;
  /** The viewer may edit it and check in (Jira admin, OKR editor group, or owner of it or its objective). */
  readonly canEdit: boolean;
}

export interface ObjectiveView {
  readonly objective: Objective;
  readonly version: number;
  readonly owner: OkrPersonView;
  readonly progress: number;
  readonly expected: number;
  readonly status: OkrStatus;
  readonly keyResults: readonly KeyResultView[];
  /** When the period was closed: the objective's grade 0..1 and each key result's. */
  readonly grading: {
    readonly objectiveGrade: number;
    readonly keyResults: readonly { readonly keyResultId: string; readonly grade: number }[];
  } | null;
  readonly canEdit: boolean;
}

/** A period the app knows OKRs for (for the period picker). */
export interface OkrPeriodOption {
  /** `periodKey` of `domain/okr/period.ts`, e.g. `2026-Q4`. */
  readonly periodKey: string;
  readonly period: OkrPeriod;
  readonly objectiveCount: number;
  readonly closed: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// OKR page

export interface OkrOverviewRequest {
  /** The period to show; absent: the current quarter in the viewer's time zone. */
  readonly periodKey?: string;
  /** Only objectives of this project (and the team objectives they align to); absent: all. */
  readonly projectKey?: string;
  readonly includeArchived?: boolean;
}

export interface OkrOverview {
  readonly periodKey: string;
  readonly period: OkrPeriod;
  /** Elapsed share of the period at `asOfMs`, 0..1. */
  readonly elapsed: number;
  readonly asOfMs: number;
  /** Objectives in alignment order: each parent before its children (`parentObjectiveId`). */
  readonly objectives: readonly ObjectiveView[];
  readonly periods: readonly OkrPeriodOption[];
  /** Closed (graded) periods no longer change. */
  readonly closed: boolean;
  /** The viewer may create objectives (Jira admin or OKR editor group). */
  readonly canCreate: boolean;
  /** The viewer may close the period and change the OKR settings (Jira admin). */
  readonly canAdminister: boolean;
}

export interface KeyResultDetailRequest {
  readonly keyResultId: string;
}

export interface KeyResultDetail {
  readonly view: KeyResultView;
  readonly objective: { readonly id: string; readonly title: string; readonly period: OkrPeriod };
  /** Every check-in, oldest first. */
  readonly checkIns: readonly {
    readonly id: string;
    readonly value: number;
    readonly confidence: number | null;
    readonly note: string;
    readonly author: OkrPersonView;
    readonly atMs: number;
    readonly recordedAtMs: number;
    readonly source: CheckInSource;
  }[];
  /** Linked issues the viewer may browse (≤ 200, the rest counted in `hiddenOrMoreCount`). */
  readonly linkedIssues: readonly OkrLinkedIssueView[];
  /** Linked issues not listed: not browsable by the viewer, or beyond the first 200. */
  readonly hiddenOrMoreCount: number;
  /** For external key results and the viewer allowed to edit: the web trigger's URL; null otherwise. */
  readonly webTriggerUrl: string | null;
  /** True when a secret was issued (it is shown once, on rotation only). */
  readonly hasSecret: boolean;
}

/** Create (no `id`) or update (with `id` and `expectedVersion`) an objective. */
export interface SaveObjectiveRequest {
  readonly id?: string;
  readonly expectedVersion?: number;
  readonly objective: {
    readonly title: string;
    readonly description: string;
    readonly period: OkrPeriod;
    readonly ownerAccountId: string;
    readonly scope: OkrScope;
    readonly parentObjectiveId?: string;
  };
}

/** Create (no `id`) or update (with `id` and `expectedVersion`) a key result. */
export interface SaveKeyResultRequest {
  readonly id?: string;
  readonly expectedVersion?: number;
  readonly keyResult: {
    readonly objectiveId: string;
    readonly title: string;
    readonly ownerAccountId: string;
    readonly weight: number;
    readonly unit: string;
    readonly direction: KeyResultDirection;
    readonly kind: KeyResultKind;
    readonly source: KeyResultSource;
  };
}

export interface SavedOkrEntity {
  readonly id: string;
  readonly version: number;
}

/** "Delete": archives (kept for history and export). */
export interface ArchiveOkrRequest {
  readonly id: string;
  readonly expectedVersion: number;
}

export interface CheckInRequest {
  readonly keyResultId: string;
  readonly value: number;
  /** 0..10. */
  readonly confidence?: number;
  readonly note: string;
  /** When the value held (backdating); absent: now. Not in the future, not before the period. */
  readonly atMs?: number;
}

export interface CheckInAnswer {
  readonly checkInId: string;
  readonly view: KeyResultView;
}

export interface MeasureKeyResultRequest {
  readonly keyResultId: string;
}

/** The measured value was recorded as a check-in of source `measured` (also when unchanged: the history shows it). */
export interface MeasureKeyResultAnswer {
  readonly value: number;
  /** The baseline measured on the way (flow metric, issue count, CSAT), null otherwise. */
  readonly baselineValue: number | null;
  /** Issues the measurement counted. */
  readonly issueCount: number;
  readonly view: KeyResultView;
}

export interface IssueKeyResultsRequest {
  readonly issueKey: string;
}

/** The key results an issue serves (issue panel section "Key Results"). */
export interface IssueKeyResults {
  readonly issueId: string;
  readonly issueKey: string;
  readonly keyResults: readonly {
    readonly keyResultId: string;
    readonly title: string;
    readonly objectiveId: string;
    readonly objectiveTitle: string;
    readonly periodKey: string;
    readonly progress: number;
    readonly status: OkrStatus;
  }[];
  /** The viewer may link and unlink (may edit the issue in Jira). */
  readonly canLink: boolean;
}

export interface SearchKeyResultsRequest {
  /** Words of the title or a `KR-<n>` id; empty: the current period's key results. */
  readonly query: string;
}

export interface KeyResultSearchHit {
  readonly keyResultId: string;
  readonly title: string;
  readonly objectiveTitle: string;
  readonly periodKey: string;
}

export interface LinkIssueRequest {
  readonly issueKey: string;
  readonly keyResultId: string;
}

export interface CloseOkrPeriodRequest {
  readonly periodKey: string;
}

export interface RotateSecretRequest {
  readonly keyResultId: string;
}

/** The new secret is shown this once; the old one stops working. */
export interface RotatedSecret {
  readonly keyResultId: string;
  readonly secret: string;
  readonly webTriggerUrl: string;
  /** A ready-to-run example (bash, openssl) sending one value. */
  readonly curlExample: string;
}

export interface ExportOkrPeriodRequest {
  readonly periodKey: string;
}

export interface ImportOkrPeriodRequest {
  /** What `exportOkrPeriod` gave (the OKR store validates it). */
  readonly data: unknown;
}

export interface OkrImportAnswer {
  readonly objectives: number;
  readonly keyResults: number;
  readonly checkIns: number;
  readonly links: number;
}

// ---------------------------------------------------------------------------------------------------------------
// OKR gadget (the gadget of the invocation: Forge's context names it; no payload names a gadget)

export interface OkrGadgetConfig {
  /** `current`: the current quarter at each view; `fixed`: the period of `periodKey`. */
  readonly period: { readonly kind: 'current' } | { readonly kind: 'fixed'; readonly periodKey: string };
  /** Only objectives of this project; absent: all. */
  readonly projectKey?: string;
  readonly layout: 'compact' | 'detailed';
  readonly title?: string;
}

export interface OkrGadgetConfigAnswer {
  readonly config: OkrGadgetConfig | null;
  readonly version: number | null;
}

export interface SaveOkrGadgetConfigRequest {
  readonly config: OkrGadgetConfig;
  readonly expectedVersion: number | null;
}

export type SaveOkrGadgetConfigAnswer =
  | { readonly status: 'saved'; readonly version: number }
  | { readonly status: 'conflict'; readonly current: OkrGadgetConfigAnswer };

/** The gadget's one answer: its config and, when configured, the OKRs with the linked issues the viewer may browse. */
export interface OkrGadgetView {
  readonly config: OkrGadgetConfig | null;
  readonly version: number | null;
  readonly overview: OkrOverview | null;
  /** Per key result id: up to 10 linked issues the viewer may browse (detailed layout), with their status. */
  readonly linkedIssues: Readonly<Record<string, readonly OkrLinkedIssueView[]>>;
  /** Jira requests the answer took (shown nowhere; measured by the bench). */
  readonly jiraRequests: number;
}

export type OkrGadgetViewRequest = Readonly<Record<string, never>>;

// ---------------------------------------------------------------------------------------------------------------
// Settings

/** OKR settings (Jira admins): who else may edit OKRs, and the status thresholds. */
export interface OkrSettings {
  /** Members of this Jira group may create and edit every objective; null: only admins and owners. */
  readonly editorGroupName: string | null;
  /** On track when progress ≥ onTrack × expected; at risk when ≥ atRisk × expected (0 < atRisk < onTrack ≤ 1). */
  readonly thresholds: { readonly onTrack: number; readonly atRisk: number };
}

export interface SaveOkrSettingsRequest {
  readonly settings: OkrSettings;
  readonly expectedVersion: number | null;
}

/** The OKR resolvers, one typed map (merged into `ResolverDefs`). */
export type OkrDefs = {
  getOkrOverview: (payload: OkrOverviewRequest) => OkrResult<OkrOverview>;
  getKeyResultDetail: (payload: KeyResultDetailRequest) => OkrResult<KeyResultDetail>;
  saveObjective: (payload: SaveObjectiveRequest) => OkrResult<SavedOkrEntity>;
  archiveObjective: (payload: ArchiveOkrRequest) => OkrResult<SavedOkrEntity>;
  saveKeyResult: (payload: SaveKeyResultRequest) => OkrResult<SavedOkrEntity>;
  archiveKeyResult: (payload: ArchiveOkrRequest) => OkrResult<SavedOkrEntity>;
  checkInKeyResult: (payload: CheckInRequest) => OkrResult<CheckInAnswer>;
  measureKeyResult: (payload: MeasureKeyResultRequest) => OkrResult<MeasureKeyResultAnswer>;
  getIssueKeyResults: (payload: IssueKeyResultsRequest) => OkrResult<IssueKeyResults>;
  searchKeyResults: (payload: SearchKeyResultsRequest) => OkrResult<readonly KeyResultSearchHit[]>;
  linkIssueToKeyResult: (payload: LinkIssueRequest) => OkrResult<IssueKeyResults>;
  unlinkIssueFromKeyResult: (payload: LinkIssueRequest) => OkrResult<IssueKeyResults>;
  closeOkrPeriod: (payload: CloseOkrPeriodRequest) => OkrResult<OkrOverview>;
  rotateKeyResultSecret: (payload: RotateSecretRequest) => OkrResult<RotatedSecret>;
  exportOkrPeriod: (payload: ExportOkrPeriodRequest) => OkrResult<unknown>;
  importOkrPeriod: (payload: ImportOkrPeriodRequest) => OkrResult<OkrImportAnswer>;
  getOkrSettings: (payload: Readonly<Record<string, never>>) => OkrResult<{
    readonly settings: OkrSettings;
    readonly version: number | null;
  }>;
  saveOkrSettings: (payload: SaveOkrSettingsRequest) => OkrResult<{ readonly version: number }>;
  getOkrGadget: (payload: OkrGadgetViewRequest) => OkrResult<OkrGadgetView>;
  saveOkrGadgetConfig: (payload: SaveOkrGadgetConfigRequest) => OkrResult<SaveOkrGadgetConfigAnswer>;
};
