/**
 * The flow facts store (issue 13): every issue's {@link IssueFactsRecord} per project in the app's store, within
 * Forge KVS's limits (240 KiB per value, no prefix listing), written by the backfill and the event flush, read by
 * views through {@link FlowFactsReader.lookup}.
 *
 * Keys (all start with `flow-facts:`):
 * - `flow-facts:projects` (and `flow-facts:projects:<n>` on a site with thousands of projects): the registry of
 *   projects with facts (id, key), so a view finds an issue's project from its key (`flow-facts-registry.ts`);
 *   `flow-facts:gone:<projectId>`: when Jira first answered 404 for a registered project.
 * - `flow-facts:sync:<projectId>`: the project's {@link FactsSyncRecord} and its chunk directory
 *   ({@link FactsDirectoryValue}).
 * - `flow-facts:chunk:<projectId>:<n>`: records of one id range, encoded and sorted by id, with tombstones
 *   (layout and splitting in `flow-facts-chunks.ts`).
 * - `flow-facts:ids:<projectId>:<n>`: the backfill's listed ids, {@link LISTED_IDS_PER_VALUE} per value.
 * - `flow-facts:names` (and `flow-facts:names:<n>` on a site whose names outgrow one value): the site's status and
 *   issue type names ({@link FactsNames}, `flow-facts-names.ts`).
 * - `flow-facts:pending:<projectId>`: ids events touched, waiting for a flush or claimed by one
 *   (`flow-facts-pending.ts`); `flow-facts:catchup:<projectId>:<listedAtMs>:<n>`: the ids an overflowed set's
 *   catch-up listed.
 * - `flow-facts:props:<projectId>`: how current the project's issue properties are (`flow-facts-property-state.ts`).
 * - `flow-facts:statuses:<projectId>`: the project's workflow statuses (`flow-facts-statuses.ts`), so views of a
 *   ready project derive the default mapping without asking Jira.
 *
 * Every read-modify-write is a versioned `put` retried on a conflict with a fresh read (`flow-facts-cas.ts`), and every
 * change it applies is idempotent, so two writers at once (a backfill step and a flush, two flushes) lose nothing.
 */
import { sameFacts, type FactsNames, type IssueFactsRecord } from '../domain/flow/issue-facts';
import type { JiraStatusRef } from '../domain/flow/types';
import { FactsCas, chunkKey, directoryKey, idsKey, pendingKey, type CasOptions } from './flow-facts-cas';
import { EMPTY_DIRECTORY } from './flow-facts-chunks';
import {
  EMPTY_PENDING,
  addToPending,
  advanceCatchUp,
  startCatchUp,
  claimFromPending,
  pendingOf,
  releaseFromPending,
  removeFromPending,
  returnToPending,
  unsettledIds,
  type CatchUpProgress,
  type PendingClaim,
  type PendingOverflow,
  type PendingValue,
} from './flow-facts-pending';
import {
  EMPTY_PROPERTY_STATE,
  propertiesSettled,
  propertiesStale,
  propertiesWritten,
  propertyStateKey,
  type PropertyState,
} from './flow-facts-property-state';
import {
  LISTED_IDS_PER_VALUE,
  deleteIdValues,
  idValueCount,
  readIdValues,
  writeIdValues,
} from './flow-facts-id-values';
import { lookupFacts, projectIdsByKey, stateOf, type ProjectViewFacts } from './flow-facts-lookup';
import { FactsNamesValues } from './flow-facts-names';
import { FactsRegistry, goneKey, type FactsProject } from './flow-facts-registry';
import { FactsRecordChunks } from './flow-facts-records';
import {
  isStoredWorkflowStatuses,
  statusRefsOf,
  type StoredStatusTuple,
  type StoredWorkflowStatuses,
} from './flow-facts-statuses';
import { mapParallel } from './map-parallel';
import type { FactsLookup, FactsSyncState, FlowFactsReader } from './ports/flow-facts-port';
import type { StorePort } from './ports/store-port';

