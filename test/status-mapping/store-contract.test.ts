/**
 * One contract for every StorePort implementation: the in-memory store of tests and the preview, and the Forge
 * adapter (KvsStore) over a fake of `@forge/kvs` that enforces Forge's documented limits (MemoryKvs). Both must
 * version, conflict, copy, delete, write blindly, expire, and refuse what Forge refuses with Forge's errors.
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import { KVS_MAX_VALUE_BYTES } from '../../src/adapters/store/kvs-limits';
import { KvsStore, VERSIONED_ENTITY, VERSIONED_ENTITY_SCHEMA } from '../../src/adapters/store/kvs-store';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { MemoryKvs } from '../../src/adapters/store/memory-kvs';
import {
  StoreConflictError,
  StoreValueTooLargeError,
  type StorePort,
} from '../../src/application/ports/store-port';

interface Clocked {
  readonly store: StorePort;
  readonly advance: (ms: number) => void;
}

function clocked(make: (clock: () => number) => StorePort): () => Clocked {
  return () => {
    let now = 1_000_000;
    return {
      store: make(() => now),
      advance: (ms) => {
        now += ms;
      },
    };
  };
}

const implementations: [string, () => Clocked][] = [
  ['MemoryStore', clocked((clock) => createMemoryStore({ clock }))],
  [
    'KvsStore over the Forge-limits fake of @forge/kvs',
    clocked(
      (clock) =>
        new KvsStore(new MemoryKvs({ [VERSIONED_ENTITY]: VERSIONED_ENTITY_SCHEMA }, clock).asClient()),
    ),
  ],
];

/** A string whose stored size in `store` is exactly `bytes` (ASCII letters: one byte each, no escapes). */
function valueStoring(store: StorePort, bytes: number): string {
  const overhead = store.storedBytes('');
  return 'a'.repeat(bytes - overhead);
}

describe.each(implementations)('%s', (_name, make) => {
  it('creates at version 1, then each write names the version it replaces', async () => {
    const { store } = make();
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', { a: 1 }, null)).toEqual({ version: 1 });
    expect(await store.put('k', { a: 2 }, 1)).toEqual({ version: 2 });
    expect(await store.get('k')).toEqual({ value: { a: 2 }, version: 2 });
  });

  it('refuses a stale version and a create over an existing key, keeping the stored value', async () => {
    const { store } = make();
    await store.put('k', 'first', null);
    await store.put('k', 'second', 1);
    await expect(store.put('k', 'stale', 1)).rejects.toEqual(new StoreConflictError('k', 1, 2));
    await expect(store.put('k', 'again', null)).rejects.toBeInstanceOf(StoreConflictError);
    await expect(store.put('other', 'x', 3)).rejects.toMatchObject({
      expectedVersion: 3,
      actualVersion: null,
    });
    expect(await store.get('k')).toEqual({ value: 'second', version: 2 });
  });

  it('lets exactly one of many concurrent writers of the same version win', async () => {
    const { store } = make();
    await store.put('k', 0, null);
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => store.put('k', i, 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r): unknown[] => (r.status === 'rejected' ? [r.reason] : []));
    expect(reasons).toEqual(Array.from({ length: 9 }, () => new StoreConflictError('k', 1, 2)));
  });

  it('hands out copies, so mutating a read value does not change the store', async () => {
    const { store } = make();
    const value = { list: [1] };
    await store.put('k', value, null);
    value.list.push(2);
    const read = await store.get<{ list: number[] }>('k');
    read?.value.list.push(3);
    expect((await store.get('k'))?.value).toEqual({ list: [1] });
  });

  it('deletes a key so it can be created again', async () => {
    const { store } = make();
    await store.put('k', 1, null);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', 2, null)).toEqual({ version: 1 });
    await store.delete('never-written');
  });

  it('writes blindly: 50 concurrent writes all succeed and one of them is stored', async () => {
    const { store } = make();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.set('stamp', { i })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const stored = await store.get<{ i: number }>('stamp');
    expect(stored?.version).toBe(0);
    expect(stored?.value.i).toBeGreaterThanOrEqual(0);
  });

  it('forgets a key its time to live after the write', async () => {
    const { store, advance } = make();
    await store.put('job', 'v', null, { ttlSeconds: 60 });
    await store.set('chunk', 'c', { ttlSeconds: 30 });
    advance(29_000);
    expect(await store.get('chunk')).toEqual({ value: 'c', version: 0 });
    advance(1_000);
    expect(await store.get('chunk')).toBeNull();
    expect(await store.get('job')).toEqual({ value: 'v', version: 1 });
    advance(30_000);
    expect(await store.get('job')).toBeNull();
    expect(await store.put('job', 'again', null)).toEqual({ version: 1 });
  });

  it('refuses keys Forge refuses, with Forge’s error codes', async () => {
    const { store } = make();
    const codeOf = async (run: Promise<unknown>): Promise<string> => {
      const error: unknown = await run.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ForgeKvsAPIError);
      return (error as ForgeKvsAPIError).code;
    };
    expect(await codeOf(store.put('k'.repeat(501), 1, null))).toBe('KEY_TOO_LONG');
    expect(await codeOf(store.set('gadget:ari/with/slashes', 1))).toBe('INVALID_KEY');
    expect(await codeOf(store.set('', 1))).toBe('EMPTY_KEY');
    expect(await codeOf(store.get('ä'))).toBe('INVALID_KEY');
    await store.set(
      `flow-facts:chunk:10000:${'a'.repeat(64)}:write-id #1`,
      'allowed: letters, digits, : . _ - # space',
    );
    await store.put('k'.repeat(500), 1, null);
  });

  it('measures stored values exactly as the store stores them: at the limit fits, one byte more is MAX_SIZE', async () => {
    const { store } = make();
    expect(store.maxValueBytes).toBe(KVS_MAX_VALUE_BYTES);
    // Quotes and backslashes double when the value is written as JSON text inside the row: the measure says so.
    expect(store.storedBytes('"\\')).toBeGreaterThan(Buffer.byteLength(JSON.stringify('"\\')));
    const atLimit = valueStoring(store, store.maxValueBytes);
    expect(store.storedBytes(atLimit)).toBe(store.maxValueBytes);
    await store.set('fits', atLimit);
    expect((await store.get('fits'))?.value).toBe(atLimit);
    await store.put('fits-versioned', atLimit, null);
    // The measure assumes the widest version a row can carry, so a value measuring one byte over may still fit
    // a low version; ten bytes over (more than the version's digits) never does.
    const over = valueStoring(store, store.maxValueBytes + 10);
    await expect(store.set('too-big', over)).rejects.toMatchObject({ code: 'MAX_SIZE' });
    await expect(store.put('too-big', over, null)).rejects.toMatchObject({ code: 'MAX_SIZE' });
    // Refused before any request, as an error a resolver can answer with what to shorten.
    await expect(store.put('too-big', over, null)).rejects.toBeInstanceOf(StoreValueTooLargeError);
    expect(await store.get('too-big')).toBeNull();
  });
});
