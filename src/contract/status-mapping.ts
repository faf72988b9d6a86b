/**
 * Resolver contract of the status-mapping settings page (`jira:projectSettingsPage`): reading a project's stages,
 * saving them (project administrators only, guarded against lost updates) and the data-quality view.
 */
import type { WorkflowMapping, WorkingCalendar } from '../domain/flow/types';
import { RESOLVER_ERROR_CODES, type ResolverErrorCode } from './resolvers';

/**
 * The codes of this area on top of {@link ResolverErrorCode}: `conflict` (someone saved the settings after they
 * were loaded: reload), `invalid-mapping` (the mapping or calendar breaks a rule; `detail` names it in English,
 * the UI shows its own German/English text from the same checks).
 */
export type StatusMappingErrorCode = ResolverErrorCode | 'conflict' | 'invalid-mapping';

export const STATUS_MAPPING_ERROR_CODES: readonly StatusMappingErrorCode[] = [
  ...RESOLVER_ERROR_CODES,
  'conflict',
  'invalid-mapping',
];

export type StatusMappingResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: { readonly code: StatusMappingErrorCode; readonly detail: string };
    };

export interface ProjectRequest {
  readonly projectKey: string;
}

/** A status of the project's workflows. */
export interface ProjectStatusView {
  readonly id: string | null;
  readonly name: string;
  /** Jira category key: `new`, `indeterminate`, `done`; null when unknown. */
  readonly categoryKey: string | null;
}

/** The settings the page edits. */
export interface FlowSettingsValue {
  readonly mapping: WorkflowMapping;
  readonly calendar: WorkingCalendar;
  /** Percentile lines shown on charts, 1..99, ascending. */
  readonly percentiles: readonly number[];
}

export interface StatusMappingView extends FlowSettingsValue {
  readonly projectId: string;
  readonly projectKey: string;
  readonly projectName: string;
  /** Store version of the saved settings (send back as `expectedVersion`); null when nothing is saved yet. */
  readonly version: number | null;
  /** True when nothing is saved and the settings shown are the derived defaults. */
  readonly derived: boolean;
  /** Whether the acting user administers the project (or Jira) and so may save. */
  readonly canEdit: boolean;
  /** Every status of the project's workflows, in Jira's order. */
  readonly statuses: readonly ProjectStatusView[];
  /** What "Reset to defaults" restores: derived from the project's statuses and categories. */
  readonly defaults: FlowSettingsValue;
  /** Project statuses that no stage holds. */
  readonly unmappedStatuses: readonly string[];
}

export interface SaveStatusMappingRequest extends FlowSettingsValue {
  readonly projectKey: string;
  /** The `version` the settings were loaded with (null: nothing was saved). */
  readonly expectedVersion: number | null;
}

/** Issues carrying one warning code of the engine. */
export interface WarningGroup {
  /** Engine warning code, e.g. `unmapped-status`, `done-without-start`. */
  readonly code: string;
  readonly count: number;
  /** The first (up to 50) issue keys, in search order. */
  readonly issueKeys: readonly string[];
}

export interface DataQualityView {
  readonly projectKey: string;
  /** ISO UTC instant the engine ran for. */
  readonly asOf: string;
  /** Issues read (at most the limit). */
  readonly issueCount: number;
  /** True when the project has more issues than were read. */
  readonly truncated: boolean;
  readonly unmappedStatuses: readonly string[];
  /** Issues with at least one warning. */
  readonly issuesWithWarnings: number;
  readonly warnings: readonly WarningGroup[];
}

/** The resolvers of this area (the lead composes them into `ResolverDefs`). */
export type StatusMappingDefs = {
  getStatusMapping: (payload: ProjectRequest) => StatusMappingResult<StatusMappingView>;
  saveStatusMapping: (payload: SaveStatusMappingRequest) => StatusMappingResult<StatusMappingView>;
  getDataQuality: (payload: ProjectRequest) => StatusMappingResult<DataQualityView>;
};
