/**
 * The flow facts store (issue 13): every issue's {@link IssueFactsRecord} per project in the app's store, within
 * Forge KVS's limits (240 KiB per value, no prefix listing), written by the backfill and the event flush, read by
 * views through {@link FlowFactsReader.lookup}.
 *
 * Keys (all start with `flow-facts:`):
 * - `flow-facts:projects`: the registry of projects with facts (id, key), so a view finds an issue's project from
 *   its key.
 * - `flow-facts:sync:<projectId>`: the project's {@link FactsSyncRecord} and its chunk directory
 *   ({@link FactsDirectoryValue}).
 * - `flow-facts:chunk:<projectId>:<n>`: records of one id range, encoded and sorted by id, with tombstones
 *   (layout and splitting in `flow-facts-chunks.ts`).
 * - `flow-facts:ids:<projectId>:<n>`: the backfill's listed ids, {@link LISTED_IDS_PER_VALUE} per value.
 * - `flow-facts:names` (and `flow-facts:names:<n>` on a site whose names outgrow one value): the site's status and
 *   issue type names ({@link FactsNames}, `flow-facts-names.ts`).
 * - `flow-facts:pending:<projectId>`: ids events touched, waiting for a flush or claimed by one
 *   (`flow-facts-pending.ts`).
 * - `flow-facts:props:<projectId>`: how current the project's issue properties are (`flow-facts-property-state.ts`).
 * - `flow-facts:statuses:<projectId>`: the project's workflow statuses (`flow-facts-statuses.ts`), so views of a
 *   ready project derive the default mapping without asking Jira.
 *
 * Every read-modify-write is a versioned `put` retried on a conflict with a fresh read (`flow-facts-cas.ts`), and every
 * change it applies is idempotent, so two writers at once (a backfill step and a flush, two flushes) lose nothing.
 */
