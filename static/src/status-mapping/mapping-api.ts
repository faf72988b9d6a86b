/**
 * The type of this page's resolver calls (`StatusMappingDefs`, with this area's extra error codes `conflict` and
 * `invalid-mapping`). The module entry passes the UI's one `invokeResolver` (`../api/invoke`); tests pass a fake.
 */
import type { StatusMappingDefs } from '../../../src/contract/status-mapping';
import type { Invoke } from '../api/resolver-types';

/** Calls a resolver of this page; components receive it as a prop so tests can pass another one. */
export type InvokeMapping = Invoke<keyof StatusMappingDefs>;
