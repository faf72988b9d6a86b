import type { KvsClient } from './kvs-store';
import {
  checkKvsKey,
  checkKvsValue,
  KVS_MAX_BATCH_KEYS,
  KVS_MAX_INTEGER,
  KVS_MAX_QUERY_LIMIT,
  KVS_MAX_REQUEST_BYTES,
  KVS_MAX_TRANSACTION_OPERATIONS,
  KVS_MIN_INTEGER,
  kvsError,
  kvsStoredBytes,
} from './kvs-limits';

/** Attribute types of a custom entity as the manifest declares them (`app.storage.entities`). */
export type EntityAttributeType = 'string' | 'integer' | 'float' | 'boolean' | 'any';
export type EntitySchemas = Readonly<Record<string, Readonly<Record<string, EntityAttributeType>>>>;

interface Ttl {
  readonly value: number;
  readonly unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';
}
interface SetOptions {
  readonly keyPolicy?: 'OVERRIDE' | 'FAIL_IF_EXISTS';
  readonly ttl?: Ttl;
}
interface Condition {
  readonly property: string;
  readonly condition: string;
  readonly values: readonly unknown[];
}
interface Conditions {
  filters(): readonly Condition[];
  operator(): string;
}
interface EntityRef {
  readonly entityName: string;
  readonly conditions?: Conditions;
}

const UNIT_MS: Readonly<Record<Ttl['unit'], number>> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/**
 * An in-memory model of the parts of `@forge/kvs` the app uses (custom entities, transactions, batches, key
 * queries), enforcing Forge's documented limits with the errors its service answers (see `kvs-limits.ts`): key
 * length and characters, 240 KiB per stored value, object depth, 25 operations per transaction / keys per batch,
 * 4 MB per request, 20 results per query page, declared entity attributes and 32-bit integers, and TTLs.
 *
 * Every call resolves on a later microtask and acts atomically there, so concurrent callers interleave as they
 * would against the real service. Codes Atlassian does not document (a `FAIL_IF_EXISTS` set on an existing key, a
 * failed transaction condition, a wrong attribute type) are named here as an assumption; the app never matches on
 * them (KvsStore re-reads the row after any failed write).
 */
export class MemoryKvs {
  private readonly rows = new Map<string, { json: string; expiresAtMs: number | null }>();

  constructor(
    private readonly schemas: EntitySchemas = {},
    private readonly clock: () => number = () => Date.now(),
  ) {}

  private id(entityName: string | undefined, key: string): string {
    return entityName === undefined ? `kvs/${key}` : `entity/${entityName}/${key}`;
  }

  private read(id: string): unknown {
    const row = this.rows.get(id);
    if (row === undefined) return undefined;
    if (row.expiresAtMs !== null && row.expiresAtMs <= this.clock()) {
      this.rows.delete(id);
      return undefined;
    }
    return JSON.parse(row.json) as unknown;
  }

  private checkEntityValue(entityName: string, value: unknown): void {
    const schema = this.schemas[entityName];
    if (schema === undefined)
      throw kvsError('ENTITY_NOT_FOUND', `No custom entity "${entityName}" is declared.`);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw kvsError('VALIDATION_ERROR', 'An entity value must be an object of its attributes.');
    for (const [name, attribute] of Object.entries(value)) {
      const type = schema[name];
      if (type === undefined)
        throw kvsError('VALIDATION_ERROR', `Attribute "${name}" is not declared on "${entityName}".`);
      const ok =
        type === 'any' ||
        (type === 'string' && typeof attribute === 'string') ||
        (type === 'boolean' && typeof attribute === 'boolean') ||
        (type === 'float' && typeof attribute === 'number' && Number.isFinite(attribute)) ||
        (type === 'integer' &&
          Number.isInteger(attribute) &&
          (attribute as number) >= KVS_MIN_INTEGER &&
          (attribute as number) <= KVS_MAX_INTEGER);
      if (!ok)
        throw kvsError('VALIDATION_ERROR', `Attribute "${name}" of "${entityName}" is not a valid ${type}.`);
    }
  }

  /** Validates one write; returns the row to store. */
  private prepare(
    key: string,
    value: unknown,
    entityName: string | undefined,
    ttl: Ttl | undefined,
  ): { json: string; expiresAtMs: number | null } {
    checkKvsKey(key);
    if (entityName !== undefined) this.checkEntityValue(entityName, value);
    checkKvsValue(value);
    if (ttl !== undefined && (!Number.isInteger(ttl.value) || ttl.value <= 0))
      throw kvsError('VALIDATION_ERROR', 'A TTL must be a positive whole number.');
    return {
      json: JSON.stringify(value),
      expiresAtMs: ttl === undefined ? null : this.clock() + ttl.value * UNIT_MS[ttl.unit],
    };
  }

