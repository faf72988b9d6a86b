/**
 * Where the app keeps its OKRs: objectives and key results with versions (a stale update is refused), check-ins
 * appended without ever losing one, issue ↔ key result links, and a period's export and import as JSON.
 *
 * The use cases (OKR page, gadget, issue panel, web trigger, scheduled measuring) depend on this port only, so
 * the storage can change (key-value pages today, custom entities with query indexes later) without touching them.
 * Implementation: `application/okr-store.ts` over the app's {@link import('./store-port').StorePort}.
 */
import type { CheckIn, IssueKeyResultLink, KeyResult, Objective } from '../../domain/okr/types';

/** A stored value with the version an update must name. */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number;
}

/** What a new objective needs (the store gives the id; a new objective is not archived). */
export type NewObjective = Omit<Objective, 'id' | 'archived'>;

/** What a new key result needs. */
export type NewKeyResult = Omit<KeyResult, 'id' | 'archived'>;

/** What a new check-in needs (the store gives the id and the recording time). */
export type NewCheckIn = Omit<CheckIn, 'id' | 'recordedAtMs'>;

/**
 * The changes of an update: any field but the id (and, for a key result, its objective). Absent fields keep their
 * stored value; `parentObjectiveId: null` removes the objective's alignment (absent keeps it).
 */
export type ObjectiveChanges = Partial<Omit<Objective, 'id' | 'parentObjectiveId'>> & {
  readonly parentObjectiveId?: string | null;
};
export type KeyResultChanges = Partial<Omit<KeyResult, 'id' | 'objectiveId'>>;

/** The outcome of appending a check-in. */
export interface AppendedCheckIn {
  /** The check-in as stored; for a duplicate measurement, the id of the one recorded before. */
  readonly checkIn: CheckIn;
  /** True when the measurement id was recorded before: nothing was written. */
  readonly duplicate: boolean;
}

/** A period as JSON: everything needed to restore it on another site. */
export interface OkrPeriodExport {
  readonly format: 'three-ways-for-jira/okr-period';
  readonly formatVersion: 1;
  /** e.g. `2026-Q4` (see `periodKey` in `domain/okr/period.ts`). */
  readonly periodKey: string;
  /** When the export was made, epoch ms. */
  readonly exportedAtMs: number;
  /** All objectives of the period, archived ones too. */
  readonly objectives: readonly Objective[];
  readonly keyResults: readonly KeyResult[];
  /** Every check-in of those key results, grouped by key result, each group oldest first (`atMs`, then `recordedAtMs`). */
  readonly checkIns: readonly CheckIn[];
  readonly links: readonly IssueKeyResultLink[];
}

/** What an import wrote. */
export interface OkrImportSummary {
  readonly objectives: number;
  readonly keyResults: number;
  readonly checkIns: number;
  readonly links: number;
}

/** The objectives and key results of one period. */
export interface OkrPeriodContent {
  readonly objectives: readonly Versioned<Objective>[];
  readonly keyResults: readonly Versioned<KeyResult>[];
}

export interface OkrStorePort {
  createObjective(input: NewObjective): Promise<Versioned<Objective>>;
  getObjective(id: string): Promise<Versioned<Objective> | null>;
  /** Applies `changes` when the objective is still at `expectedVersion`; {@link OkrConflictError} otherwise. */
  updateObjective(
    id: string,
    expectedVersion: number,
    changes: ObjectiveChanges,
  ): Promise<Versioned<Objective>>;
  /** "Delete": archives the objective (kept for history and export, hidden from views). */
  archiveObjective(id: string, expectedVersion: number): Promise<Versioned<Objective>>;

  createKeyResult(input: NewKeyResult): Promise<Versioned<KeyResult>>;
  getKeyResult(id: string): Promise<Versioned<KeyResult> | null>;
  updateKeyResult(
    id: string,
    expectedVersion: number,
    changes: KeyResultChanges,
  ): Promise<Versioned<KeyResult>>;
  archiveKeyResult(id: string, expectedVersion: number): Promise<Versioned<KeyResult>>;

  /** The period's objectives and their key results; archived ones only with `includeArchived`. */
  listPeriod(periodKey: string, options?: { readonly includeArchived?: boolean }): Promise<OkrPeriodContent>;

  /** Appends a check-in; concurrent appends all land. Idempotent by measurement id. */
  appendCheckIn(input: NewCheckIn): Promise<AppendedCheckIn>;
  /** A key result's check-ins, oldest first (by `atMs`, then `recordedAtMs`). */
  checkIns(keyResultId: string): Promise<readonly CheckIn[]>;

  /** Links an issue to a key result (nothing happens when linked already). */
  linkIssue(issueId: string, keyResultId: string): Promise<void>;
  unlinkIssue(issueId: string, keyResultId: string): Promise<void>;
  /** Issue ids linked to a key result. */
  issuesOf(keyResultId: string): Promise<readonly string[]>;
  /** Key result ids an issue serves. */
  keyResultsOf(issueId: string): Promise<readonly string[]>;

  exportPeriod(periodKey: string): Promise<OkrPeriodExport>;
  /** Restores an export; refuses (writing nothing) when it is invalid or an id exists already. */
  importPeriod(data: unknown): Promise<OkrImportSummary>;
}

/** An objective or key result changed since the caller read it: reload and apply the change again. */
export class OkrConflictError extends Error {
  override readonly name = 'OkrConflictError';
  constructor(
    readonly entityId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      `${entityId} was changed by someone else (version ${actualVersion === null ? 'none' : String(actualVersion)}, ` +
        `not ${String(expectedVersion)}): reload it and apply your change again.`,
    );
  }
}

/** The objective or key result does not exist. */
export class OkrNotFoundError extends Error {
  override readonly name = 'OkrNotFoundError';
  constructor(readonly entityId: string) {
    super(`${entityId} does not exist: it may have been imported elsewhere or never saved.`);
  }
}

/** The input broke a rule of the OKR model; `problems` name each field and what to do. */
export class OkrValidationError extends Error {
  override readonly name = 'OkrValidationError';
  constructor(
    readonly problems: readonly { readonly path: string; readonly message: string }[],
    what: string,
  ) {
    super(`The ${what} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}.`);
  }
}

/** A check-in could not be appended in the attempts allowed (the store stayed too busy): try again later. */
export class OkrBusyError extends Error {
  override readonly name = 'OkrBusyError';
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`The store stayed busy for "${key}" through ${String(attempts)} attempts: try again in a moment.`);
  }
}
