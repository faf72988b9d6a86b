/**
 * The app's key-value store with optimistic concurrency: every stored value carries a version that grows by one
 * on each write, and a write names the version it expects so two admins saving at once cannot overwrite each
 * other silently (the second gets {@link StoreConflictError}).
 *
 * Keys in use: `mapping:<projectId>` (status mapping and calendar), `flow-facts:…` (the flow facts store, issue
 * 13: `projects`, `names`, and per project `sync:`, `chunk:`, `ids:`, `pending:`, `props:`, `statuses:`; see
 * `flow-facts-store.ts`), `gadget:…` (gadget configuration), `csi-…` (CSI setup, records, settings), `okr-…`
 * (objectives, key results, check-ins, links, secrets), `fitsm-…`, `feedback-…`, `improvement-registration:…`,
 * `automation:…`. Keys of earlier versions' per-user view cache and queued jobs (`flow-cache…`, `flow-job…`,
 * `flow-running…`) are no longer written or read; what an installation still holds under them expires with its
 * TTL. Values are JSON-serialisable.
 * Forge's limits apply to every key and value (≤ 500 characters of `a-z A-Z 0-9 : . _ - #` and space; ≤ 240 KiB
 * as stored, see {@link StorePort.storedBytes}); the in-memory implementation enforces them too.
 *
 * Implementations: `adapters/store/memory-store.ts` (tests, preview), `adapters/store/kvs-store.ts` (Forge KVS).
 */
export interface StorePort {
  /** The value and its version; null when the key holds nothing (or its time to live has passed). */
  get<T>(key: string): Promise<StoredValue<T> | null>;

  /**
   * Writes the value when the key's current version equals `expectedVersion` (`null`: the key must not exist)
   * and returns the new version (1 for a new key). Throws {@link StoreConflictError} otherwise, and
   * {@link StoreValueTooLargeError} (writing nothing) for a value over {@link StorePort.maxValueBytes}. With
   * `ttlSeconds` the key disappears that long after this write.
   */
  // T lets call sites say what they store (`store.put<Settings>(key, value, v)`) so the value is type-checked.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  put<T>(
    key: string,
    value: T,
    expectedVersion: number | null,
    options?: StoreWriteOptions,
  ): Promise<{ readonly version: number }>;

  /**
   * Writes the value whatever is stored (a blind write: no read, never a conflict). For keys that are only ever
   * replaced whole (cache chunks, change stamps); such a key reads back with version 0 and must not be mixed with
   * {@link StorePort.put}. Throws {@link StoreValueTooLargeError} (writing nothing) for a value over
   * {@link StorePort.maxValueBytes}.
   */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
  set<T>(key: string, value: T, options?: StoreWriteOptions): Promise<void>;

  /** Removes the key whatever its version; nothing happens when it holds nothing. */
  delete(key: string): Promise<void>;

  /** Most bytes one stored value may take, as {@link StorePort.storedBytes} measures it (Forge: 240 KiB). */
  readonly maxValueBytes: number;

  /**
   * The exact bytes `value` takes once this store has written it (its own wrapping and escaping included), so a
   * caller can split large values into pieces that fit {@link StorePort.maxValueBytes}.
   */
  storedBytes(value: unknown): number;
}

/** Options of a write. */
export interface StoreWriteOptions {
  /** The key expires this many seconds after the write (whole seconds, ≥ 1). */
  readonly ttlSeconds?: number;
}

/** A stored value with its version (1 after the first write). */
export interface StoredValue<T> {
  readonly value: T;
  readonly version: number;
}

/** A write named a version other than the stored one: someone else saved in between. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
  readonly key: string;
  /** The version the writer expected (null: expected no value). */
  readonly expectedVersion: number | null;
  /** The version found (null: no value). */
  readonly actualVersion: number | null;

  constructor(key: string, expectedVersion: number | null, actualVersion: number | null) {
    super(
      `Store key "${key}" is at version ${actualVersion === null ? 'none' : String(actualVersion)}, ` +
        `not the expected ${expectedVersion === null ? 'none' : String(expectedVersion)}.`,
    );
    this.key = key;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

/**
 * A value larger than one stored value may be ({@link StorePort.maxValueBytes} as {@link StorePort.storedBytes}
 * measures it): refused before anything is written, so a caller can tell the user what to shorten instead of
 * failing with the storage service's error.
 */
export class StoreValueTooLargeError extends Error {
  override readonly name = 'StoreValueTooLargeError';
  /** Forge's code for the same refusal (what its storage service would have answered). */
  readonly code = 'MAX_SIZE';
  readonly key: string;
  /** What the value would take as stored. */
  readonly storedBytes: number;
  readonly maxBytes: number;

  constructor(key: string, storedBytes: number, maxBytes: number) {
    super(
      `The value for "${key}" is too large to store: ${String(storedBytes)} bytes as stored, ` +
        `at most ${String(maxBytes)} are allowed.`,
    );
    this.key = key;
    this.storedBytes = storedBytes;
    this.maxBytes = maxBytes;
  }
}

/** The store key of a project's flow settings (mapping, calendar, percentiles). */
export function mappingStoreKey(projectId: string): string {
  return `mapping:${projectId}`;
}
