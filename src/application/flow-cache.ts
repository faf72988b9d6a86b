/**
 * Cache of computed flow views in the store port, per project, with invalidation by issue events.
 *
 * Layout (Forge KVS holds at most 240 KiB per value, a 20,000-issue view is a few MB):
 * - `flow-cache:<projectId>:<hash>` → {@link CacheManifest}: when computed, for which generation, and the keys of
 *   the chunks holding the JSON text (each stored string ≤ {@link MAX_CHUNK_BYTES} bytes as KVS serialises it).
 * - `flow-cache:<projectId>:<hash>:<writeId>:<i>` → one chunk (a string). A write creates new chunks, switches the
 *   manifest to them, then deletes the old ones, so a reader never mixes two writes.
 * - `flow-cache-gen:<projectId>` → `{ generation, changedAtMs }`: bumped by {@link invalidateProjectFlow} (the
 *   issue-event trigger). An entry of an older generation is stale.
 * - `flow-cache-index:<projectId>` → the manifest keys written, newest last; beyond {@link MAX_ENTRIES_PER_PROJECT}
 *   the oldest entries are deleted, so the store never grows without bound.
 */
import { StoreConflictError } from './ports/store-port';
import type { StorePort } from './ports/store-port';

/** Most bytes of one stored chunk (as JSON, escapes included): below Forge KVS's 240 KiB (245,760 bytes) per value. */
export const MAX_CHUNK_BYTES = 230_000;
/** Characters tried first per chunk; fewer when the text has many escapes or multi-byte characters. */
export const CHUNK_CHARS = 200_000;
/** Cached views kept per project (different requests/users); older ones are deleted. */
export const MAX_ENTRIES_PER_PROJECT = 24;
/** A cached view older than this is recomputed even without issue events (ages grow with the clock). */
export const DEFAULT_FLOW_CACHE_MAX_AGE_MS = 6 * 3_600_000;

export interface CacheManifest {
  readonly generation: number;
  readonly computedAtMs: number;
  readonly chunkKeys: readonly string[];
  readonly chars: number;
}

interface Generation {
  readonly generation: number;
  readonly changedAtMs: number;
}

interface CacheIndex {
  readonly keys: readonly string[];
}

/** A cached value and whether it may be served as fresh. */
export interface CachedFlow<T> {
  readonly value: T;
  readonly computedAtMs: number;
  /** Same generation as the project's current one and younger than the max age. */
  readonly fresh: boolean;
}

/** The manifest key of a cache entry. */
export function flowCacheKey(projectId: string, hash: string): string {
  return `flow-cache:${projectId}:${hash}`;
}

function generationKey(projectId: string): string {
  return `flow-cache-gen:${projectId}`;
}

function indexKey(projectId: string): string {
  return `flow-cache-index:${projectId}`;
}

/** The project's current cache generation (0 before the first invalidation). */
export async function currentGeneration(store: StorePort, projectId: string): Promise<number> {
  return (await store.get<Generation>(generationKey(projectId)))?.value.generation ?? 0;
}

/** Runs an optimistic read-modify-write, retrying a few times when another writer got in between. */
async function update<T>(
  store: StorePort,
  key: string,
  change: (current: T | null) => T,
  attempts = 5,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get<T>(key);
    try {
      await store.put<T>(key, change(current?.value ?? null), current?.version ?? null);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= attempts) throw error;
    }
  }
}

/**
 * Marks every cached flow view of a project stale (one small write): called by the issue created/updated trigger.
 * Cached entries stay until overwritten or evicted; readers see they are of an older generation.
 */
export async function invalidateProjectFlow(store: StorePort, projectId: string, nowMs = 0): Promise<void> {
  await update<Generation>(store, generationKey(projectId), (current) => ({
    generation: (current?.generation ?? 0) + 1,
    changedAtMs: nowMs,
  }));
}

