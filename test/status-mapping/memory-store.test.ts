import { MemoryStore } from '../../src/adapters/store/memory-store';
import { StoreConflictError } from '../../src/application/ports/store-port';

describe('MemoryStore (optimistic concurrency)', () => {
  it('creates at version 1, then each write names the version it replaces', async () => {
    const store = new MemoryStore();
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', { a: 1 }, null)).toEqual({ version: 1 });
    expect(await store.put('k', { a: 2 }, 1)).toEqual({ version: 2 });
    expect(await store.get('k')).toEqual({ value: { a: 2 }, version: 2 });
  });

  it('refuses a stale version and a create over an existing key, keeping the stored value', async () => {
    const store = new MemoryStore();
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

  it('hands out copies, so mutating a read value does not change the store', async () => {
    const store = new MemoryStore();
    const value = { list: [1] };
    await store.put('k', value, null);
    value.list.push(2);
    const read = await store.get<{ list: number[] }>('k');
    read?.value.list.push(3);
    expect((await store.get('k'))?.value).toEqual({ list: [1] });
  });

  it('deletes a key so it can be created again', async () => {
    const store = new MemoryStore();
    await store.put('k', 1, null);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    expect(await store.put('k', 2, null)).toEqual({ version: 1 });
  });
});
