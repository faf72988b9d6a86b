/**
 * Cache of computed flow views in the store port, per project and per user, with invalidation by issue events.
 *
 * Layout (Forge KVS holds at most 240 KiB per stored value; a 20,000-issue view is several MB):
 * - `flow-cache:<projectId>:<hash>` → {@link CacheManifest}: what kind of view it is (`project-view` or
 *   `gadget-view`), whose it is (owner key), from which moment its issues were read, and the keys of the chunks
 *   holding its JSON text. Each chunk stays within the store's own limit as the store measures it
 *   ({@link StorePort.storedBytes}: the adapter's wrapping and escaping included).
 * - `flow-cache:<projectId>:<hash>:<writeId>:<i>` → one chunk (a string). A write creates new chunks, switches the
 *   manifest to them, then deletes the old ones, so a reader never mixes two writes.
 * - `flow-cache-changed:<projectId>` → `{ changedAtMs }`: a blind write by the issue-event trigger
 *   ({@link markProjectChanged}); no read, so concurrent events never conflict. An entry whose issues were read
 *   before the stamp (with {@link CHANGE_STAMP_SLACK_MS} of slack for writes landing out of order) is stale.
 * - `flow-cache-user:<projectId>:<ownerKey>` → {@link UserViewPointer}: the user's newest whole-project view (what
 *   the issue panel compares against).
 *
 * Every key carries a time to live ({@link FLOW_CACHE_TTL_SECONDS}), so entries and chunks left by failed or
 * abandoned writes disappear without an index to maintain. Everything read is checked (valibot) before use: a
 * missing, foreign, outdated or malformed entry is a miss, never an error.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as v from 'valibot';
import type { StorePort } from './ports/store-port';

/** Bumped when the manifest's shape changes: entries of another version are misses. */
export const FLOW_CACHE_SCHEMA_VERSION = 2;
/** Cache keys live this long after their last write (Forge KVS TTL), read or not. */
export const FLOW_CACHE_TTL_SECONDS = 7 * 86_400;
/** A cached view older than this is recomputed even without issue events (ages grow with the clock). */
export const DEFAULT_FLOW_CACHE_MAX_AGE_MS = 6 * 3_600_000;
/**
 * Change stamps are blind writes, so two events' writes may land in the other order and leave the older stamp.
 * Issues read within this long after a stamp count as read before it (a trigger's write lands within seconds).
 */
export const CHANGE_STAMP_SLACK_MS = 60_000;
/** Characters tried first per chunk; fewer when the text has many escapes or multi-byte characters. */
export const CHUNK_CHARS = 200_000;

/** What a cache entry holds: the project page's view, or a gadget's view (never read as each other). */
export type FlowCacheKind = 'project-view' | 'gadget-view';

