/**
 * The flow facts store's contract (issue 13): per issue the compact facts every flow view needs, kept in app
 * storage per project, backfilled in queue consumer runs and kept current by issue events. Views read the ids a
 * user may see (a Jira search as the user, ids and keys only) and compute from the facts of those ids, so a
 * 50,000-issue project is measured without a single changelog request.
 *
 * Types only: the record's pure functions are in `domain/flow/issue-facts.ts`, the chunked store in
 * `application/flow-facts-store.ts`, backfill/events/reconcile in `application/flow-facts-sync.ts`.
 */
import type { IssueFactsRecord, FactsNames } from '../../domain/flow/issue-facts';
import type { JiraStatusRef } from '../../domain/flow/types';

/** Where a project's facts stand. */
export type FactsSyncPhase =
  /** Backfill asked for, its first consumer run not yet started. */
  | 'queued'
  /** Reading the project's issue ids (ids only, 5,000 per page). */
  | 'listing'
  /** Loading the listed issues 1,000 at a time (fields + one changelog bulk fetch) into the store. */
  | 'loading'
  /** Every issue listed has facts; events and the nightly reconcile keep them current. */
  | 'ready'
  /** The backfill stopped on an error it cannot get past by itself (`error` says why); a view starts it again. */
  | 'failed';

/** A project's sync state, as the project page shows it. */
export interface FactsSyncState {
  readonly projectId: string;
  readonly projectKey: string;
  readonly phase: FactsSyncPhase;
  /** Issues loaded into the store so far by the backfill. */
  readonly loaded: number;
  /** Issues the backfill listed (null while listing). */
  readonly total: number | null;
  /** Consumer runs the backfill has used so far. */
  readonly runs: number;
  /** Instant the backfill started, epoch ms. */
  readonly startedAtMs: number;
  /** Instant of the last progress, epoch ms. */
  readonly updatedAtMs: number;
  /**
   * Instant up to which every change is known (the listing's start for the backfill, the reconcile's start
   * afterwards), epoch ms; null before the backfill ends.
   */
  readonly syncedUpToMs: number | null;
  /** English technical detail of a failure (phase `failed`). */
  readonly error?: string;
}

/** What a view reads: the records of the ids it was given, grouped by what is usable. */
export interface FactsLookup {
  /**
   * Records by issue id, for ids whose project is ready and whose facts are current (not pending). A map of the
   * caller's own: it may delete each record as it consumes it, so a view of 50,000 issues lets the records go while
   * the engine's timelines grow.
   */
  readonly records: Map<string, IssueFactsRecord>;
  /**
   * Ids without usable facts: their project is not ready, no record exists yet, or an event about them is still
   * waiting in the coalescing queue. The caller loads these live from Jira (as the user), so views stay exact.
   */
  readonly live: readonly string[];
  /** The status and issue type names the records refer to (ids → current names). */
  readonly names: FactsNames;
  /** Projects (ids) of the asked issues whose facts are not ready, with their state. */
  readonly notReady: readonly FactsSyncState[];
  /**
   * Projects (ids) of the asked issues catching up after their pending set overflowed (events dropped, e.g. a bulk
   * edit): their records are used, but some may be a few minutes older than Jira until the catch-up flush is done.
   * Absent: none.
   */
  readonly catchingUp?: readonly string[];
}

/** The reading side of the store, as the flow measurement service uses it. */
export interface FlowFactsReader {
  /**
   * The facts of the given issues (id and key, as the user's id search returned them; the key's project part
   * finds the project). Reads the projects' chunks in parallel; never calls Jira.
   */
  lookup(issues: readonly { readonly id: string; readonly key: string }[]): Promise<FactsLookup>;
  /**
   * The workflow statuses (with categories, Jira's order) stored with the facts of the project with this key,
   * for deriving the default mapping without a Jira request; null when the project's facts are not ready or no
   * list is stored (the caller asks Jira). Current up to the last reconcile or flush that met a status it did not
   * know: only a status no issue is in yet can be missing. Optional: a reader without it always means "ask Jira".
   */
  workflowStatuses?(projectKey: string): Promise<readonly JiraStatusRef[] | null>;
}
