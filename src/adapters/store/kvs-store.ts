import { Filter, FilterConditions, kvs } from '@forge/kvs';

import { StoreConflictError, type StorePort, type StoredValue } from '../../application/ports/store-port';

/**
 * Name of the Forge custom entity holding versioned values. The manifest must declare it:
 * `app.storage.entities: [{ name: versioned-value, attributes: { version: { type: integer }, json: { type: string } } }]`.
 */
export const VERSIONED_ENTITY = 'versioned-value';

/** One stored row: the JSON text of the value and its version. */
interface VersionedRow {
  readonly version: number;
  readonly json: string;
}

/** The part of `@forge/kvs` this store uses (so a caller may pass another instance). */
export type KvsClient = Pick<typeof kvs, 'entity' | 'transact'>;

/**
 * The store over Forge's Custom Entity Store. Why an entity and not plain KVS keys: only entity writes can be
 * conditional on a stored attribute, which is what optimistic concurrency needs. A first write uses the
 * `FAIL_IF_EXISTS` key policy; later writes are a transaction whose condition is `version = expectedVersion`.
 * When a write fails, the row is read again: a different version is a {@link StoreConflictError}, anything else
 * is rethrown. Values are kept as JSON text (entity values are limited to 240 KiB).
 */
export class KvsStore implements StorePort {
  constructor(private readonly client: KvsClient = kvs) {}

  async get<T>(key: string): Promise<StoredValue<T> | null> {
    const row = await this.client.entity<VersionedRow>(VERSIONED_ENTITY).get(key);
    if (row === undefined) return null;
    return { value: JSON.parse(row.json) as T, version: row.version };
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors StorePort.put
  async put<T>(key: string, value: T, expectedVersion: number | null): Promise<{ readonly version: number }> {
    const version = (expectedVersion ?? 0) + 1;
    const row: VersionedRow = { version, json: JSON.stringify(value) };
    try {
      if (expectedVersion === null) {
        await this.client
          .entity<VersionedRow>(VERSIONED_ENTITY)
          .set(key, row, { keyPolicy: 'FAIL_IF_EXISTS' });
      } else {
        await this.client
          .transact()
          .set(key, row, {
            entityName: VERSIONED_ENTITY,
            conditions: new Filter<VersionedRow>().and('version', FilterConditions.equalTo(expectedVersion)),
          })
          .execute();
      }
    } catch (error) {
      const current = await this.client.entity<VersionedRow>(VERSIONED_ENTITY).get(key);
      const actualVersion = current?.version ?? null;
      if (actualVersion !== expectedVersion) {
        throw new StoreConflictError(key, expectedVersion, actualVersion);
      }
      throw error;
    }
    return { version };
  }

  async delete(key: string): Promise<void> {
    await this.client.entity<VersionedRow>(VERSIONED_ENTITY).delete(key);
  }
}
