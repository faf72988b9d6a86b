import { StoreConflictError, type StorePort, type StoredValue } from '../../application/ports/store-port';

/**
 * The store in memory, for tests and the preview. Values are copied through JSON on the way in and out so a
 * caller mutating what it got back (or what it saved) cannot change the stored value, as with a real store.
 */
export class MemoryStore implements StorePort {
  private readonly entries = new Map<string, { json: string; version: number }>();

  get<T>(key: string): Promise<StoredValue<T> | null> {
    const entry = this.entries.get(key);
    if (entry === undefined) return Promise.resolve(null);
    return Promise.resolve({ value: JSON.parse(entry.json) as T, version: entry.version });
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors StorePort.put
  put<T>(key: string, value: T, expectedVersion: number | null): Promise<{ readonly version: number }> {
    const current = this.entries.get(key);
    const actualVersion = current?.version ?? null;
    if (actualVersion !== expectedVersion) {
      return Promise.reject(new StoreConflictError(key, expectedVersion, actualVersion));
    }
    const version = (actualVersion ?? 0) + 1;
    this.entries.set(key, { json: JSON.stringify(value), version });
    return Promise.resolve({ version });
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }

  /** Keys currently held (for tests and the preview's inspection). */
  keys(): readonly string[] {
    return [...this.entries.keys()];
  }
}

/** A new empty in-memory store. */
export function createMemoryStore(): MemoryStore {
  return new MemoryStore();
}
