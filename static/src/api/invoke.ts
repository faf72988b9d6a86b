/**
 * The only place that calls `@forge/bridge`'s `invoke`: the UI's one resolver call (`createInvoke`, with its one
 * failure policy) bound to the bridge. Only module entries import this file (the bridge needs the Forge iframe);
 * components receive the invoke as a prop.
 */
import { invoke } from '@forge/bridge';
import type { InvokeResolver } from './resolver-types';
import { createInvoke } from './create-invoke';

export { ERROR_CODES_OF, createInvoke, type BridgeCall } from './create-invoke';

/** Calls resolver `name` over the bridge; resolves to its checked result envelope and never rejects. */
// No metadata is requested, so the bridge answers with the resolver's return value itself.
export const invokeResolver: InvokeResolver = createInvoke((name, payload) =>
  invoke<Record<string, unknown>, unknown>(name, payload),
);
