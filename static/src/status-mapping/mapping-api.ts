/**
 * Typed calls to this page's resolvers (`StatusMappingDefs`), with this area's extra error codes (`conflict`,
 * `invalid-mapping`): a failed bridge call or a foreign answer becomes an `internal` error, never a throw.
 */
import { STATUS_MAPPING_ERROR_CODES, type StatusMappingDefs } from '../../../src/contract/status-mapping';
import { bridgeInvoke } from '../api/invoke';
import type { Invoke } from '../api/resolver-types';

/** Calls a resolver of this page; components receive it as a prop so tests can pass another one. */
export type InvokeMapping = Invoke<keyof StatusMappingDefs>;

/** The bridge call. */
export const invokeMapping: InvokeMapping = bridgeInvoke({
  errorCodes: STATUS_MAPPING_ERROR_CODES,
  bridgeFailure: 'internal',
});