/** A project's workflow statuses (`flow-facts-statuses.ts`). */
export const statusesKey = (projectId: string): string => `flow-facts:statuses:${projectId}`;

/** One value of the ids an overflow catch-up listed at `listedAtMs` (named by it: a rival listing never mixes in). */
export const catchUpKey = (projectId: string, listedAtMs: number, n: number): string =>
  `flow-facts:catchup:${projectId}:${String(listedAtMs)}:${String(n)}`;

/** A project's sync record: the state the project page shows plus the backfill's position. */
export interface FactsSyncRecord extends FactsSyncState {
  /** Position in the listed ids the backfill loads next. */
  readonly cursor: number;
  /** Number of the backfill message that may run next (a redelivered or stale message with another step does nothing). */
  readonly step: number;
}

export type { FactsProject } from './flow-facts-registry';

/** The pending set as a flush reads it. */
export interface PendingSnapshot {
  readonly ids: readonly string[];
  /** Ids were dropped (set full): re-read the project's issues updated since `sinceMs`; pass `drops` to clear. */
  readonly overflow: PendingOverflow | null;
}

export { LISTED_IDS_PER_VALUE } from './flow-facts-id-values';

/** A chunk larger than this, as stored, is split (Forge's limit is 240 KiB: room for the split's own bytes). */
export const CHUNK_MAX_BYTES = 200_000;

/** Keys deleted at once when a project is dropped. */
const DROP_PARALLEL = 8;

/** Options (defaults for production; tests inject time, waiting and a small chunk size). */
export interface FlowFactsStoreOptions extends CasOptions {
  /** Now, epoch ms (tombstone pruning). */
  readonly clock?: () => number;
  /** Stored bytes above which a chunk is split (default {@link CHUNK_MAX_BYTES}, always below the store's limit). */
  readonly chunkMaxBytes?: number;
}

/** The chunked flow facts store over a {@link StorePort}. */
export class FlowFactsStore implements FlowFactsReader {
  private readonly cas: FactsCas;
  private readonly chunks: FactsRecordChunks;
  private readonly names: FactsNamesValues;
  private readonly registry: FactsRegistry;

  constructor(store: StorePort, options: FlowFactsStoreOptions = {}) {
    this.cas = new FactsCas(store, options);
    // Below the store's limit with room for the bytes a split piece's bounds add.
    const chunkMaxBytes = Math.min(
      options.chunkMaxBytes ?? CHUNK_MAX_BYTES,
      Math.floor(store.maxValueBytes * 0.85),
    );
    this.names = new FactsNamesValues(this.cas);
    this.registry = new FactsRegistry(this.cas);
    this.chunks = new FactsRecordChunks(this.cas, options.clock ?? (() => Date.now()), chunkMaxBytes);
  }

  // ── sync state and registry ──────────────────────────────────────────────────────────────────────────────

  async readState(projectId: string): Promise<FactsSyncState | null> {
    const { sync } = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    return sync === null ? null : stateOf(sync);
  }

  async listProjects(): Promise<readonly FactsProject[]> {
    return this.registry.list();
  }

