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
 * - `flow-facts:names`: the site's status and issue type names ({@link FactsNames}).
 * - `flow-facts:pending:<projectId>`: ids events touched, waiting for a flush (`flow-facts-pending.ts`).
 *
 * Every read-modify-write is a versioned `put` retried on {@link StoreConflictError} with a fresh read, and every
 * change it applies is idempotent, so two writers at once (a backfill step and a flush, two flushes) lose nothing.
 */
import {
  decodeFacts,
  encodeFacts,
  mergeFactsNames,
  sameFacts,
  type FactsNames,
  type IssueFactsRecord,
} from '../domain/flow/issue-facts';
import {
  EMPTY_CHUNK,
  EMPTY_DIRECTORY,
  applyOperations,
  beyondChunk,
  chunkValueOf,
  compareIds,
  contentOfChunk,
  cutPieces,
  entryFigures,
  operationId,
  pieceValue,
  routeIndex,
  withChunkEntries,
  type ChunkOperation,
  type FactsChunkEntry,
  type FactsChunkValue,
  type FactsCodec,
  type FactsDirectoryValue,
} from './flow-facts-chunks';
import { EMPTY_PENDING, addToPending, removeFromPending, type PendingValue } from './flow-facts-pending';
import { mapParallel } from './map-parallel';
import type { FactsLookup, FactsSyncState, FlowFactsReader } from './ports/flow-facts-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

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

/** Chunks read at once by a view or a full read. */
const READ_PARALLEL = 8;

const REGISTRY_KEY = 'flow-facts:projects';
const NAMES_KEY = 'flow-facts:names';
const directoryKey = (projectId: string): string => `flow-facts:sync:${projectId}`;
const chunkKey = (projectId: string, n: number): string => `flow-facts:chunk:${projectId}:${String(n)}`;
const idsKey = (projectId: string, n: number): string => `flow-facts:ids:${projectId}:${String(n)}`;
const pendingKey = (projectId: string): string => `flow-facts:pending:${projectId}`;

interface RegistryValue {
  readonly projects: readonly FactsProject[];
}

interface ListedIdsValue {
  /** All ids listed (the same in every value of one listing). */
  readonly total: number;
  readonly ids: readonly string[];
}

const EMPTY_NAMES: FactsNames = { statuses: {}, types: {} };

const CODEC: FactsCodec = { encode: encodeFacts, decode: decodeFacts, same: sameFacts };

/** Options (defaults for production; tests inject time, waiting and a small chunk size). */
export interface FlowFactsStoreOptions {
  /** Now, epoch ms (tombstone pruning). */
  readonly clock?: () => number;
  /** Waits `ms` milliseconds between compare-and-set attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1) (backoff jitter). */
  readonly random?: () => number;
  /** Most compare-and-set attempts of one write (default 60). */
  readonly maxAttempts?: number;
  /** Stored bytes above which a chunk is split (default {@link CHUNK_MAX_BYTES}, always below the store's limit). */
  readonly chunkMaxBytes?: number;
}

/** A read value with its version (null: the key holds nothing). */
interface Versioned<T> {
  readonly value: T;
  readonly version: number | null;
}

/** The chunked flow facts store over a {@link StorePort}. */
export class FlowFactsStore implements FlowFactsReader {
  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  /** Split threshold and the fill of split pieces (a tenth below, so updated records grow without a new split). */
  private readonly chunkMaxBytes: number;
  private readonly chunkFillBytes: number;

