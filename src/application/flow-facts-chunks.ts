/**
 * The flow facts store's chunk layout (issue 13), pure: how a project's records are cut into id ranges, which chunk
 * an id belongs to, how a write changes a chunk, and how a full chunk is cut into pieces that fit a stored value.
 *
 * A project's records live in chunks `flow-facts:chunk:<projectId>:<n>`, each holding the records (encoded, sorted
 * by id) and the tombstones of one id range. The range's lower bound is fixed when the chunk is made (its directory
 * entry's `from`); its upper bound (`upTo`) and its right neighbour (`next`) are stored IN the chunk, so a split is
 * committed by one versioned write of the split chunk, and a writer or reader that arrives with an older directory
 * follows `next` to where an id went (a B-link tree's right links: no lock, no lost record). The directory
 * (`flow-facts:sync:<projectId>`) lists the chunks with their bounds and counts to route an id without reading
 * every chunk; an entry missing after a crash between the split and the directory write is found again through
 * `next` and added back.
 */
import type { IssueFactsRecord } from '../domain/flow/issue-facts';
import type { FactsSyncRecord } from './flow-facts-store';

/** How long a tombstone blocks late upserts of a deleted issue, ms (pruned on the chunk's next write after that). */
export const TOMBSTONE_KEEP_MS = 7 * 24 * 60 * 60 * 1000;

/** One stored chunk. */
export interface FactsChunkValue {
  /** Ids from this value on belong to the chunk `next` (null: the chunk reaches to the end of the id space). */
  readonly upTo: string | null;
  /** The chunk number holding the ids from `upTo` on (null with `upTo` null). */
  readonly next: number | null;
  /** Encoded records (`encodeFacts`), sorted by id. */
  readonly records: readonly unknown[];
  /** Deleted issues: id → instant the deletion was observed, epoch ms. */
  readonly tombs: Readonly<Record<string, number>>;
}

/** A chunk as the directory lists it. */
export interface FactsChunkEntry {
  /** Chunk number (key suffix). */
  readonly n: number;
  /** Lowest id routed to this chunk (null: the first chunk, from the start of the id space). Never changes. */
  readonly from: string | null;
  /** Lowest and highest id of a stored record (null when it holds none). */
  readonly lo: string | null;
  readonly hi: string | null;
  /** Records held. */
  readonly count: number;
  /** Chunk version these figures were read from (a later write with an older view does not overwrite them). */
  readonly v: number;
}

/** The value at `flow-facts:sync:<projectId>`: the project's sync record and its chunk directory. */
export interface FactsDirectoryValue {
  readonly sync: FactsSyncRecord | null;
  /** Chunks sorted by `from` (the first one's `from` is null). */
  readonly chunks: readonly FactsChunkEntry[];
  /** Next free chunk number. */
  readonly nextChunk: number;
}

/** The empty directory of a project nothing was stored for. */
export const EMPTY_DIRECTORY: FactsDirectoryValue = { sync: null, chunks: [], nextChunk: 0 };

/** The empty chunk (what a missing chunk key reads as). */
export const EMPTY_CHUNK: FactsChunkValue = { upTo: null, next: null, records: [], tombs: {} };

