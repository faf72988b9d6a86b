/**
 * The fake of `@forge/kvs` (MemoryKvs) refuses what Forge's storage service refuses, per Atlassian's documented
 * limits: transactions and batches of more than 25, duplicate keys, query pages over 20, undeclared entity
 * attributes, integers beyond 32 bits, values deeper than the object-depth limit.
 */
import { ForgeKvsAPIError, Filter, FilterConditions, WhereConditions } from '@forge/kvs';
import { KVS_MAX_OBJECT_DEPTH } from '../../src/adapters/store/kvs-limits';
import { VERSIONED_ENTITY, VERSIONED_ENTITY_SCHEMA } from '../../src/adapters/store/kvs-store';
import { MemoryKvs } from '../../src/adapters/store/memory-kvs';

const kvs = (): MemoryKvs => new MemoryKvs({ [VERSIONED_ENTITY]: VERSIONED_ENTITY_SCHEMA });

async function codeOf(run: Promise<unknown>): Promise<string> {
  const error: unknown = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  return (error as ForgeKvsAPIError).code;
}

describe('MemoryKvs, the Forge-limits fake of @forge/kvs', () => {
  it('runs a transaction of 25 operations atomically and refuses 26 or a repeated key', async () => {
    const store = kvs();
    const tx = store.transact();
    for (let i = 0; i < 25; i++)
      tx.set(`k${String(i)}`, { version: 1, json: '1' }, { entityName: VERSIONED_ENTITY });
    await tx.execute();
    expect(await store.entity(VERSIONED_ENTITY).get('k24')).toEqual({ version: 1, json: '1' });
    const big = store.transact();
    for (let i = 0; i < 26; i++)
      big.set(`n${String(i)}`, { version: 1, json: '1' }, { entityName: VERSIONED_ENTITY });
    expect(await codeOf(big.execute())).toBe('TOO_MANY_OPERATIONS');
    expect(await store.entity(VERSIONED_ENTITY).get('n0')).toBeUndefined();
    const twice = store
      .transact()
      .set('a', { version: 1, json: '1' }, { entityName: VERSIONED_ENTITY })
      .delete('a', { entityName: VERSIONED_ENTITY });
    expect(await codeOf(twice.execute())).toBe('DUPLICATE_KEYS');
  });

  it('fails the whole transaction when a condition does not hold', async () => {
    const store = kvs();
    await store.entity(VERSIONED_ENTITY).set('a', { version: 1, json: '"a"' });
    const tx = store
      .transact()
      .set('b', { version: 1, json: '"b"' }, { entityName: VERSIONED_ENTITY })
      .set(
        'a',
        { version: 3, json: '"x"' },
        {
          entityName: VERSIONED_ENTITY,
          conditions: new Filter<{ version: number }>().and('version', FilterConditions.equalTo(2)),
        },
      );
    expect(await codeOf(tx.execute())).toBe('CONDITIONS_NOT_MET');
    expect(await store.entity(VERSIONED_ENTITY).get('b')).toBeUndefined();
  });

  it('takes batches of at most 25 keys, reporting per-key failures of a batch set', async () => {
    const store = kvs();
    const keys = Array.from({ length: 26 }, (_, i) => ({ key: `k${String(i)}` }));
    expect(await codeOf(store.batchGet(keys))).toBe('TOO_MANY_KEYS');
    expect(await codeOf(store.batchDelete(keys))).toBe('TOO_MANY_KEYS');
    const result = await store.batchSet([
      { key: 'ok', value: 1 },
      { key: 'bad/key', value: 1 },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'ok' }]);
    expect(result.failedKeys.map((failed) => [failed.key, failed.error.code])).toEqual([
      ['bad/key', 'INVALID_KEY'],
    ]);
  });

  it('pages queries by at most 20', async () => {
    const store = kvs();
    for (let i = 0; i < 25; i++) await store.set(`q:${String(i).padStart(2, '0')}`, i);
    expect(
      await codeOf(store.query().where('key', WhereConditions.beginsWith('q:')).limit(21).getMany()),
    ).toBe('VALIDATION_ERROR');
    const first = await store.query().where('key', WhereConditions.beginsWith('q:')).limit(20).getMany();
    expect(first.results).toHaveLength(20);
    const second = await store
      .query()
      .where('key', WhereConditions.beginsWith('q:'))
      .limit(20)
      .cursor(first.nextCursor ?? '')
      .getMany();
    expect(second.results.map((r) => r.value)).toEqual([20, 21, 22, 23, 24]);
  });

  it('checks entity attributes against the manifest: declared names, 32-bit integers, strings', async () => {
    const entity = kvs().entity(VERSIONED_ENTITY);
    expect(await codeOf(entity.set('a', { version: 2 ** 31, json: '1' }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(entity.set('a', { version: 1, json: 1 }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(entity.set('a', { version: 1, json: '1', extra: true }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(kvs().entity('undeclared').set('a', {}))).toBe('ENTITY_NOT_FOUND');
    await entity.set('a', { version: 2 ** 31 - 1, json: '1' });
  });

  it('refuses values nested deeper than the object-depth limit', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < KVS_MAX_OBJECT_DEPTH + 1; i++) deep = { d: deep };
    expect(await codeOf(kvs().set('deep', deep))).toBe('MAX_DEPTH');
  });
});