  /**
   * Versioned read-modify-write of a project's sync record (state + cursor), retried on conflict: `fn` may run
   * more than once and must only compute from `prev`; it returns null for no change. Registers the project (and
   * a changed project key) in the registry, also when nothing changed (a registration an earlier call lost).
   */
  async updateSync(
    projectId: string,
    fn: (prev: FactsSyncRecord | null) => FactsSyncRecord | null,
  ): Promise<FactsSyncRecord | null> {
    const result: { record: FactsSyncRecord | null } = { record: null };
    await this.cas.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) => {
      const next = fn(directory.sync);
      result.record = next ?? directory.sync;
      return next === null ? null : { ...directory, sync: next };
    });
    // Also without a change (a read when registered): a registry write lost after its sync write (a store failure
    // between the two) is made by the retried message or the next view. Unregistered, a ready project was never
    // found by views (every issue live, for good) nor repaired by the nightly reconcile.
    if (result.record !== null)
      await this.registry.register({ projectId, projectKey: result.record.projectKey });
    return result.record;
  }

  /**
   * Notes that Jira answered 404 for the project at `nowMs`; true when this confirms a 404 of another night (see
   * `flow-facts-registry.ts`): the caller then drops the project with {@link dropProject}.
   */
  async noteProjectGone(projectId: string, nowMs: number): Promise<boolean> {
    return this.registry.noteGone(projectId, nowMs);
  }

  /** Forgets the project's 404s (Jira answered for it). */
  async clearProjectGone(projectId: string): Promise<void> {
    await this.registry.clearGone(projectId);
  }

  /**
   * Drops a project Jira no longer has with all its facts: registry entry first (views and the reconcile stop
   * finding it), then chunks, listed ids, pending set and catch-up listing, statuses, property state, 404 record,
   * the directory last. A view of the project later (Jira has it again) starts a new backfill.
   */
  async dropProject(projectId: string): Promise<void> {
    await this.registry.unregister(projectId);
    const directory = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    const pending = await this.readPendingValue(projectId);
    const catchUp = pending.overflow?.catchUp;
    if (catchUp !== undefined)
      await this.dropIdValues((n) => catchUpKey(projectId, catchUp.listedAtMs, n), catchUp.total);
    await this.dropListedIds(projectId);
    const keys = [
      ...Array.from({ length: directory.nextChunk }, (_, n) => chunkKey(projectId, n)),
      pendingKey(projectId),
      statusesKey(projectId),
      propertyStateKey(projectId),
      goneKey(projectId),
    ];
    await mapParallel(keys, DROP_PARALLEL, (key) => this.cas.store.delete(key));
    await this.cas.store.delete(directoryKey(projectId));
  }

  // ── listed ids ───────────────────────────────────────────────────────────────────────────────────────────

  /** Stores the backfill's listed ids (replacing an earlier listing), {@link LISTED_IDS_PER_VALUE} per value. */
  async saveListedIds(projectId: string, ids: readonly string[]): Promise<void> {
    const key = (n: number): string => idsKey(projectId, n);
    const oldValues = await idValueCount(this.cas.store, key);
    // Whole values written blind: only one backfill lists a project at a time (the sync record's step says which).
    const values = await writeIdValues(this.cas.store, key, ids);
    await deleteIdValues(this.cas.store, key, oldValues, values);
  }

  /** `count` listed ids from position `from` (fewer at the end of the listing). */
  async readListedIds(projectId: string, from: number, count: number): Promise<readonly string[]> {
    return readIdValues(this.cas.store, (n) => idsKey(projectId, n), from, count);
  }

  /** Removes the listed ids (the backfill is done with them). */
  async dropListedIds(projectId: string): Promise<void> {
    const key = (n: number): string => idsKey(projectId, n);
    await deleteIdValues(this.cas.store, key, await idValueCount(this.cas.store, key));
  }

  // ── records ──────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Writes records into the project's chunks and returns the ones that changed (new, or newer facts than
   * stored). A record older than the stored one, equal to it, or older than a tombstone of its id is refused.
   */
  async upsertFacts(
    projectId: string,
    records: readonly IssueFactsRecord[],
  ): Promise<readonly IssueFactsRecord[]> {
    return this.chunks.apply(
      projectId,
      records.map((record) => ({ kind: 'upsert', record })),
    );
  }

  /**
   * The records among `records` the project holds now with exactly these facts. After {@link upsertFacts} these
   * are the ones whose property may be written: it also finds records a write stored whose answer was lost (the
   * retry then saw them equal and did not report them), and leaves out records a newer one replaced meanwhile.
   */
  async heldEqual(
    projectId: string,
    records: readonly IssueFactsRecord[],
  ): Promise<readonly IssueFactsRecord[]> {
    if (records.length === 0) return [];
    const directory = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    const held = await this.chunks.readByIds(
      projectId,
      directory,
      records.map((record) => record.id),
    );
    return records.filter((record) => {
      const stored = held.get(record.id);
      return stored !== undefined && sameFacts(stored, record);
    });
  }

  /** Tombstones deleted issues observed at `observedMs` (their records go; older upserts are refused for 7 days). */
  async removeFacts(projectId: string, ids: readonly string[], observedMs: number): Promise<void> {
    await this.chunks.apply(
      projectId,
      ids.map((id) => ({ kind: 'remove', id, observedMs })),
    );
  }

  /** All records of the project, sorted by id. */
  async readFacts(projectId: string): Promise<readonly IssueFactsRecord[]> {
    return this.chunks.readAll(projectId);
  }

  // ── names ────────────────────────────────────────────────────────────────────────────────────────────────

  async readNames(): Promise<FactsNames> {
    return this.names.read();
  }

  /** Adds names to the site's dictionary (newer names win); no write when nothing is new. */
  async mergeNames(names: FactsNames): Promise<void> {
    await this.names.merge(names);
  }

  // ── workflow statuses ────────────────────────────────────────────────────────────────────────────────

  /** The project's stored workflow statuses (null: none stored yet, or unreadable). */
  async readWorkflowStatuses(projectId: string): Promise<StoredWorkflowStatuses | null> {
    const stored = await this.cas.store.get<unknown>(statusesKey(projectId));
    return stored !== null && isStoredWorkflowStatuses(stored.value) ? stored.value : null;
  }

  /**
   * Stores the project's workflow statuses as Jira listed them at `readAtMs` (a list read earlier than the
   * stored one is dropped). `unlisted`: status keys issues showed that this list lacks (asked again only by the
   * next reconcile).
   */
  async saveWorkflowStatuses(
    projectId: string,
    statuses: readonly StoredStatusTuple[],
    readAtMs: number,
    unlisted: readonly string[] = [],
  ): Promise<void> {
    const next: StoredWorkflowStatuses = { statuses, readAtMs, unlisted };
    const key = statusesKey(projectId);
    if (this.cas.store.storedBytes(next) > this.cas.store.maxValueBytes) {
      // A workflow too large for one value is not kept (views ask Jira for it): refusing to store it failed the
      // backfill's listing and every flush that met a new status. A list stored earlier is out of date: it goes.
      await this.cas.store.delete(key);
      return;
    }
    await this.cas.modify<unknown>(key, null, (prev) =>
      isStoredWorkflowStatuses(prev) && prev.readAtMs > readAtMs ? null : next,
    );
  }

  /**
   * The workflow statuses of the project with this key (Jira's order, as `listProjectStatuses` flattened lists
   * them, exact repeats dropped) when its facts are ready and a list is stored; null otherwise (the caller asks
   * Jira). See `flow-facts-statuses.ts` for how current the list is.
   */
  async workflowStatuses(projectKey: string): Promise<readonly JiraStatusRef[] | null> {
    // The same project lookup() takes for this key: the latest registered (a key a deleted or renamed project
    // held, now another project's, must not lend the old project's workflow to the new one).
    const projectId = projectIdsByKey(await this.listProjects()).get(projectKey);
    if (projectId === undefined) return null;
    const [state, stored] = await Promise.all([
      this.readState(projectId),
      this.readWorkflowStatuses(projectId),
    ]);
    return state?.phase === 'ready' && stored !== null ? statusRefsOf(stored.statuses) : null;
  }

  // ── pending set ──────────────────────────────────────────────────────────────────────────────────────────

  private async modifyPending(fn: (prev: PendingValue) => PendingValue | null, projectId: string) {
    return this.cas.modify(pendingKey(projectId), EMPTY_PENDING, (stored) => fn(pendingOf(stored)));
  }

  private async readPendingValue(projectId: string): Promise<PendingValue> {
    return pendingOf((await this.cas.read(pendingKey(projectId), EMPTY_PENDING)).value);
  }

  /**
   * Adds ids events touched; `flushDue` tells the caller to push a flush message (nothing waited before this
   * write, or its last flush push is overdue: exactly one of two writers at once is told).
   */
  async addPending(
    projectId: string,
    ids: readonly string[],
    nowMs: number,
  ): Promise<{ readonly flushDue: boolean }> {
    let flushDue = false;
    await this.modifyPending((prev) => {
      const next = addToPending(prev, ids, nowMs);
      flushDue = next?.flushDue ?? false;
      return next?.value ?? null;
    }, projectId);
    return { flushDue };
  }

  /** The ids whose facts may be older than Jira: waiting for a flush or being flushed. */
  async readPending(projectId: string): Promise<readonly string[]> {
    return unsettledIds(await this.readPendingValue(projectId));
  }

  /** The waiting ids and the overflow mark (ids dropped because the set was full). */
  async readPendingSet(projectId: string): Promise<PendingSnapshot> {
    const { ids, overflow } = await this.readPendingValue(projectId);
    return { ids, overflow };
  }

  /**
   * Removes waiting ids; with `overflowDrops` (the count the flush read) the overflow mark is cleared unless more
   * ids were dropped since. `remaining` counts the ids left waiting; `overflow` says the mark is still set.
   */
  async removePending(
    projectId: string,
    ids: readonly string[],
    options: { readonly overflowDrops?: number } = {},
  ): Promise<{ readonly remaining: number; readonly overflow: boolean }> {
    const value = await this.modifyPending(
      (prev) => removeFromPending(prev, ids, options.overflowDrops),
      projectId,
    );
    return { remaining: value.ids.length, overflow: value.overflow !== null };
  }

  /**
   * Claims up to `maxIds` ids for a flush at `nowMs` (those of a dead flush's claim first, then the oldest
   * waiting): they stay live for views until {@link releaseClaim}, and an event about one of them meanwhile makes
   * it wait again. The claim holds no ids when nothing is to be flushed.
   */
  async claimPending(projectId: string, maxIds: number, nowMs: number): Promise<PendingClaim> {
    // Set by the last (successful) attempt: a conflict runs the function again on a fresh read.
    const outcome: { claim: PendingClaim } = {
      claim: { atMs: nowMs, ids: [], overflow: null, remaining: 0 },
    };
    await this.modifyPending((prev) => {
      const next = claimFromPending(prev, maxIds, nowMs);
      outcome.claim = next.claim;
      return next.value;
    }, projectId);
    return outcome.claim;
  }

  /** Drops the claim made at `atMs` (its facts are stored); nothing when a later flush took it over. */
  async releaseClaim(projectId: string, atMs: number): Promise<void> {
    await this.modifyPending((prev) => releaseFromPending(prev, atMs), projectId);
  }

  /** Gives the claim made at `atMs` back to the waiting ids (its flush failed); `flushDue` as {@link addPending}. */
  async returnClaim(projectId: string, atMs: number, nowMs: number): Promise<{ readonly flushDue: boolean }> {
    let flushDue = false;
    await this.modifyPending((prev) => {
      const next = returnToPending(prev, atMs, nowMs);
      flushDue = next.flushDue;
      return next.value;
    }, projectId);
    return { flushDue };
  }

  private async dropIdValues(key: (n: number) => string, total: number): Promise<void> {
    await deleteIdValues(this.cas.store, key, Math.max(1, Math.ceil(total / LISTED_IDS_PER_VALUE)));
  }

  // ── overflow catch-up ────────────────────────────────────────────────────────────────────────────────

  /**
   * Stores the ids a flush listed at `listedAtMs` to catch up an overflowed pending set and notes the catch-up on
   * the mark. Returns the catch-up in effect: this one, or one another flush noted first (this listing then goes);
   * null when the mark is gone.
   */
  async startCatchUp(
    projectId: string,
    ids: readonly string[],
    listedAtMs: number,
  ): Promise<CatchUpProgress | null> {
    const key = (n: number): string => catchUpKey(projectId, listedAtMs, n);
    await writeIdValues(this.cas.store, key, ids);
    const value = await this.modifyPending((prev) => startCatchUp(prev, listedAtMs, ids.length), projectId);
    const catchUp = value.overflow?.catchUp ?? null;
    if (catchUp?.listedAtMs !== listedAtMs) await this.dropIdValues(key, ids.length);
    return catchUp;
  }

  /** `count` ids of the catch-up's listing from position `from`. */
  async readCatchUpIds(
    projectId: string,
    catchUp: CatchUpProgress,
    from: number,
    count: number,
  ): Promise<readonly string[]> {
    return readIdValues(this.cas.store, (n) => catchUpKey(projectId, catchUp.listedAtMs, n), from, count);
  }

  /**
   * Saves the catch-up's progress: its listing read and stored up to `cursor`. At the end its listing goes and the
   * overflow mark is cleared, unless ids were dropped after the listing (see `advanceCatchUp`). Returns the mark
   * as stored afterwards.
   */
  async advanceCatchUp(
    projectId: string,
    catchUp: CatchUpProgress,
    cursor: number,
  ): Promise<PendingOverflow | null> {
    const value = await this.modifyPending(
      (prev) => advanceCatchUp(prev, catchUp.listedAtMs, cursor),
      projectId,
    );
    const overflow = pendingOf(value).overflow;
    if (cursor >= catchUp.total && overflow?.catchUp?.listedAtMs !== catchUp.listedAtMs)
      await this.dropIdValues((n) => catchUpKey(projectId, catchUp.listedAtMs, n), catchUp.total);
    return overflow;
  }

  // ── property state ───────────────────────────────────────────────────────────────────────────────────────

  /** How current the project's issue properties are (see `flow-facts-property-state.ts`). */
  async readPropertyState(projectId: string): Promise<PropertyState> {
    return (await this.cas.read(propertyStateKey(projectId), EMPTY_PROPERTY_STATE)).value;
  }

  /** Notes properties written with the settings of `stamp` (a write only when the stamp is new). */
  async notePropertiesWritten(projectId: string, stamp: string): Promise<void> {
    await this.cas.modify(propertyStateKey(projectId), EMPTY_PROPERTY_STATE, (prev) =>
      propertiesWritten(prev, stamp),
    );
  }

  /** Notes ids whose property write failed (the nightly reconcile writes them again). */
  async notePropertiesStale(projectId: string, ids: readonly string[]): Promise<void> {
    await this.cas.modify(propertyStateKey(projectId), EMPTY_PROPERTY_STATE, (prev) =>
      propertiesStale(prev, ids),
    );
  }

  /**
   * Notes the nightly rewrite done: the stale ids it wrote leave the set; a rewrite of every property with
   * `stamp` clears the mark, unless a write with other settings came after `before` was read.
   */
  async settleProperties(
    projectId: string,
    before: PropertyState,
    done: { readonly stamp: string; readonly all: boolean; readonly written: readonly string[] },
  ): Promise<void> {
    await this.cas.modify(propertyStateKey(projectId), EMPTY_PROPERTY_STATE, (prev) =>
      propertiesSettled(prev, before, done),
    );
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────────────────────

  /** The facts of the issues a view found: see {@link lookupFacts} (a catching-up project's records are used). */
  async lookup(issues: readonly { readonly id: string; readonly key: string }[]): Promise<FactsLookup> {
    const [projects, names] = await Promise.all([this.listProjects(), this.readNames()]);
    return lookupFacts(issues, projects, names, (projectId) => this.readForView(projectId));
  }

  private async readForView(projectId: string): Promise<ProjectViewFacts> {
    const [directory, pending] = await Promise.all([
      this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY),
      this.readPendingValue(projectId),
    ]);
    return {
      sync: directory.value.sync,
      unsettled: unsettledIds(pending),
      overflowed: pending.overflow !== null,
      readRecords: (ids) => this.chunks.readByIds(projectId, directory.value, ids),
    };
  }
}