/**
 * Numeric order of Jira ids (digit strings of any length): shorter is smaller, equal lengths compare as text.
 *
 * @example compareIds('99', '100') < 0
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Index in `chunks` (sorted by `from`) of the chunk an id is routed to: the last one whose `from` ≤ id. */
export function routeIndex(chunks: readonly FactsChunkEntry[], id: string): number {
  let low = 0;
  let high = chunks.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const from = chunks[middle]?.from ?? null;
    if (from === null || compareIds(from, id) <= 0) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/** True when the id lies at or beyond the chunk's upper bound (it belongs to the chunk's right neighbour). */
export function beyondChunk(chunk: FactsChunkValue, id: string): boolean {
  return chunk.upTo !== null && compareIds(id, chunk.upTo) >= 0;
}

/** One record of a chunk, decoded, with its encoded form (kept as read when unchanged). */
export interface ChunkRecord {
  readonly record: IssueFactsRecord;
  readonly raw: unknown;
}

/** A chunk being changed: records and tombstones by id. */
export interface ChunkContent {
  readonly records: Map<string, ChunkRecord>;
  readonly tombs: Map<string, number>;
}

/** What a write asks of a chunk. */
export type ChunkOperation =
  | { readonly kind: 'upsert'; readonly record: IssueFactsRecord }
  | { readonly kind: 'remove'; readonly id: string; readonly observedMs: number }
  /** A record too large for a chunk: not stored, and an older stored one is dropped (views then read it live). */
  | { readonly kind: 'forget'; readonly id: string };

/** Id an operation is about. */
export function operationId(operation: ChunkOperation): string {
  return operation.kind === 'upsert' ? operation.record.id : operation.id;
}

/** The functions of the record format the chunk logic needs (from `domain/flow/issue-facts.ts`). */
export interface FactsCodec {
  readonly encode: (record: IssueFactsRecord) => unknown[];
  readonly decode: (raw: unknown) => IssueFactsRecord | null;
  readonly same: (a: IssueFactsRecord, b: IssueFactsRecord) => boolean;
}

/** Decodes a stored chunk (records the codec refuses are dropped: a later read of Jira writes them again). */
export function contentOfChunk(chunk: FactsChunkValue, codec: FactsCodec): ChunkContent {
  const records = new Map<string, ChunkRecord>();
  for (const raw of chunk.records) {
    const record = codec.decode(raw);
    if (record !== null) records.set(record.id, { record, raw });
  }
  return { records, tombs: new Map(Object.entries(chunk.tombs)) };
}

/**
 * Applies operations to a chunk's content (in place) and returns the records that changed and whether anything
 * did. Idempotent: applying the same operations again changes nothing, so a retried write after a conflict
 * re-applies them to what it reads again.
 *
 * - An upsert replaces a stored record when its `updatedMs` is at least the stored one's and the facts differ; it
 *   is refused when a tombstone for its id was observed at or after its `updatedMs` (a tie counts as deleted, so
 *   the outcome does not depend on which write came first).
 * - A removal drops a stored record whose `updatedMs` is not after `observedMs` and keeps the newest tombstone.
 * - Tombstones observed more than {@link TOMBSTONE_KEEP_MS} before `nowMs` are pruned.
 */
export function applyOperations(
  content: ChunkContent,
  operations: readonly ChunkOperation[],
  nowMs: number,
  codec: FactsCodec,
): { readonly changed: IssueFactsRecord[]; readonly dirty: boolean } {
  // By id: a batch naming an id twice reports the record it kept once.
  const changed = new Map<string, IssueFactsRecord>();
  let dirty = false;
  for (const operation of operations) {
    if (operation.kind === 'upsert') {
      const { record } = operation;
      const tomb = content.tombs.get(record.id);
      if (tomb !== undefined && tomb >= record.updatedMs) continue;
      const stored = content.records.get(record.id)?.record;
      if (stored !== undefined && (record.updatedMs < stored.updatedMs || codec.same(stored, record)))
        continue;
      if (tomb !== undefined) content.tombs.delete(record.id);
      content.records.set(record.id, { record, raw: codec.encode(record) });
      changed.set(record.id, record);
      dirty = true;
    } else if (operation.kind === 'forget') {
      if (content.records.delete(operation.id)) dirty = true;
      changed.delete(operation.id);
    } else {
      const stored = content.records.get(operation.id)?.record;
      if (stored !== undefined && stored.updatedMs > operation.observedMs) continue;
      if (stored !== undefined) {
        content.records.delete(operation.id);
        changed.delete(operation.id);
        dirty = true;
      }
      const tomb = content.tombs.get(operation.id);
      if (tomb === undefined || tomb < operation.observedMs) {
        content.tombs.set(operation.id, operation.observedMs);
        dirty = true;
      }
    }
  }
  for (const [id, observedMs] of content.tombs) {
    if (nowMs - observedMs > TOMBSTONE_KEEP_MS) {
      content.tombs.delete(id);
      dirty = true;
    }
  }
  return { changed: [...changed.values()], dirty };
}

/** One entry of a chunk in id order: a record (encoded) or a tombstone. */
interface ChunkItem {
  readonly id: string;
  readonly raw?: unknown;
  readonly tomb?: number;
}

function itemsOf(content: ChunkContent): ChunkItem[] {
  const items: ChunkItem[] = [];
  for (const [id, { raw }] of content.records) items.push({ id, raw });
  for (const [id, tomb] of content.tombs) items.push({ id, tomb });
  return items.sort((a, b) => compareIds(a.id, b.id));
}

function valueOfItems(
  items: readonly ChunkItem[],
  upTo: string | null,
  next: number | null,
): FactsChunkValue {
  const records: unknown[] = [];
  const tombs: Record<string, number> = {};
  for (const item of items) {
    if (item.tomb !== undefined) tombs[item.id] = item.tomb;
    else records.push(item.raw);
  }
  return { upTo, next, records, tombs };
}

/** The chunk value of a content, with the bounds it keeps. */
export function chunkValueOf(
  content: ChunkContent,
  upTo: string | null,
  next: number | null,
): FactsChunkValue {
  return valueOfItems(itemsOf(content), upTo, next);
}

/** A piece of a split chunk: its value and its lowest id (the new chunk's `from`). */
export interface ChunkPiece {
  readonly from: string;
  readonly items: readonly ChunkItem[];
}

/**
 * Cuts a chunk's content into pieces in id order, each filled up to `fillBytes` as `storedBytes` measures it.
 * Filled (not halved) so a backfill appending ascending ids leaves full chunks behind that are never rewritten:
 * each 1,000 appended records cost about one new chunk, not a rewrite of many. The first piece stays in the
 * chunk being split; the others become new chunks.
 */
export function cutPieces(
  content: ChunkContent,
  fillBytes: number,
  storedBytes: (value: unknown) => number,
): ChunkPiece[] {
  const items = itemsOf(content);
  // The bounds a piece carries, at their longest, plus the value's fixed part.
  const longestId = items.reduce(
    (longest, item) => (item.id.length > longest.length ? item.id : longest),
    '',
  );
  const baseBytes = storedBytes({ upTo: longestId, next: 2 ** 31, records: [], tombs: {} });
  const emptyArray = storedBytes([]);
  const emptyObject = storedBytes({});
  const pieces: ChunkPiece[] = [];
  let current: ChunkItem[] = [];
  let bytes = baseBytes;
  for (const item of items) {
    // One element's bytes inside the stored value (escaping included), plus its separator.
    const itemBytes =
      (item.tomb !== undefined
        ? storedBytes({ [item.id]: item.tomb }) - emptyObject
        : storedBytes([item.raw]) - emptyArray) + 1;
    if (current.length > 0 && bytes + itemBytes > fillBytes) {
      pieces.push({ from: (current[0] as ChunkItem).id, items: current });
      current = [];
      bytes = baseBytes;
    }
    current.push(item);
    bytes += itemBytes;
  }
  if (current.length > 0) pieces.push({ from: (current[0] as ChunkItem).id, items: current });
  return pieces;
}

/** The value of a piece, with the bounds it is given. */
export function pieceValue(piece: ChunkPiece, upTo: string | null, next: number | null): FactsChunkValue {
  return valueOfItems(piece.items, upTo, next);
}

/** The directory figures of a chunk value. */
export function entryFigures(
  value: FactsChunkValue,
  version: number,
  codec: FactsCodec,
): Pick<FactsChunkEntry, 'lo' | 'hi' | 'count' | 'v'> {
  const first = value.records.length > 0 ? codec.decode(value.records[0]) : null;
  const last = value.records.length > 0 ? codec.decode(value.records[value.records.length - 1]) : null;
  return { lo: first?.id ?? null, hi: last?.id ?? null, count: value.records.length, v: version };
}

/**
 * The directory with a chunk's figures and the chunks made by its split (idempotent: entries present are kept,
 * figures only replace ones read from an older chunk version). Returns null when nothing changes.
 */
export function withChunkEntries(
  directory: FactsDirectoryValue,
  entries: readonly FactsChunkEntry[],
): FactsDirectoryValue | null {
  let chunks = [...directory.chunks];
  let changed = false;
  for (const entry of entries) {
    const index = chunks.findIndex((chunk) => chunk.n === entry.n);
    if (index < 0) {
      // A chunk reached through a link before its split listed it: only its split (which knows `from`) lists it.
      if (entry.from === null) continue;
      chunks.push(entry);
      changed = true;
      continue;
    }
    const stored = chunks[index] as FactsChunkEntry;
    if (stored.v >= entry.v) continue;
    // Figures read from a newer version but equal: no directory write (a flush updating records keeps them).
    if (stored.lo === entry.lo && stored.hi === entry.hi && stored.count === entry.count) continue;
    chunks[index] = { ...entry, from: stored.from };
    changed = true;
  }
  if (!changed) return null;
  chunks = chunks.sort((a, b) => (a.from === null ? -1 : b.from === null ? 1 : compareIds(a.from, b.from)));
  const highest = chunks.reduce((max, chunk) => Math.max(max, chunk.n + 1), directory.nextChunk);
  return { ...directory, chunks, nextChunk: highest };
}
