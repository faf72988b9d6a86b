/**
 * The only place that calls `@forge/bridge`'s `invoke`: a typed wrapper over the resolver contract
 * (`src/contract/resolvers.ts`). What comes back over the bridge is checked for the result envelope
 * (`envelopeOf`), so a broken or foreign response becomes an `internal` error instead of a crash deep inside a
 * component.
 */
import { invoke } from '@forge/bridge';
import {
  envelopeOf,
  RESOLVER_ERROR_CODES,
  type Invoke,
  type InvokeResolver,
  type ResolverAnswer,
  type ResolverName,
  type ResolverPayload,
} from './resolver-types';

export interface BridgeInvokeOptions {
  /** The error codes of the resolvers' area (`CSI_ERROR_CODES`, …); any other code becomes `internal`. */
  readonly errorCodes: readonly string[];
  /**
   * When the bridge call itself fails: `reject` (the caller's model turns it into its error state) or `internal`
   * (resolve to an `internal` error naming the cause, never a throw).
   */
  readonly bridgeFailure: 'reject' | 'internal';
}

/** The bridge-backed {@link Invoke} of the resolvers `Names`. */
export function bridgeInvoke<Names extends ResolverName>(options: BridgeInvokeOptions): Invoke<Names> {
  return async <K extends Names>(name: K, payload: ResolverPayload<K>): Promise<ResolverAnswer<K>> => {
    let response: unknown;
    try {
      // No metadata is requested, so the bridge answers with the resolver's return value itself.
      response = await invoke<Record<string, unknown>, unknown>(name, { ...(payload as object) });
    } catch (error) {
      if (options.bridgeFailure === 'reject') throw error;
      response = { ok: false, error: { code: 'internal', detail: String(error) } };
    }
    // The envelope is the contract's; the value's shape is the resolver's (validated on the backend side).
    return envelopeOf(name, response, options.errorCodes) as ResolverAnswer<K>;
  };
}

/** Calls any resolver (the issue panel's); rejects only when the bridge call itself fails. */
export const invokeResolver: InvokeResolver = bridgeInvoke({
  errorCodes: RESOLVER_ERROR_CODES,
  bridgeFailure: 'reject',
});
