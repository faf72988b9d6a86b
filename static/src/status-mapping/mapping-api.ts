/**
 * Typed calls to this page's resolvers (`StatusMappingDefs`). The envelope is checked like `api/invoke.ts` does,
 * with this area's extra error codes (`conflict`, `invalid-mapping`).
 */
import { invoke } from '@forge/bridge';
import {
  STATUS_MAPPING_ERROR_CODES,
  type StatusMappingDefs,
  type StatusMappingErrorCode,
  type StatusMappingResult,
} from '../../../src/contract/status-mapping';

export type MappingResolverName = keyof StatusMappingDefs;
export type MappingPayload<K extends MappingResolverName> = Parameters<StatusMappingDefs[K]>[0];
export type MappingResponse<K extends MappingResolverName> = ReturnType<StatusMappingDefs[K]>;

/** Calls a resolver of this page; components receive it as a prop so tests can pass another one. */
export type InvokeMapping = <K extends MappingResolverName>(
  name: K,
  payload: MappingPayload<K>,
) => Promise<MappingResponse<K>>;

function isErrorCode(value: unknown): value is StatusMappingErrorCode {
  return typeof value === 'string' && (STATUS_MAPPING_ERROR_CODES as readonly string[]).includes(value);
}

/** The bridge call; a failed call or a foreign answer becomes an `internal` error, never a throw. */
export const invokeMapping: InvokeMapping = async <K extends MappingResolverName>(
  name: K,
  payload: MappingPayload<K>,
): Promise<MappingResponse<K>> => {
  let response: unknown;
  try {
    response = await invoke<Record<string, unknown>, unknown>(name, { ...payload });
  } catch (error) {
    return { ok: false, error: { code: 'internal', detail: String(error) } } as MappingResponse<K>;
  }
  if (
    typeof response !== 'object' ||
    response === null ||
    typeof (response as { ok?: unknown }).ok !== 'boolean'
  ) {
    return {
      ok: false,
      error: { code: 'internal', detail: `resolver ${name} returned no result envelope` },
    } as MappingResponse<K>;
  }
  if ((response as { ok: boolean }).ok) return response as MappingResponse<K>;
  const error = (response as { error?: { code?: unknown; detail?: unknown } }).error;
  const result: StatusMappingResult<never> = {
    ok: false,
    error: {
      code: isErrorCode(error?.code) ? error.code : 'internal',
      detail: typeof error?.detail === 'string' ? error.detail : `resolver ${name} failed`,
    },
  };
  return result as MappingResponse<K>;
};