  private holds(id: string, conditions: Conditions | undefined): boolean {
    if (conditions === undefined) return true;
    const row = this.read(id) as Record<string, unknown> | undefined;
    if (row === undefined) return false;
    const results = conditions.filters().map((item) => {
      const actual = row[item.property];
      if (item.condition === 'EQUAL_TO') return actual === item.values[0];
      if (item.condition === 'NOT_EQUAL_TO') return actual !== item.values[0];
      throw kvsError('VALIDATION_ERROR', `Condition ${item.condition} is not modelled in memory.`);
    });
    return conditions.operator() === 'or' ? results.some(Boolean) : results.every(Boolean);
  }

  private async later<T>(run: () => T): Promise<T> {
    await Promise.resolve();
    return run();
  }

  entity<T>(entityName: string) {
    return {
      get: (key: string): Promise<T | undefined> =>
        this.later(() => {
          checkKvsKey(key);
          return this.read(this.id(entityName, key)) as T | undefined;
        }),
      set: (key: string, value: T, options?: SetOptions): Promise<void> =>
        this.later(() => {
          const row = this.prepare(key, value, entityName, options?.ttl);
          const id = this.id(entityName, key);
          if (options?.keyPolicy === 'FAIL_IF_EXISTS' && this.read(id) !== undefined)
            throw kvsError('KEY_ALREADY_EXISTS', `Key "${key}" already exists.`, 409);
          this.rows.set(id, row);
        }),
      delete: (key: string): Promise<void> =>
        this.later(() => {
          checkKvsKey(key);
          this.rows.delete(this.id(entityName, key));
        }),
    };
  }

  transact() {
    type Operation =
      | { kind: 'set'; key: string; value: unknown; entity?: EntityRef; options?: SetOptions }
      | { kind: 'delete'; key: string; entity?: EntityRef }
      | { kind: 'check'; key: string; entity: EntityRef };
    const operations: Operation[] = [];
    const builder = {
      set: (key: string, value: unknown, entity?: EntityRef, options?: SetOptions) => {
        operations.push({
          kind: 'set',
          key,
          value,
          ...(entity === undefined ? {} : { entity }),
          ...(options === undefined ? {} : { options }),
        });
        return builder;
      },
      delete: (key: string, entity?: EntityRef) => {
        operations.push({ kind: 'delete', key, ...(entity === undefined ? {} : { entity }) });
        return builder;
      },
      check: (key: string, entity: EntityRef) => {
        operations.push({ kind: 'check', key, entity });
        return builder;
      },
      execute: (): Promise<void> =>
        this.later(() => {
          if (operations.length === 0)
            throw kvsError('VALIDATION_ERROR', 'A transaction needs at least one operation.');
          if (operations.length > KVS_MAX_TRANSACTION_OPERATIONS)
            throw kvsError(
              'TOO_MANY_OPERATIONS',
              `A transaction can contain at most ${String(KVS_MAX_TRANSACTION_OPERATIONS)} operations.`,
              400,
              '/api/v1/transaction',
            );
          const ids = operations.map((op) => this.id(op.entity?.entityName, op.key));
          if (new Set(ids).size !== ids.length)
            throw kvsError(
              'DUPLICATE_KEYS',
              'Each key can only be used once in a transaction.',
              400,
              '/api/v1/transaction',
            );
          if (kvsStoredBytes(operations) > KVS_MAX_REQUEST_BYTES)
            throw kvsError(
              'PAYLOAD_TOO_LARGE',
              'A transaction is limited to a payload of 4MB.',
              400,
              '/api/v1/transaction',
            );
          const writes = operations.map((op, i) => {
            const id = ids[i] ?? '';
            if (!this.holds(id, op.entity?.conditions))
              throw kvsError(
                'CONDITIONS_NOT_MET',
                `The conditions on "${op.key}" do not hold.`,
                409,
                '/api/v1/transaction',
              );
            return op.kind === 'set'
              ? { id, row: this.prepare(op.key, op.value, op.entity?.entityName, op.options?.ttl) }
              : op.kind === 'delete'
                ? { id, row: null }
                : null;
          });
          for (const write of writes) {
            if (write === null) continue;
            if (write.row === null) this.rows.delete(write.id);
            else this.rows.set(write.id, write.row);
          }
        }),
    };
    return builder;
  }

