/** Records and a counting store for the flow facts store's tests (issue 13). */
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import type { IssueFactsRecord } from '../../src/domain/flow/issue-facts';
import { StoreConflictError, type StorePort } from '../../src/application/ports/store-port';
import type { FactsSyncRecord } from '../../src/application/flow-facts-store';

const DAY_MS = 86_400_000;
const BASE_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

/**
 * A typical help desk issue's facts: created, three status changes (to do → in progress → waiting → done),
 * resolved, a 60-character summary, one flag set and cleared; `seed` varies the instants.
 */
export function facts(id: string, overrides: Partial<IssueFactsRecord> = {}): IssueFactsRecord {
  const seed = Number(id.slice(-6)) % 997;
  const createdMs = BASE_MS + seed * 3_600_000;
  return {
    id,
    key: `HD-${id}`,
    projectId: '10000',
    typeId: '10004',
    created: new Date(createdMs + 3_600_000).toISOString().replace('Z', '+0100'),
    status: '10002',
    resolvedMs: createdMs + 3 * DAY_MS + seed,
    summary: `Printer on floor ${String(seed % 9)} does not print double-sided since update ${id}`.slice(
      0,
      60,
    ),
    updatedMs: createdMs + 3 * DAY_MS + seed + 5_000,
    changes: [
      [createdMs + 1_800_000, '10000', '3'],
      [createdMs + DAY_MS + seed * 1000, '3', '10001'],
      [createdMs + 3 * DAY_MS + seed, '10001', '10002'],
    ],
    flags: [
      [createdMs + 2 * DAY_MS, 1],
      [createdMs + 2 * DAY_MS + 7_200_000, 0],
    ],
    ...overrides,
  };
}

/** A project's sync record after a finished backfill (phase ready, nothing loaded, cursor at the start). */
export function readyRecord(projectId: string, projectKey: string): FactsSyncRecord {
  return {
    projectId,
    projectKey,
    phase: 'ready',
    loaded: 0,
    total: 0,
    runs: 1,
    startedAtMs: 1,
    updatedAtMs: 2,
    syncedUpToMs: 1,
    cursor: 0,
    step: 3,
  };
}

/** Ids `first`, `first + 1`, … as Jira's digit strings. */
export function ids(first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(first + i));
}

/** What a store was asked to do. */
export interface StoreCounts {
  gets: string[];
  puts: string[];
  conflicts: number;
}

/** A memory store that records the keys it reads and writes and the conflicts it answers. */
export function countingStore(store: MemoryStore = createMemoryStore()): {
  store: StorePort;
  memory: MemoryStore;
  counts: StoreCounts;
} {
  const counts: StoreCounts = { gets: [], puts: [], conflicts: 0 };
  const counting: StorePort = {
    maxValueBytes: store.maxValueBytes,
    storedBytes: (value) => store.storedBytes(value),
    get: (key) => {
      counts.gets.push(key);
      return store.get(key);
    },
    put: async (key, value, expectedVersion, options) => {
      try {
        const written = await store.put(key, value, expectedVersion, options);
        counts.puts.push(key);
        return written;
      } catch (error) {
        if (error instanceof StoreConflictError) counts.conflicts++;
        throw error;
      }
    },
    set: async (key, value, options) => {
      await store.set(key, value, options);
      counts.puts.push(key);
    },
    delete: (key) => store.delete(key),
  };
  return { store: counting, memory: store, counts };
}

/** No waiting between compare-and-set attempts (the tests' writers interleave at every await anyway). */
export const NO_WAIT = { sleep: (): Promise<void> => Promise.resolve() } as const;