import { sameFacts, type FactsNames, type IssueFactsRecord } from '../domain/flow/issue-facts';
import type { JiraStatusRef } from '../domain/flow/types';
import { FactsCas, REGISTRY_KEY, directoryKey, idsKey, pendingKey, type CasOptions } from './flow-facts-cas';
import { EMPTY_DIRECTORY } from './flow-facts-chunks';
import {
  EMPTY_PENDING,
  addToPending,
  claimFromPending,
  pendingOf,
  releaseFromPending,
  removeFromPending,
  returnToPending,
  unsettledIds,
  type PendingClaim,
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
import { FactsNamesValues } from './flow-facts-names';
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

/** A project's sync record: the state the project page shows plus the backfill's position. */
export interface FactsSyncRecord extends FactsSyncState {
  /** Position in the listed ids the backfill loads next. */
  readonly cursor: number;
  /** Number of the backfill message that may run next (a redelivered or stale message with another step does nothing). */
  readonly step: number;
}

/** A project in the registry. */
export interface FactsProject {
  readonly projectId: string;
  readonly projectKey: string;
}

/** The pending set as a flush reads it. */
export interface PendingSnapshot {
  readonly ids: readonly string[];
  /** Ids were dropped (set full): re-read the project's issues updated since `sinceMs`; pass `drops` to clear. */
  readonly overflow: { readonly sinceMs: number; readonly drops: number } | null;
}

/** Listed ids per stored value (10,000 ids of up to 12 digits are about 160 KB as stored). */
export const LISTED_IDS_PER_VALUE = 10_000;

/** A chunk larger than this, as stored, is split (Forge's limit is 240 KiB: room for the split's own bytes). */
export const CHUNK_MAX_BYTES = 200_000;

/** Listed-id values read or written at once. */
const LISTED_PARALLEL = 8;

/** Projects a view's lookup reads at once (each reads its chunks 8 at a time). */
const LOOKUP_PARALLEL = 4;

interface RegistryValue {
  readonly projects: readonly FactsProject[];
}

interface ListedIdsValue {
  /** All ids listed (the same in every value of one listing). */
  readonly total: number;
  readonly ids: readonly string[];
}

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

  constructor(store: StorePort, options: FlowFactsStoreOptions = {}) {
    this.cas = new FactsCas(store, options);
    // Below the store's limit with room for the bytes a split piece's bounds add.
    const chunkMaxBytes = Math.min(
      options.chunkMaxBytes ?? CHUNK_MAX_BYTES,
      Math.floor(store.maxValueBytes * 0.85),
    );
    this.names = new FactsNamesValues(this.cas);
    this.chunks = new FactsRecordChunks(this.cas, options.clock ?? (() => Date.now()), chunkMaxBytes);
  }

  // ── sync state and registry ──────────────────────────────────────────────────────────────────────────────

  async readState(projectId: string): Promise<FactsSyncState | null> {
    const { sync } = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    return sync === null ? null : stateOf(sync);
  }

  async listProjects(): Promise<readonly FactsProject[]> {
    return (await this.cas.read<RegistryValue>(REGISTRY_KEY, { projects: [] })).value.projects;
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
    if (result.record !== null) await this.register({ projectId, projectKey: result.record.projectKey });
    return result.record;
  }

  private async register(project: FactsProject): Promise<void> {
    await this.cas.modify<RegistryValue>(REGISTRY_KEY, { projects: [] }, ({ projects }) => {
      const stored = projects.find((p) => p.projectId === project.projectId);
      if (stored?.projectKey === project.projectKey) return null;
      return { projects: [...projects.filter((p) => p.projectId !== project.projectId), project] };
    });
  }

  // ── listed ids ───────────────────────────────────────────────────────────────────────────────────────────

  /** Stores the backfill's listed ids (replacing an earlier listing), {@link LISTED_IDS_PER_VALUE} per value. */
  async saveListedIds(projectId: string, ids: readonly string[]): Promise<void> {
    const oldValues = await this.listedValueCount(projectId);
    const values = Math.ceil(ids.length / LISTED_IDS_PER_VALUE);
    // Whole values written blind: only one backfill lists a project at a time (the sync record's step says which).
    await mapParallel(
      Array.from({ length: Math.max(values, 1) }, (_, n) => n),
      LISTED_PARALLEL,
      (n) =>
        this.cas.store.set<ListedIdsValue>(idsKey(projectId, n), {
          total: ids.length,
          ids: ids.slice(n * LISTED_IDS_PER_VALUE, (n + 1) * LISTED_IDS_PER_VALUE),
        }),
    );
    for (let n = Math.max(values, 1); n < oldValues; n++) await this.cas.store.delete(idsKey(projectId, n));
  }

  /** `count` listed ids from position `from` (fewer at the end of the listing). */
  async readListedIds(projectId: string, from: number, count: number): Promise<readonly string[]> {
    if (count <= 0 || from < 0) return [];
    const first = Math.floor(from / LISTED_IDS_PER_VALUE);
    const last = Math.floor((from + count - 1) / LISTED_IDS_PER_VALUE);
    const values = await mapParallel(
      Array.from({ length: last - first + 1 }, (_, i) => first + i),
      LISTED_PARALLEL,
      async (n) => (await this.cas.store.get<ListedIdsValue>(idsKey(projectId, n)))?.value.ids ?? [],
    );
    const ids = values.flat();
    const offset = from - first * LISTED_IDS_PER_VALUE;
    return ids.slice(offset, offset + count);
  }

  /** Removes the listed ids (the backfill is done with them). */
  async dropListedIds(projectId: string): Promise<void> {
    const values = await this.listedValueCount(projectId);
    for (let n = 0; n < values; n++) await this.cas.store.delete(idsKey(projectId, n));
  }

  private async listedValueCount(projectId: string): Promise<number> {
    const head = await this.cas.store.get<ListedIdsValue>(idsKey(projectId, 0));
    return head === null ? 0 : Math.max(1, Math.ceil(head.value.total / LISTED_IDS_PER_VALUE));
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

  /**
   * The facts of the issues a view found (ids and keys of a search as the user). An issue's project is the
   * registered project whose key is the issue key's part before the last `-` (the key Jira gives now, so a moved
   * issue is looked up in its new project). Issues of a project that is not ready, with no record, with a record
   * of another key (stale; a record of the project's old key and the same number is its issue after a rename of
   * the project's key, given with the key searched), pending or being flushed, or of a project whose pending set
   * overflowed are `live`.
   */
  async lookup(issues: readonly { readonly id: string; readonly key: string }[]): Promise<FactsLookup> {
    const [projects, names] = await Promise.all([this.listProjects(), this.readNames()]);
    const byKey = projectIdsByKey(projects);
    const asked = new Map<string, { id: string; key: string }[]>();
    const unknown = new Set<string>();
    for (const issue of issues) {
      const projectId = byKey.get(issue.key.slice(0, Math.max(0, issue.key.lastIndexOf('-'))));
      const group = projectId === undefined ? undefined : asked.get(projectId);
      if (projectId === undefined) unknown.add(issue.id);
      else if (group === undefined) asked.set(projectId, [issue]);
      else group.push(issue);
    }
    const found = await mapParallel([...asked], LOOKUP_PARALLEL, ([projectId, group]) =>
      this.lookupProject(projectId, group),
    );
    const records = new Map<string, IssueFactsRecord>();
    const live = new Set(unknown);
    const notReady: FactsSyncState[] = [];
    for (const result of found) {
      for (const record of result.records) records.set(record.id, record);
      for (const id of result.live) live.add(id);
      if (result.notReady !== null) notReady.push(result.notReady);
    }
    // In search order, as the caller feeds them.
    return { records, live: issues.map((i) => i.id).filter((id) => live.has(id)), names, notReady };
  }

  private async lookupProject(
    projectId: string,
    issues: readonly { readonly id: string; readonly key: string }[],
  ): Promise<{ records: IssueFactsRecord[]; live: string[]; notReady: FactsSyncState | null }> {
    const [directory, pending] = await Promise.all([
      this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY),
      this.readPendingValue(projectId),
    ]);
    const { sync } = directory.value;
    const allLive = issues.map((i) => i.id);
    if (sync === null || sync.phase !== 'ready') {
      return { records: [], live: allLive, notReady: sync === null ? null : stateOf(sync) };
    }
    // Ids dropped from a full pending set are unknown: every record of the project may be stale until the flush.
    if (pending.overflow !== null) return { records: [], live: allLive, notReady: null };
    // Waiting or being flushed: the stored record may be older than Jira.
    const waiting = new Set(unsettledIds(pending));
    const wanted = issues.flatMap((issue) => (waiting.has(issue.id) ? [] : [issue.id]));
    const stored = await this.chunks.readByIds(projectId, directory.value, wanted);
    const records: IssueFactsRecord[] = [];
    const live: string[] = [];
    for (const issue of issues) {
      const record = waiting.has(issue.id) ? undefined : stored.get(issue.id);
      if (record !== undefined && record.key === issue.key) records.push(record);
      else if (record !== undefined && renamedKey(record, projectId, issue.key))
        records.push({ ...record, key: issue.key });
      else live.push(issue.id);
    }
    return { records, live, notReady: null };
  }
}