/**
 * Reads a cached value: null when there is none (or a chunk is missing); otherwise the value with `fresh` =
 * same generation and `nowMs − computedAtMs < maxAgeMs`.
 */
export async function readFlowCache<T>(
  store: StorePort,
  projectId: string,
  hash: string,
  nowMs: number,
  maxAgeMs = DEFAULT_FLOW_CACHE_MAX_AGE_MS,
): Promise<CachedFlow<T> | null> {
  const [manifest, generation] = await Promise.all([
    store.get<CacheManifest>(flowCacheKey(projectId, hash)),
    currentGeneration(store, projectId),
  ]);
  if (manifest === null) return null;
  const chunks = await Promise.all(manifest.value.chunkKeys.map((key) => store.get<string>(key)));
  let text = '';
  for (const chunk of chunks) {
    if (chunk === null) return null; // overwritten concurrently: treat as a miss
    text += chunk.value;
  }
  if (text.length !== manifest.value.chars) return null;
  return {
    value: JSON.parse(text) as T,
    computedAtMs: manifest.value.computedAtMs,
    fresh: manifest.value.generation === generation && nowMs - manifest.value.computedAtMs < maxAgeMs,
  };
}

/**
 * Writes a value under `flow-cache:<projectId>:<hash>` for the generation read before the computation started
 * (`generation`), so an issue event during a long computation leaves the result stale rather than fresh.
 */
export async function writeFlowCache(
  store: StorePort,
  projectId: string,
  hash: string,
  value: unknown,
  computedAtMs: number,
  generation: number,
): Promise<void> {
  const key = flowCacheKey(projectId, hash);
  const text = JSON.stringify(value);
  const writeId = `${computedAtMs.toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
  const pieces = splitForStore(text);
  const chunkKeys = pieces.map((_, i) => `${key}:${writeId}:${String(i)}`);
  await Promise.all(chunkKeys.map((chunkKey, i) => store.put<string>(chunkKey, pieces[i] ?? '', null)));
  let replaced: readonly string[] = [];
  try {
    await update<CacheManifest>(store, key, (current) => {
      replaced = current?.chunkKeys ?? [];
      return { generation, computedAtMs, chunkKeys, chars: text.length };
    });
  } catch (error) {
    await Promise.all(chunkKeys.map((chunkKey) => store.delete(chunkKey)));
    throw error;
  }
  await Promise.all(replaced.map((chunkKey) => store.delete(chunkKey)));
  await rememberEntry(store, projectId, key);
}

/** Bytes a string takes in the store: its JSON form in UTF-8. */
function storedBytes(piece: string): number {
  return Buffer.byteLength(JSON.stringify(piece), 'utf8');
}

/**
 * Splits text into pieces that each stay under {@link MAX_CHUNK_BYTES} when stored, never between the two halves
 * of a surrogate pair; at least one piece (possibly empty).
 */
export function splitForStore(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length || pieces.length === 0) {
    let size = Math.min(CHUNK_CHARS, text.length - start);
    let piece = text.slice(start, start + size);
    for (let bytes = storedBytes(piece); bytes > MAX_CHUNK_BYTES; bytes = storedBytes(piece)) {
      size = Math.max(1, Math.floor((size * MAX_CHUNK_BYTES * 0.95) / bytes));
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

async function rememberEntry(store: StorePort, projectId: string, key: string): Promise<void> {
  let evicted: string[] = [];
  await update<CacheIndex>(store, indexKey(projectId), (current) => {
    const keys = [...(current?.keys ?? []).filter((k) => k !== key), key];
    evicted = keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES_PER_PROJECT));
    return { keys: keys.slice(evicted.length) };
  });
  for (const old of evicted) {
    const manifest = await store.get<CacheManifest>(old);
    await Promise.all((manifest?.value.chunkKeys ?? []).map((chunkKey) => store.delete(chunkKey)));
    await store.delete(old);
  }
}
