/**
 * The only place that calls `@forge/bridge`'s `invoke`: a typed wrapper over the resolver contract
 * (`src/contract/resolvers.ts`). What comes back over the bridge is checked for the `ResolverResult` envelope,
 * so a broken or foreign response becomes an `internal` error instead of a crash deep inside a component.
 */
import { invoke } from '@forge/bridge';
import type { InvokeResolver, ResolverName, ResolverPayload, ResolverResponse } from './resolver-types';
import { isResolverErrorCode } from './resolver-types';

function isEnvelope(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** Calls the resolver `name` through the Forge bridge. Rejects only when the bridge call itself fails. */
export const invokeResolver: InvokeResolver = async <K extends ResolverName>(
  name: K,
  payload: ResolverPayload<K>,
): Promise<ResolverResponse<K>> => {
  // No metadata is requested, so the bridge answers with the resolver's return value itself.
  const response: unknown = await invoke<Record<string, unknown>, unknown>(name, { ...(payload as object) });
  if (!isEnvelope(response)) {
    return { ok: false, error: { code: 'internal', detail: `resolver ${name} returned no ResolverResult` } };
  }
  if (!response.ok) {
    const error = (response as { error?: { code?: unknown; detail?: unknown } }).error;
    const code = isResolverErrorCode(error?.code) ? error.code : 'internal';
    const detail = typeof error?.detail === 'string' ? error.detail : `resolver ${name} failed`;
    return { ok: false, error: { code, detail } };
  }
  // The envelope is the contract's; the value's shape is the resolver's (validated on the backend side).
  return response as ResolverResponse<K>;
};
