/**
 * The type of the project page's and the gadget's resolver calls (`ProjectFlowDefs`, `GadgetDefs`). Components
 * receive a {@link FlowInvoke} as a prop (tests pass a fake); the module entries pass the UI's one
 * `invokeResolver` (`../api/invoke`), which never rejects.
 */
import type { GadgetDefs } from '../../../src/contract/gadget';
import type { ProjectFlowDefs } from '../../../src/contract/project-flow';
import type { Invoke } from '../api/resolver-types';

/** Calls resolver `name`; resolves to its `ResolverResult`. */
export type FlowInvoke = Invoke<keyof (ProjectFlowDefs & GadgetDefs)>;
