import { ForgeKvsAPIError } from '@forge/kvs';

/**
 * Forge KVS / Custom Entity Store limits the app can hit, as Atlassian documents them
 * (developer.atlassian.com/platform/forge/limits-kvs-ce, …/storage-reference/handling-errors-customentities,
 * …/storage-reference/transactions-entities, …/storage-reference/batchops-entities, …/storage-api-query):
 * the in-memory store enforces them with the errors Forge's service answers, so tests see what Forge would refuse.
 */

/** Longest key, characters. */
export const KVS_MAX_KEY_LENGTH = 500;
/** The key format Forge checks (`INVALID_KEY` otherwise). */
export const KVS_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
/** Largest stored value: 240 KiB "in RAW", i.e. the UTF-8 bytes of the value's JSON as stored. */
export const KVS_MAX_VALUE_BYTES = 240 * 1024;
/** Deepest nesting of a stored value (Forge's error table says 32; its limits table 31: the stricter one). */
export const KVS_MAX_OBJECT_DEPTH = 31;
/** Operations of one transaction. */
export const KVS_MAX_TRANSACTION_OPERATIONS = 25;
/** Keys of one batch get/set/delete. */
export const KVS_MAX_BATCH_KEYS = 25;
/** Payload of one transaction or batch set. */
export const KVS_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Most results of one query page (`limit`). */
export const KVS_MAX_QUERY_LIMIT = 20;
/** Custom-entity `integer` attributes are 32-bit signed. */
export const KVS_MAX_INTEGER = 2_147_483_647;
export const KVS_MIN_INTEGER = -2_147_483_648;

/** The error Forge's storage service answers (what `@forge/kvs` throws): `code` names the broken rule. */
export function kvsError(
  code: string,
  message: string,
  status = 400,
  path = '/api/v1/entity/set',
): ForgeKvsAPIError {
  return new ForgeKvsAPIError(
    {
      status,
      statusText: status === 400 ? 'Bad Request' : status === 409 ? 'Conflict' : 'Error',
      traceId: null,
      httpMethod: 'POST',
      httpPath: path,
    },
    { code, message },
  );
}

/** Throws Forge's error for a key it would refuse (`EMPTY_KEY`, `KEY_TOO_LONG`, `INVALID_KEY`). */
export function checkKvsKey(key: string): void {
  if (key.length === 0) throw kvsError('EMPTY_KEY', 'Key cannot be empty.');
  if (key.length > KVS_MAX_KEY_LENGTH)
    throw kvsError(
      'KEY_TOO_LONG',
      `The provided key has exceeded the maximum ${String(KVS_MAX_KEY_LENGTH)} characters.`,
    );
  if (!KVS_KEY_PATTERN.test(key))
    throw kvsError('INVALID_KEY', `The provided key does not match the regex: ${String(KVS_KEY_PATTERN)}`);
}

/** Bytes a value takes in the store: the UTF-8 bytes of its JSON. */
export function kvsStoredBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return deepest + 1;
}

/** Throws Forge's error for a value it would refuse (`MAX_SIZE`, `MAX_DEPTH`); returns its stored bytes. */
export function checkKvsValue(value: unknown): number {
  const bytes = kvsStoredBytes(value);
  if (bytes > KVS_MAX_VALUE_BYTES)
    throw kvsError(
      'MAX_SIZE',
      `The provided value has exceeded the maximum size limit (${String(bytes)} > ${String(KVS_MAX_VALUE_BYTES)} bytes).`,
    );
  if (depthOf(value) > KVS_MAX_OBJECT_DEPTH)
    throw kvsError(
      'MAX_DEPTH',
      `The provided value has exceeded the maximum object depth (${String(KVS_MAX_OBJECT_DEPTH)}) limit.`,
    );
  return bytes;
}
