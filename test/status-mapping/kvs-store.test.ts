/**
 * The Forge store's concurrency logic over an in-memory model of the Custom Entity Store's semantics: a
 * `FAIL_IF_EXISTS` set fails when the key exists; a transaction set fails unless its `equalTo` conditions hold
 * on the stored row. (Forge's storage service itself only runs inside Forge.)
 */
import type { BaseFilter } from '@forge/kvs/out/entity-query';
import { KvsStore, VERSIONED_ENTITY, type KvsClient } from '../../src/adapters/store/kvs-store';
import { StoreConflictError } from '../../src/application/ports/store-port';

type Row = Record<string, unknown>;

function entityStoreModel() {
  const rows = new Map<string, Row>();
  const options: unknown[] = [];
  const id = (entityName: string, key: string) => `${entityName}/${key}`;
  let failNextWriteWith: Error | null = null;
  const client = {
    entity: (entityName: string) => ({
      get: (key: string) => Promise.resolve(rows.get(id(entityName, key))),
      set: (key: string, value: Row, setOptions?: { keyPolicy?: string }) => {
        options.push(setOptions);
        if (failNextWriteWith !== null) {
          const error = failNextWriteWith;
          failNextWriteWith = null;
          return Promise.reject(error);
        }
        if (setOptions?.keyPolicy === 'FAIL_IF_EXISTS' && rows.has(id(entityName, key))) {
          return Promise.reject(new Error('KEY_ALREADY_EXISTS'));
        }
        rows.set(id(entityName, key), value);
        return Promise.resolve();
      },
      delete: (key: string) => {
        rows.delete(id(entityName, key));
        return Promise.resolve();
      },
    }),
    transact: () => {
      const sets: { key: string; value: Row; entityName: string; conditions?: BaseFilter<Row> }[] = [];
      const builder = {
        set: (
          key: string,
          value: Row,
          entity: { entityName: string; conditions?: BaseFilter<Row> },
          setOptions?: unknown,
        ) => {
          options.push(setOptions);
          sets.push({ key, value, ...entity });
          return builder;
        },
        execute: () => {
          for (const set of sets) {
            const row = rows.get(id(set.entityName, set.key));
            const holds = (set.conditions?.filters() ?? []).every(
              (item) => item.condition === 'EQUAL_TO' && row?.[item.property] === item.values[0],
            );
            if (!holds) return Promise.reject(new Error('TRANSACTION_CONDITION_FAILED'));
          }
          for (const set of sets) rows.set(id(set.entityName, set.key), set.value);
          return Promise.resolve();
        },
      };
      return builder;
    },
  };
  return {
    rows,
    options,
    failNextWrite(error: Error) {
      failNextWriteWith = error;
    },
    // The model implements the calls KvsStore makes, not @forge/kvs's full overloaded typing.
    client: client as unknown as KvsClient,
  };
}

describe('KvsStore', () => {
  it('keeps the value as JSON with its version in the versioned entity', async () => {
    const model = entityStoreModel();
    const store = new KvsStore(model.client);
    expect(await store.put('mapping:10000', { a: 1 }, null)).toEqual({ version: 1 });
    expect(model.rows.get(`${VERSIONED_ENTITY}/mapping:10000`)).toEqual({ version: 1, json: '{"a":1}' });
    expect(await store.put('mapping:10000', { a: 2 }, 1)).toEqual({ version: 2 });
    expect(await store.get('mapping:10000')).toEqual({ value: { a: 2 }, version: 2 });
  });

  it('turns a failed conditional write into StoreConflictError naming both versions', async () => {
    const store = new KvsStore(entityStoreModel().client);
    await store.put('k', 'one', null);
    await store.put('k', 'two', 1);
    await expect(store.put('k', 'stale', 1)).rejects.toEqual(new StoreConflictError('k', 1, 2));
    await expect(store.put('k', 'create', null)).rejects.toEqual(new StoreConflictError('k', null, 2));
    expect(await store.get('k')).toEqual({ value: 'two', version: 2 });
  });

  it('rethrows a failure that is not a conflict (the stored version is the expected one)', async () => {
    const model = entityStoreModel();
    const store = new KvsStore(model.client);
    const outage = new Error('storage unavailable');
    model.failNextWrite(outage);
    await expect(store.put('k', 'v', null)).rejects.toBe(outage);
    await store.put('k', 'v', null);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
  });

  it('passes a time to live to Forge in seconds, and no options without one', async () => {
    const model = entityStoreModel();
    const store = new KvsStore(model.client);
    await store.put('job', 1, null, { ttlSeconds: 86_400 });
    await store.put('job', 2, 1, { ttlSeconds: 86_400 });
    await store.put('plain', 1, null);
    await store.put('plain', 2, 1);
    await store.set('stamp', { changedAtMs: 5 }, { ttlSeconds: 60 });
    await store.set('chunk', 'text');
    expect(model.options).toEqual([
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 86_400, unit: 'SECONDS' } },
      { ttl: { value: 86_400, unit: 'SECONDS' } },
      { keyPolicy: 'FAIL_IF_EXISTS' },
      undefined,
      { ttl: { value: 60, unit: 'SECONDS' } },
      undefined,
    ]);
    expect(model.rows.get(`${VERSIONED_ENTITY}/stamp`)).toEqual({ version: 0, json: '{"changedAtMs":5}' });
  });
});