  private checkBatch(items: readonly { key: string; entityName?: string }[], path: string): void {
    if (items.length === 0) throw kvsError('VALIDATION_ERROR', 'A batch needs at least one key.', 400, path);
    if (items.length > KVS_MAX_BATCH_KEYS)
      throw kvsError(
        'TOO_MANY_KEYS',
        `A batch can contain at most ${String(KVS_MAX_BATCH_KEYS)} keys.`,
        400,
        path,
      );
    const ids = items.map((item) => this.id(item.entityName, item.key));
    if (new Set(ids).size !== ids.length)
      throw kvsError('DUPLICATE_KEYS', 'A batch names the same key twice.', 400, path);
  }

  batchSet(items: readonly { key: string; value: unknown; entityName?: string; options?: SetOptions }[]) {
    return this.later(() => {
      this.checkBatch(items, '/api/v1/batch/set');
      if (kvsStoredBytes(items) > KVS_MAX_REQUEST_BYTES)
        throw kvsError(
          'PAYLOAD_TOO_LARGE',
          'A batch set is limited to a payload of 4MB.',
          400,
          '/api/v1/batch/set',
        );
      const successfulKeys: { key: string; entityName?: string }[] = [];
      const failedKeys: { key: string; entityName?: string; error: { code: string; message: string } }[] = [];
      for (const item of items) {
        const ref = {
          key: item.key,
          ...(item.entityName === undefined ? {} : { entityName: item.entityName }),
        };
        try {
          this.rows.set(
            this.id(item.entityName, item.key),
            this.prepare(item.key, item.value, item.entityName, item.options?.ttl),
          );
          successfulKeys.push(ref);
        } catch (error) {
          const { code, message } = error as { code: string; message: string };
          failedKeys.push({ ...ref, error: { code, message } });
        }
      }
      return { successfulKeys, failedKeys };
    });
  }

  batchGet(items: readonly { key: string; entityName?: string }[]) {
    return this.later(() => {
      this.checkBatch(items, '/api/v1/batch/get');
      return {
        successfulKeys: items.flatMap((item) => {
          const value = this.read(this.id(item.entityName, item.key));
          return value === undefined ? [] : [{ ...item, value }];
        }),
        failedKeys: [],
      };
    });
  }

  batchDelete(items: readonly { key: string; entityName?: string }[]) {
    return this.later(() => {
      this.checkBatch(items, '/api/v1/batch/delete');
      for (const item of items) this.rows.delete(this.id(item.entityName, item.key));
      return { successfulKeys: [...items], failedKeys: [] };
    });
  }

  /** Plain KVS keys by prefix, at most {@link KVS_MAX_QUERY_LIMIT} per page. */
  query() {
    let prefix = '';
    let limit = 10;
    let cursor = 0;
    const builder = {
      where: (_field: 'key', condition: { condition: string; values: readonly unknown[] }) => {
        const first = condition.values[0];
        prefix = typeof first === 'string' ? first : '';
        return builder;
      },
      limit: (n: number) => {
        limit = n;
        return builder;
      },
      cursor: (c: string) => {
        cursor = Number(c);
        return builder;
      },
      getMany: () =>
        this.later(() => {
          if (!Number.isInteger(limit) || limit < 1 || limit > KVS_MAX_QUERY_LIMIT)
            throw kvsError(
              'VALIDATION_ERROR',
              `A query limit must be 1..${String(KVS_MAX_QUERY_LIMIT)}.`,
              400,
              '/api/v1/query',
            );
          const keys = [...this.rows.keys()]
            .filter((id) => id.startsWith(`kvs/${prefix}`) && this.read(id) !== undefined)
            .sort();
          const page = keys.slice(cursor, cursor + limit);
          const results = page.map((id) => ({ key: id.slice(4), value: this.read(id) }));
          return cursor + limit < keys.length ? { results, nextCursor: String(cursor + limit) } : { results };
        }),
    };
    return builder;
  }

  /** Plain KVS get/set/delete (unversioned keys). */
  get<T>(key: string): Promise<T | undefined> {
    return this.later(() => {
      checkKvsKey(key);
      return this.read(this.id(undefined, key)) as T | undefined;
    });
  }

  set(key: string, value: unknown, options?: SetOptions): Promise<void> {
    return this.later(() => {
      this.rows.set(this.id(undefined, key), this.prepare(key, value, undefined, options?.ttl));
    });
  }

  delete(key: string): Promise<void> {
    return this.later(() => {
      checkKvsKey(key);
      this.rows.delete(this.id(undefined, key));
    });
  }

  /** Keys of live rows of an entity (tests, preview inspection). */
  entityKeys(entityName: string): string[] {
    const prefix = `entity/${entityName}/`;
    return [...this.rows.keys()]
      .filter((id) => id.startsWith(prefix) && this.read(id) !== undefined)
      .map((id) => id.slice(prefix.length));
  }

  /** The client `KvsStore` takes (this model implements the calls it makes, not every overload). */
  asClient(): KvsClient {
    return this as unknown as KvsClient;
  }
}
