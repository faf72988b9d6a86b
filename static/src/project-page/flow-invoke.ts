/**
 * Typed calls of the project page's and the gadget's resolvers (`ProjectFlowDefs`, `GadgetDefs`) through
 * `@forge/bridge`. Components receive a {@link FlowInvoke} as a prop (tests pass a fake); only the module entries
 * import this file. The answer is checked for the `ResolverResult` envelope; a failed bridge call rejects.
 */
import type { GadgetDefs } from '../../../src/contract/gadget';
import type { ProjectFlowDefs } from '../../../src/contract/project-flow';
import { bridgeInvoke } from '../api/invoke';
import { RESOLVER_ERROR_CODES, type Invoke } from '../api/resolver-types';

/** Calls resolver `name`; resolves to its `ResolverResult`, rejects only when the bridge call fails. */
export type FlowInvoke = Invoke<keyof (ProjectFlowDefs & GadgetDefs)>;

/** The bridge-backed {@link FlowInvoke}. */
export const flowInvoke: FlowInvoke = bridgeInvoke({
  errorCodes: RESOLVER_ERROR_CODES,
  bridgeFailure: 'reject',
});
