/**
 * Requests to the `okr-values` web trigger as Forge delivers them, and what the tests read back: a refusal's
 * JSON error, and the whole store (to show a refused request wrote nothing).
 */
import type { MemoryStore } from '../../../src/adapters/store/memory-store';
import { signExternalValue } from '../../../src/application/okr-external-values';
import type { OkrValuesRequest, OkrValuesResponse } from '../../../src/entry/webtriggers/okr-values';

/**
 * `payload` as JSON (or `rawBody` as it is), signed with `secret` at `timestamp` (seconds), header names
 * lower-cased and values in lists as Forge passes them.
 */
export function signedValueRequest(
  secret: string,
  payload: unknown,
  options: { readonly timestamp: string; readonly rawBody?: string; readonly method?: string },
): OkrValuesRequest {
  const body = options.rawBody ?? JSON.stringify(payload);
  return {
    method: options.method ?? 'POST',
    headers: {
      'content-type': ['application/json'],
      'x-threeways-timestamp': [options.timestamp],
      'x-threeways-signature': [signExternalValue(secret, options.timestamp, body)],
    },
    body,
  };
}

/** Every key and value of the store. */
export async function storeSnapshot(store: MemoryStore): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    [...store.keys()].sort().map(async (key) => [key, await store.get(key)] as const),
  );
  return Object.fromEntries(entries);
}

/** The JSON error of a refusal (the answer must say it is JSON). */
export function errorOf(response: OkrValuesResponse): { code: string; message: string } {
  expect(response.headers['Content-Type']).toEqual(['application/json']);
  return (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
}