/**
 * Project id by project key: of registered projects sharing a key (a key Jira gave to a new project after the old
 * one was deleted or renamed, before the old one's entry is updated) the latest registered, which holds it now.
 */
function projectIdsByKey(projects: readonly FactsProject[]): Map<string, string> {
  return new Map(projects.map((p) => [p.projectKey, p.projectId]));
}

/**
 * Whether `key` is the record's key after its project's key changed: same project, same issue number. Renaming a
 * project's key sends no issue events, so its records keep the old keys; without this every issue of a renamed
 * project was loaded live in every view, for good (50,000 issues: ~550 requests, far beyond a resolver's 25 s). A
 * moved issue gets a number in its new project, and another key of the same number is another project.
 */
function renamedKey(record: IssueFactsRecord, projectId: string, key: string): boolean {
  const number = (k: string): string => k.slice(k.lastIndexOf('-') + 1);
  return (
    record.projectId === projectId &&
    key.lastIndexOf('-') > 0 &&
    record.key.lastIndexOf('-') > 0 &&
    number(record.key) === number(key)
  );
}

/** The state part of a sync record (what the project page and views see). */
function stateOf(record: FactsSyncRecord): FactsSyncState {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the backfill's position stays inside the store
  const { cursor, step, ...state } = record;
  return state;
}