  constructor(
    private readonly store: StorePort,
    options: FlowFactsStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => Date.now());
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 60;
    this.chunkMaxBytes = Math.min(
      options.chunkMaxBytes ?? CHUNK_MAX_BYTES,
      Math.floor(store.maxValueBytes * 0.85),
    );
    this.chunkFillBytes = Math.floor(this.chunkMaxBytes * 0.9);
  }

  // ── sync state and registry ──────────────────────────────────────────────────────────────────────────────

  async readState(projectId: string): Promise<FactsSyncState | null> {
    const { sync } = (await this.readVersioned(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    return sync === null ? null : stateOf(sync);
  }

  async listProjects(): Promise<readonly FactsProject[]> {
    return (await this.readVersioned<RegistryValue>(REGISTRY_KEY, { projects: [] })).value.projects;
  }

  /**
   * Versioned read-modify-write of a project's sync record (state + cursor), retried on conflict: `fn` may run
   * more than once and must only compute from `prev`; it returns null for no change. Registers the project (and
   * a changed project key) in the registry.
   */
  async updateSync(
    projectId: string,
    fn: (prev: FactsSyncRecord | null) => FactsSyncRecord | null,
  ): Promise<FactsSyncRecord | null> {
    const result: { record: FactsSyncRecord | null; wrote: boolean } = { record: null, wrote: false };
    await this.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) => {
      const next = fn(directory.sync);
      result.record = next ?? directory.sync;
      result.wrote = next !== null;
      return next === null ? null : { ...directory, sync: next };
    });
    if (result.wrote && result.record !== null) {
      await this.register({ projectId, projectKey: result.record.projectKey });
    }
    return result.record;
  }

  private async register(project: FactsProject): Promise<void> {
    await this.modify<RegistryValue>(REGISTRY_KEY, { projects: [] }, ({ projects }) => {
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
      READ_PARALLEL,
      (n) =>
        this.store.set<ListedIdsValue>(idsKey(projectId, n), {
          total: ids.length,
          ids: ids.slice(n * LISTED_IDS_PER_VALUE, (n + 1) * LISTED_IDS_PER_VALUE),
        }),
    );
    for (let n = Math.max(values, 1); n < oldValues; n++) await this.store.delete(idsKey(projectId, n));
  }

  /** `count` listed ids from position `from` (fewer at the end of the listing). */
  async readListedIds(projectId: string, from: number, count: number): Promise<readonly string[]> {
    if (count <= 0 || from < 0) return [];
    const first = Math.floor(from / LISTED_IDS_PER_VALUE);
    const last = Math.floor((from + count - 1) / LISTED_IDS_PER_VALUE);
    const values = await mapParallel(
      Array.from({ length: last - first + 1 }, (_, i) => first + i),
      READ_PARALLEL,
      async (n) => (await this.store.get<ListedIdsValue>(idsKey(projectId, n)))?.value.ids ?? [],
    );
    const ids = values.flat();
    const offset = from - first * LISTED_IDS_PER_VALUE;
    return ids.slice(offset, offset + count);
  }

  /** Removes the listed ids (the backfill is done with them). */
  async dropListedIds(projectId: string): Promise<void> {
    const values = await this.listedValueCount(projectId);
    for (let n = 0; n < values; n++) await this.store.delete(idsKey(projectId, n));
  }

  private async listedValueCount(projectId: string): Promise<number> {
    const head = await this.store.get<ListedIdsValue>(idsKey(projectId, 0));
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
    return this.applyToProject(
      projectId,
      records.map((record) => ({ kind: 'upsert', record })),
    );
  }

  /** Tombstones deleted issues observed at `observedMs` (their records go; older upserts are refused for 7 days). */
  async removeFacts(projectId: string, ids: readonly string[], observedMs: number): Promise<void> {
    await this.applyToProject(
      projectId,
      ids.map((id) => ({ kind: 'remove', id, observedMs })),
    );
  }

  /** All records of the project, sorted by id. */
  async readFacts(projectId: string): Promise<readonly IssueFactsRecord[]> {
    const directory = (await this.readVersioned(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    const listed = new Set(directory.chunks.map((chunk) => chunk.n));
    const chunks = await this.readChunks(projectId, [...listed], listed);
    const records: IssueFactsRecord[] = [];
    for (const chunk of chunks.values()) {
      for (const raw of chunk.records) {
        const record = decodeFacts(raw);
        if (record !== null) records.push(record);
      }
    }
    return records.sort((a, b) => compareIds(a.id, b.id));
  }

  /**
   * Reads the chunks `numbers` in parallel and, after them, every chunk their right links name that was not
   * asked for (one a split made and the directory does not list yet).
   */
  private async readChunks(
    projectId: string,
    numbers: readonly number[],
    listed: ReadonlySet<number>,
  ): Promise<Map<number, FactsChunkValue>> {
    const read = new Map<number, FactsChunkValue>();
    let wanted = [...new Set(numbers)];
    while (wanted.length > 0) {
      const values = await mapParallel(wanted, READ_PARALLEL, async (n) => {
        const stored = await this.store.get<FactsChunkValue>(chunkKey(projectId, n));
        return stored?.value ?? EMPTY_CHUNK;
      });
      wanted.forEach((n, i) => read.set(n, values[i] as FactsChunkValue));
      // A link to a listed chunk is the directory's own next entry: only unlisted ones hold ids routed here.
      wanted = [
        ...new Set(
          values.flatMap((v) =>
            v.next !== null && !listed.has(v.next) && !read.has(v.next) ? [v.next] : [],
          ),
        ),
      ];
    }
    return read;
  }

  private async applyToProject(
    projectId: string,
    operations: readonly ChunkOperation[],
  ): Promise<readonly IssueFactsRecord[]> {
    if (operations.length === 0) return [];
    let directory = (await this.readVersioned(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    if (directory.chunks.length === 0) directory = await this.createFirstChunk(projectId);
    const sorted = [...operations].sort((a, b) => compareIds(operationId(a), operationId(b)));
    const groups = new Map<number, ChunkOperation[]>();
    for (const operation of sorted) {
      const n = (directory.chunks[routeIndex(directory.chunks, operationId(operation))] as FactsChunkEntry).n;
      groups.set(n, [...(groups.get(n) ?? []), operation]);
    }
    const changed = await mapParallel([...groups], 4, ([n, group]) => this.applyToChunk(projectId, n, group));
    return changed.flat();
  }

  private async createFirstChunk(projectId: string): Promise<FactsDirectoryValue> {
    return this.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) =>
      directory.chunks.length > 0
        ? null
        : {
            ...directory,
            chunks: [{ n: 0, from: null, lo: null, hi: null, count: 0, v: 0 }],
            nextChunk: Math.max(directory.nextChunk, 1),
          },
    );
  }

  /**
   * Applies operations (sorted by id) to chunk `n`, retried with a fresh read on conflict. Operations at or beyond
   * the chunk's upper bound go on to its right neighbour (a split the caller's directory did not know yet).
   */
  private async applyToChunk(
    projectId: string,
    n: number,
    operations: readonly ChunkOperation[],
  ): Promise<IssueFactsRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const { value: chunk, version } = await this.readVersioned<FactsChunkValue>(
        chunkKey(projectId, n),
        EMPTY_CHUNK,
      );
      const here = operations.filter((operation) => !beyondChunk(chunk, operationId(operation)));
      const beyond = operations.filter((operation) => beyondChunk(chunk, operationId(operation)));
      const content = contentOfChunk(chunk, CODEC);
      const { changed, dirty } = applyOperations(content, here, this.clock(), CODEC);
      try {
        if (dirty) await this.writeChunk(projectId, n, chunk, content, version);
      } catch (error) {
        if (!(error instanceof StoreConflictError) || attempt >= this.maxAttempts) throw error;
        await this.backoff(attempt);
        continue;
      }
      if (beyond.length === 0 || chunk.next === null) return changed;
      return [...changed, ...(await this.followLink(projectId, chunk, beyond))];
    }
  }

  /** Continues operations in the right neighbour and lists it in the directory if a crashed split did not. */
  private async followLink(
    projectId: string,
    chunk: FactsChunkValue,
    operations: readonly ChunkOperation[],
  ): Promise<IssueFactsRecord[]> {
    const next = chunk.next as number;
    const changed = await this.applyToChunk(projectId, next, operations);
    const directory = (await this.readVersioned(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    if (!directory.chunks.some((entry) => entry.n === next)) {
      await this.updateEntries(projectId, [
        { n: next, from: chunk.upTo, lo: null, hi: null, count: 0, v: 0 },
      ]);
    }
    return changed;
  }

  /**
   * Writes a changed chunk from the version read; a chunk over the size limit is split: the new chunks (the upper
   * pieces, each linked to the next) are written first, then the chunk itself with the first piece and the link
   * (the split's commit: a conflict there leaves only unlinked new chunks, removed again), then the directory.
   */
  private async writeChunk(
    projectId: string,
    n: number,
    chunk: FactsChunkValue,
    content: ReturnType<typeof contentOfChunk>,
    version: number | null,
  ): Promise<void> {
    const value = chunkValueOf(content, chunk.upTo, chunk.next);
    if (this.store.storedBytes(value) <= this.chunkMaxBytes) {
      const written = await this.store.put<FactsChunkValue>(chunkKey(projectId, n), value, version);
      await this.updateEntries(projectId, [
        { n, from: null, ...entryFigures(value, written.version, CODEC) },
      ]);
      return;
    }
    const pieces = cutPieces(content, this.chunkFillBytes, (v) => this.store.storedBytes(v));
    const numbers = await this.allocateChunks(projectId, pieces.length - 1);
    const entries: FactsChunkEntry[] = [];
    const made: number[] = [];
    try {
      for (let i = pieces.length - 1; i >= 1; i--) {
        const upTo = pieces[i + 1]?.from ?? chunk.upTo;
        const next = numbers[i] ?? chunk.next;
        const pieceN = numbers[i - 1] as number;
        const piece = pieceValue(pieces[i] as (typeof pieces)[number], upTo, next);
        const written = await this.store.put<FactsChunkValue>(chunkKey(projectId, pieceN), piece, null);
        made.push(pieceN);
        entries.push({
          n: pieceN,
          from: (pieces[i] as (typeof pieces)[number]).from,
          ...entryFigures(piece, written.version, CODEC),
        });
      }
      const first = pieceValue(
        pieces[0] as (typeof pieces)[number],
        pieces[1]?.from ?? chunk.upTo,
        numbers[0] ?? chunk.next,
      );
      const written = await this.store.put<FactsChunkValue>(chunkKey(projectId, n), first, version);
      entries.push({ n, from: null, ...entryFigures(first, written.version, CODEC) });
    } catch (error) {
      await Promise.all(made.map((m) => this.store.delete(chunkKey(projectId, m))));
      throw error;
    }
    await this.updateEntries(projectId, entries);
  }

  /** Reserves `count` new chunk numbers in the directory. */
  private async allocateChunks(projectId: string, count: number): Promise<number[]> {
    let first = 0;
    await this.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) => {
      first = directory.nextChunk;
      return { ...directory, nextChunk: directory.nextChunk + count };
    });
    return Array.from({ length: count }, (_, i) => first + i);
  }

  private async updateEntries(projectId: string, entries: readonly FactsChunkEntry[]): Promise<void> {
    await this.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) =>
      withChunkEntries(directory, entries),
    );
  }

  // ── names ────────────────────────────────────────────────────────────────────────────────────────────────

  async readNames(): Promise<FactsNames> {
    return (await this.readVersioned(NAMES_KEY, EMPTY_NAMES)).value;
  }

  /** Adds names to the site's dictionary (newer names win); no write when nothing is new. */
  async mergeNames(names: FactsNames): Promise<void> {
    await this.modify(NAMES_KEY, EMPTY_NAMES, (stored) => {
      const merged = mergeFactsNames(stored, names);
      return sameNames(stored, merged) ? null : merged;
    });
  }

  // ── pending set ──────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Adds ids events touched; `flushDue` tells the caller to push a flush message (the set was empty before this
   * write, or its last flush push is overdue: exactly one of two writers at once is told).
   */
  async addPending(
    projectId: string,
    ids: readonly string[],
    nowMs: number,
  ): Promise<{ readonly flushDue: boolean }> {
    let flushDue = false;
    await this.modify(pendingKey(projectId), EMPTY_PENDING, (prev) => {
      const next = addToPending(prev, ids, nowMs);
      flushDue = next?.flushDue ?? false;
      return next?.value ?? null;
    });
    return { flushDue };
  }

  /** The pending ids (see {@link FlowFactsStore.readPendingSet} for the overflow mark). */
  async readPending(projectId: string): Promise<readonly string[]> {
    return (await this.readPendingSet(projectId)).ids;
  }

  /** The pending ids and the overflow mark (ids dropped because the set was full). */
  async readPendingSet(projectId: string): Promise<PendingSnapshot> {
    const { ids, overflow } = (await this.readVersioned(pendingKey(projectId), EMPTY_PENDING)).value;
    return { ids, overflow };
  }

  /**
   * Removes flushed ids; with `overflowDrops` (the count the flush read) the overflow mark is cleared unless more
   * ids were dropped since. `remaining` counts the ids left; `overflow` says the mark is still set.
   */
  async removePending(
    projectId: string,
    ids: readonly string[],
    options: { readonly overflowDrops?: number } = {},
  ): Promise<{ readonly remaining: number; readonly overflow: boolean }> {
    const value = await this.modify(pendingKey(projectId), EMPTY_PENDING, (prev) =>
      removeFromPending(prev, ids, options.overflowDrops),
    );
    return { remaining: value.ids.length, overflow: value.overflow !== null };
  }

  // ── views ────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * The facts of the issues a view found (ids and keys of a search as the user). An issue's project is the
   * registered project whose key is the issue key's part before the last `-` (the key Jira gives now, so a moved
   * issue is looked up in its new project). Issues of a project that is not ready, with no record, with a record
   * of another key (stale), pending, or of a project whose pending set overflowed are `live`.
   */
  async lookup(issues: readonly { readonly id: string; readonly key: string }[]): Promise<FactsLookup> {
    const [projects, names] = await Promise.all([this.listProjects(), this.readNames()]);
    const byKey = new Map(projects.map((p) => [p.projectKey, p.projectId]));
    const asked = new Map<string, { id: string; key: string }[]>();
    const unknown = new Set<string>();
    for (const issue of issues) {
      const projectId = byKey.get(issue.key.slice(0, Math.max(0, issue.key.lastIndexOf('-'))));
      if (projectId === undefined) unknown.add(issue.id);
      else asked.set(projectId, [...(asked.get(projectId) ?? []), issue]);
    }
    const found = await mapParallel([...asked], 4, ([projectId, group]) =>
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
      this.readVersioned(directoryKey(projectId), EMPTY_DIRECTORY),
      this.readVersioned(pendingKey(projectId), EMPTY_PENDING),
    ]);
    const { sync, chunks } = directory.value;
    const allLive = issues.map((i) => i.id);
    if (sync === null || sync.phase !== 'ready') {
      return { records: [], live: allLive, notReady: sync === null ? null : stateOf(sync) };
    }
    // Ids dropped from a full pending set are unknown: every record of the project may be stale until the flush.
    if (pending.value.overflow !== null || chunks.length === 0)
      return { records: [], live: allLive, notReady: null };
    const waiting = new Set(pending.value.ids);
    const wanted = issues.filter((issue) => !waiting.has(issue.id));
    const numbers = wanted.map((issue) => (chunks[routeIndex(chunks, issue.id)] as FactsChunkEntry).n);
    const read = await this.readChunks(projectId, numbers, new Set(chunks.map((chunk) => chunk.n)));
    const stored = new Map<string, IssueFactsRecord>();
    for (const chunk of read.values()) {
      for (const raw of chunk.records) {
        const record = decodeFacts(raw);
        if (record !== null) stored.set(record.id, record);
      }
    }
    const records: IssueFactsRecord[] = [];
    const live: string[] = [];
    for (const issue of issues) {
      const record = waiting.has(issue.id) ? undefined : stored.get(issue.id);
      if (record !== undefined && record.key === issue.key) records.push(record);
      else live.push(issue.id);
    }
    return { records, live, notReady: null };
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────────────────────

  private async readVersioned<T>(key: string, empty: T): Promise<Versioned<T>> {
    const stored = await this.store.get<T>(key);
    return stored === null ? { value: empty, version: null } : stored;
  }

  /**
   * Versioned read-modify-write, retried with a fresh read on conflict (jittered backoff). `fn` returns null for
   * no change. Returns the value stored afterwards.
   */
  private async modify<T>(key: string, empty: T, fn: (prev: T) => T | null): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { value, version } = await this.readVersioned(key, empty);
      const next = fn(value);
      if (next === null) return value;
      try {
        await this.store.put<T>(key, next, version);
        return next;
      } catch (error) {
        if (!(error instanceof StoreConflictError) || attempt >= this.maxAttempts) throw error;
        await this.backoff(attempt);
      }
    }
  }

  private async backoff(attempt: number): Promise<void> {
    const ceilingMs = Math.min(250, 4 * 2 ** Math.min(attempt - 1, 6));
    await this.sleep(Math.floor(this.random() * ceilingMs));
  }
}

/** The state part of a sync record (what the project page and views see). */
function stateOf(record: FactsSyncRecord): FactsSyncState {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the backfill's position stays inside the store
  const { cursor, step, ...state } = record;
  return state;
}

function sameNames(a: FactsNames, b: FactsNames): boolean {
  const sameRecord = <V>(x: Readonly<Record<string, V>>, y: Readonly<Record<string, V>>): boolean => {
    const keys = Object.keys(y);
    return (
      keys.length === Object.keys(x).length &&
      keys.every((k) => k in x && JSON.stringify(x[k]) === JSON.stringify(y[k]))
    );
  };
  return sameRecord(a.statuses, b.statuses) && sameRecord(a.types, b.types);
}

export type { PendingValue };
