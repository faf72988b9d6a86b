/**
 * Typed calls of the project page's and the gadget's resolvers (`ProjectFlowDefs`, `GadgetDefs`) through
 * `@forge/bridge`. Components receive a {@link FlowInvoke} as a prop (tests pass a fake); only the module entries
 * import this file. The answer is checked for the `ResolverResult` envelope as in `api/invoke.ts`.
 */
import { invoke } from '@forge/bridge';
import type { GadgetDefs } from '../../../src/contract/gadget';
import type { ProjectFlowDefs } from '../../../src/contract/project-flow';
import type { ResolverResult } from '../../../src/contract/resolvers';
import { isResolverErrorCode } from '../api/resolver-types';

export type FlowDefs = ProjectFlowDefs & GadgetDefs;
export type FlowResolverName = keyof FlowDefs;
export type FlowPayload<K extends FlowResolverName> = Parameters<FlowDefs[K]>[0];
export type FlowValue<K extends FlowResolverName> = Extract<ReturnType<FlowDefs[K]>, { ok: true }>['value'];

/** Calls resolver `name`; resolves to its `ResolverResult`, rejects only when the bridge call fails. */
export type FlowInvoke = <K extends FlowResolverName>(
  name: K,
  payload: FlowPayload<K>,
) => Promise<ResolverResult<FlowValue<K>>>;

function isEnvelope(value: unknown): value is { ok: boolean } {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/** The bridge-backed {@link FlowInvoke}. */
export const flowInvoke: FlowInvoke = async <K extends FlowResolverName>(
  name: K,
  payload: FlowPayload<K>,
): Promise<ResolverResult<FlowValue<K>>> => {
  const response: unknown = await invoke<Record<string, unknown>, unknown>(name, { ...(payload as object) });
  if (!isEnvelope(response)) {
    return { ok: false, error: { code: 'internal', detail: `resolver ${name} returned no ResolverResult` } };
  }
  if (!response.ok) {
    const error = (response as { error?: { code?: unknown; detail?: unknown } }).error;
    return {
      ok: false,
      error: {
        code: isResolverErrorCode(error?.code) ? error.code : 'internal',
        detail: typeof error?.detail === 'string' ? error.detail : `resolver ${name} failed`,
      },
    };
  }
  // The envelope is the contract's; the value's shape is validated on the backend side.
  return response as ResolverResult<FlowValue<K>>;
};
