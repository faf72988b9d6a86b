import { Filter, FilterConditions, kvs } from '@forge/kvs';

import {
  StoreConflictError,
  StoreValueTooLargeError,
  type StorePort,
  type StoredValue,
  type StoreWriteOptions,
} from '../../application/ports/store-port';
import { KVS_MAX_INTEGER, KVS_MAX_VALUE_BYTES, kvsStoredBytes } from './kvs-limits';

/**
 * Name of the Forge custom entity holding versioned values. The manifest must declare it:
 * `app.storage.entities: [{ name: versioned-value, attributes: { version: { type: integer }, json: { type: string } } }]`.
 */
export const VERSIONED_ENTITY = 'versioned-value';

/** The attributes of {@link VERSIONED_ENTITY} as manifest.yml declares them (for the in-memory model). */
export const VERSIONED_ENTITY_SCHEMA = { version: 'integer', json: 'string' } as const;

/** One stored row: the JSON text of the value and its version. */
interface VersionedRow {
  readonly version: number;
  readonly json: string;
}

/** The part of `@forge/kvs` this store uses (so a caller may pass another instance). */
export type KvsClient = Pick<typeof kvs, 'entity' | 'transact'>;

function ttlOf(options: StoreWriteOptions | undefined): { ttl?: { value: number; unit: 'SECONDS' } } {
  return options?.ttlSeconds === undefined ? {} : { ttl: { value: options.ttlSeconds, unit: 'SECONDS' } };
}

/**
 * The store over Forge's Custom Entity Store. Why an entity and not plain KVS keys: only entity writes can be
 * conditional on a stored attribute, which is what optimistic concurrency needs. A first write uses the
 * `FAIL_IF_EXISTS` key policy; later writes are a transaction whose condition is `version = expectedVersion`.
 * When a write fails, the row is read again: a different version is a {@link StoreConflictError}, anything else
 * is rethrown. Values are kept as JSON text in the row `{ version, json }`; Forge limits the row as stored (its
 * JSON, with the value's JSON escaped inside) to 240 KiB, which {@link KvsStore.storedBytes} measures exactly.
 */
export class KvsStore implements StorePort {
  readonly maxValueBytes = KVS_MAX_VALUE_BYTES;

  constructor(private readonly client: KvsClient = kvs) {}

  async get<T>(key: string): Promise<StoredValue<T> | null> {
    const row = await this.client.entity<VersionedRow>(VERSIONED_ENTITY).get(key);
    if (row === undefined) return null;
    return { value: JSON.parse(row.json) as T, version: row.version };
  }

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors StorePort.put
  async put<T>(
    key: string,
    value: T,
    expectedVersion: number | null,
    options?: StoreWriteOptions,
  ): Promise<{ readonly version: number }> {
    const version = (expectedVersion ?? 0) + 1;
    const row: VersionedRow = { version, json: JSON.stringify(value) };
    this.checkSize(key, row.json);
    try {
      if (expectedVersion === null) {
        await this.client
          .entity<VersionedRow>(VERSIONED_ENTITY)
          .set(key, row, { keyPolicy: 'FAIL_IF_EXISTS', ...ttlOf(options) });
      } else {
        await this.client
          .transact()
          .set(
            key,
            row,
            {
              entityName: VERSIONED_ENTITY,
              conditions: new Filter<VersionedRow>().and(
                'version',
                FilterConditions.equalTo(expectedVersion),
              ),
            },
            // Only a TTL when asked for: the request then carries no options at all, as before TTLs were used.
            options?.ttlSeconds === undefined ? undefined : ttlOf(options),
          )
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

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- mirrors StorePort.set
  async set<T>(key: string, value: T, options?: StoreWriteOptions): Promise<void> {
    const row: VersionedRow = { version: 0, json: JSON.stringify(value) };
    this.checkSize(key, row.json);
    await this.client
      .entity<VersionedRow>(VERSIONED_ENTITY)
      .set(key, row, options?.ttlSeconds === undefined ? undefined : ttlOf(options));
  }

  async delete(key: string): Promise<void> {
    await this.client.entity<VersionedRow>(VERSIONED_ENTITY).delete(key);
  }

  /** The row's JSON in UTF-8, with the largest version a row can carry (so the measure never falls short). */
  storedBytes(value: unknown): number {
    return this.rowBytes(JSON.stringify(value));
  }

  private rowBytes(json: string): number {
    const row: VersionedRow = { version: KVS_MAX_INTEGER, json };
    return kvsStoredBytes(row);
  }

  /**
   * Refuses a value Forge would refuse for its size (`MAX_SIZE`) before any request, with an error callers can
   * answer (e.g. "shorten the mapping") instead of the storage service's.
   */
  private checkSize(key: string, json: string): void {
    const bytes = this.rowBytes(json);
    if (bytes > this.maxValueBytes) throw new StoreValueTooLargeError(key, bytes, this.maxValueBytes);
  }
}
