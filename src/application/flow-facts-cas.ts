/**
 * The flow facts store's keys and its compare-and-set plumbing (issue 13): every read-modify-write is a versioned
 * `put` from the version read, retried with a fresh read and a jittered backoff on {@link StoreConflictError}.
 */
import { StoreConflictError, type StorePort } from './ports/store-port';

/** The site's registry of projects with facts. */
export const REGISTRY_KEY = 'flow-facts:projects';
/** The site's status and issue type names. */
export const NAMES_KEY = 'flow-facts:names';
/** A project's sync record and chunk directory. */
export const directoryKey = (projectId: string): string => `flow-facts:sync:${projectId}`;
/** One chunk of a project's records. */
export const chunkKey = (projectId: string, n: number): string =>
  `flow-facts:chunk:${projectId}:${String(n)}`;
/** One value of a project's listed ids. */
export const idsKey = (projectId: string, n: number): string => `flow-facts:ids:${projectId}:${String(n)}`;
/** A project's pending set. */
export const pendingKey = (projectId: string): string => `flow-facts:pending:${projectId}`;

/** A read value with its version (null: the key holds nothing and reads as the empty value). */
export interface Versioned<T> {
  readonly value: T;
  readonly version: number | null;
}

/** Waiting between attempts (defaults for production; tests pass a sleep that does not wait). */
export interface CasOptions {
  /** Waits `ms` milliseconds between compare-and-set attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1) (backoff jitter). */
  readonly random?: () => number;
  /** Most compare-and-set attempts of one write (default 60). */
  readonly maxAttempts?: number;
}

/** Versioned reads and retried read-modify-writes over a {@link StorePort}. */
export class FactsCas {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  readonly maxAttempts: number;

  constructor(
    readonly store: StorePort,
    options: CasOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 60;
  }

  /** The value at `key` with its version, `empty` with version null when the key holds nothing. */
  async read<T>(key: string, empty: T): Promise<Versioned<T>> {
    const stored = await this.store.get<T>(key);
    return stored === null ? { value: empty, version: null } : stored;
  }

  /**
   * Versioned read-modify-write, retried with a fresh read on conflict. `fn` may run more than once and must
   * compute only from what it is given; it returns null for no change. Returns the value stored afterwards.
   */
  async modify<T>(key: string, empty: T, fn: (prev: T) => T | null): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const { value, version } = await this.read(key, empty);
      const next = fn(value);
      if (next === null) return value;
      try {
        await this.store.put<T>(key, next, version);
        return next;
      } catch (error) {
        await this.afterConflict(error, attempt);
      }
    }
  }

  /**
   * Rethrows anything but a conflict, and a conflict after the last attempt; otherwise waits a jittered backoff
   * (ceiling 4 ms doubling to 250 ms) so writers that collided do not collide again at once.
   */
  async afterConflict(error: unknown, attempt: number): Promise<void> {
    if (!(error instanceof StoreConflictError) || attempt >= this.maxAttempts) throw error;
    const ceilingMs = Math.min(250, 4 * 2 ** Math.min(attempt - 1, 6));
    await this.sleep(Math.floor(this.random() * ceilingMs));
  }
}