const ManifestSchema = v.object({
  schema: v.literal(FLOW_CACHE_SCHEMA_VERSION),
  kind: v.picklist(['project-view', 'gadget-view']),
  owner: v.nullable(v.string()),
  basedOnMs: v.number(),
  computedAtMs: v.number(),
  chunkKeys: v.pipe(v.array(v.string()), v.minLength(1)),
  chars: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export type CacheManifest = v.InferOutput<typeof ManifestSchema>;

const ChangeStampSchema = v.object({ changedAtMs: v.number() });

const UserViewPointerSchema = v.object({ hash: v.string(), computedAtMs: v.number() });

/** Where a user's newest whole-project view is cached. */
export type UserViewPointer = v.InferOutput<typeof UserViewPointerSchema>;

/** A cached value and whether it may be served as fresh. */
export interface CachedFlow<T> {
  readonly value: T;
  readonly computedAtMs: number;
  /** Read after the project's last change and younger than the max age. */
  readonly fresh: boolean;
}

/** Names one cache entry. */
export interface FlowCacheEntryRef {
  readonly projectId: string;
  readonly hash: string;
  readonly kind: FlowCacheKind;
  /** {@link ownerKeyOf} of the user the entry is for; null: shared (e.g. a gadget of a JQL scope). */
  readonly owner: string | null;
}

/** SHA-256 (hex) of a text: cache hashes and owner keys (collisions must not hand one user another's view). */
export function cacheHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The owner key of an account in cache keys: SHA-256 of the account id (null: anonymous). */
export function ownerKeyOf(accountId: string | null): string {
  return cacheHash(accountId === null ? 'anonymous' : `account:${accountId}`);
}

/** The manifest key of a cache entry. */
export function flowCacheKey(projectId: string, hash: string): string {
  return `flow-cache:${projectId}:${hash}`;
}

function changeStampKey(projectId: string): string {
  return `flow-cache-changed:${projectId}`;
}

function userViewKey(projectId: string, owner: string): string {
  return `flow-cache-user:${projectId}:${owner}`;
}

const TTL = { ttlSeconds: FLOW_CACHE_TTL_SECONDS };

/**
 * Marks every cached flow view of a project stale with one blind write of `changedAtMs` (the issue-event trigger).
 * Never reads, so any number of concurrent events succeed.
 */
export async function markProjectChanged(store: StorePort, projectId: string, nowMs: number): Promise<void> {
  await store.set(changeStampKey(projectId), { changedAtMs: nowMs }, TTL);
}

/** When the project's issues last changed as far as the cache knows (−∞ without a stamp). */
export async function projectChangedAtMs(store: StorePort, projectId: string): Promise<number> {
  const stored = await store.get<unknown>(changeStampKey(projectId));
  const parsed = v.safeParse(ChangeStampSchema, stored?.value);
  return parsed.success ? parsed.output.changedAtMs : Number.NEGATIVE_INFINITY;
}

/** Whether issues read at `basedOnMs` are newer than the change stamp `changedAtMs`. */
export function readAfterChange(basedOnMs: number, changedAtMs: number): boolean {
  return basedOnMs > changedAtMs + CHANGE_STAMP_SLACK_MS;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function readText(
  store: StorePort,
  chunkKeys: readonly string[],
  chars: number,
): Promise<string | null> {
  const chunks = await Promise.all(chunkKeys.map((key) => store.get<unknown>(key)));
  let text = '';
  for (const chunk of chunks) {
    if (chunk === null || typeof chunk.value !== 'string') return null; // replaced or expired meanwhile: a miss
    text += chunk.value;
  }
  return text.length === chars ? text : null;
}

/**
 * Reads a cached value: null when there is none, when it is of another kind, owner or schema, when a chunk is
 * missing, or when `isValue` refuses what was stored. Otherwise the value with `fresh` = read after the project's
 * last change and `nowMs − computedAtMs < maxAgeMs`.
 */
export async function readFlowCache<T>(
  store: StorePort,
  entry: FlowCacheEntryRef,
  nowMs: number,
  options: { readonly maxAgeMs?: number; readonly isValue: (value: unknown) => value is T },
): Promise<CachedFlow<T> | null> {
  const [stored, changedAtMs] = await Promise.all([
    store.get<unknown>(flowCacheKey(entry.projectId, entry.hash)),
    projectChangedAtMs(store, entry.projectId),
  ]);
  const parsed = v.safeParse(ManifestSchema, stored?.value);
  if (!parsed.success) return null;
  const manifest = parsed.output;
  if (manifest.kind !== entry.kind || manifest.owner !== entry.owner) return null;
  // Only this entry's own chunks (`<manifest key>:<writeId>:<i>`): a manifest naming any other key (another user's
  // entry, a job's ids) is a miss, never a way to read what it names.
  const ownChunk = new RegExp(
    `^${escapeRegExp(flowCacheKey(entry.projectId, entry.hash))}:[0-9a-f]{16}:[0-9]+$`,
  );
  if (!manifest.chunkKeys.every((key) => ownChunk.test(key))) return null;
  const text = await readText(store, manifest.chunkKeys, manifest.chars);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!options.isValue(value)) return null;
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_FLOW_CACHE_MAX_AGE_MS;
  return {
    value,
    computedAtMs: manifest.computedAtMs,
    // An entry computed after "now" (a clock ahead of this one) is not fresh: its age would be negative and keep
    // it fresh for as long as the clocks differ; the stamps' slack covers ordinary skew.
    fresh:
      readAfterChange(manifest.basedOnMs, changedAtMs) &&
      manifest.computedAtMs <= nowMs + CHANGE_STAMP_SLACK_MS &&
      nowMs - manifest.computedAtMs < maxAgeMs,
  };
}

/**
 * Writes `text` as chunks under `<baseKey>:<writeId>:<i>` (each within the store's limit) and returns their keys;
 * on failure deletes the chunks already written and rethrows.
 */
async function writeChunks(store: StorePort, baseKey: string, text: string): Promise<string[]> {
  const writeId = randomUUID().replace(/-/g, '').slice(0, 16);
  const pieces = splitForStore(text, (piece) => store.storedBytes(piece), store.maxValueBytes);
  const chunkKeys = pieces.map((_, i) => `${baseKey}:${writeId}:${String(i)}`);
  const results = await Promise.allSettled(
    chunkKeys.map((chunkKey, i) => store.set<string>(chunkKey, pieces[i] ?? '', TTL)),
  );
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) {
    await deleteQuietly(store, chunkKeys);
    throw failed.reason;
  }
  return chunkKeys;
}

async function deleteQuietly(store: StorePort, keys: readonly string[]): Promise<void> {
  // Cleanup after a failure: a key left behind expires with its TTL, so a failed delete is not worth an error.
  await Promise.allSettled(keys.map((key) => store.delete(key)));
}

/**
 * Writes a value as a cache entry. `basedOnMs` is when its issues started to be read (an issue event after that
 * leaves it stale), `computedAtMs` when it was computed. On failure nothing of this write is left behind (its
 * chunks are deleted) and the error is rethrown; the previous entry, if any, stays readable.
 */
export async function writeFlowCache(
  store: StorePort,
  entry: FlowCacheEntryRef,
  value: unknown,
  times: { readonly basedOnMs: number; readonly computedAtMs: number },
): Promise<void> {
  const key = flowCacheKey(entry.projectId, entry.hash);
  const text = JSON.stringify(value);
  const [previous, chunkKeys] = await Promise.all([store.get<unknown>(key), writeChunks(store, key, text)]);
  const manifest: CacheManifest = {
    schema: FLOW_CACHE_SCHEMA_VERSION,
    kind: entry.kind,
    owner: entry.owner,
    basedOnMs: times.basedOnMs,
    computedAtMs: times.computedAtMs,
    chunkKeys,
    chars: text.length,
  };
  try {
    await store.set<CacheManifest>(key, manifest, TTL);
  } catch (error) {
    await deleteQuietly(store, chunkKeys);
    throw error;
  }
  const old = v.safeParse(ManifestSchema, previous?.value);
  if (old.success) await deleteQuietly(store, old.output.chunkKeys);
}

/** Remembers `hash` as the user's newest whole-project view of the project (read by the issue panel). */
export async function rememberUserView(
  store: StorePort,
  projectId: string,
  owner: string,
  pointer: UserViewPointer,
): Promise<void> {
  await store.set<UserViewPointer>(userViewKey(projectId, owner), pointer, TTL);
}

/** The user's newest whole-project view's pointer; null when none (or unreadable). */
export async function userViewPointer(
  store: StorePort,
  projectId: string,
  owner: string,
): Promise<UserViewPointer | null> {
  const stored = await store.get<unknown>(userViewKey(projectId, owner));
  const parsed = v.safeParse(UserViewPointerSchema, stored?.value);
  return parsed.success ? parsed.output : null;
}

/**
 * Splits text into pieces that each measure at most `maxBytes` with `measure` (the store's own measure of a stored
 * string), never between the two halves of a surrogate pair; at least one piece (possibly empty).
 */
export function splitForStore(text: string, measure: (piece: string) => number, maxBytes: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length || pieces.length === 0) {
    let size = Math.min(CHUNK_CHARS, text.length - start);
    let piece = text.slice(start, start + size);
    for (let bytes = measure(piece); bytes > maxBytes; bytes = measure(piece)) {
      if (size === 1)
        throw new Error(`One character measures ${String(bytes)} bytes: more than ${String(maxBytes)}.`);
      size = Math.max(1, Math.floor((size * maxBytes * 0.98) / bytes));
      piece = text.slice(start, start + size);
    }
    const last = piece.charCodeAt(piece.length - 1);
    if (piece.length > 1 && last >= 0xd800 && last <= 0xdbff) piece = piece.slice(0, -1);
    pieces.push(piece);
    start += piece.length;
    if (piece.length === 0) break;
  }
  return pieces;
}

/**
 * Stores a large JSON value under `baseKey` in chunks (as the cache does), for job data such as a job's issue ids;
 * returns the keys to read it back with {@link readChunkedValue}.
 */
export async function writeChunkedValue(
  store: StorePort,
  baseKey: string,
  value: unknown,
): Promise<{ keys: string[]; chars: number }> {
  const text = JSON.stringify(value);
  return { keys: await writeChunks(store, baseKey, text), chars: text.length };
}

/** A value written by {@link writeChunkedValue}; null when a chunk is gone or the text is not what was written. */
export async function readChunkedValue(
  store: StorePort,
  ref: { readonly keys: readonly string[]; readonly chars: number },
): Promise<unknown> {
  if (ref.keys.length === 0) return null;
  const text = await readText(store, ref.keys, ref.chars);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Deletes chunks written by {@link writeChunkedValue} (best effort: they expire anyway). */
export async function deleteChunkedValue(store: StorePort, keys: readonly string[]): Promise<void> {
  await deleteQuietly(store, keys);
}
