/**
 * Typed calls of the CSI resolvers (`CsiDefs`, `src/contract/csi.ts`) through `@forge/bridge`, used by the CSI
 * setup page and the CSI register page. Components receive a {@link CsiInvoke} as a prop (tests pass a fake); only
 * the module entries import this file's bridge-backed {@link csiInvoke}: a failed bridge call or a foreign answer
 * becomes an `internal` error, never a throw.
 */
import { CSI_ERROR_CODES, type CsiDefs, type CsiErrorCode } from '../../../src/contract/csi';
import { bridgeInvoke } from '../api/invoke';
import { isErrorCodeOf, type Invoke } from '../api/resolver-types';

/** Calls the CSI resolver `name`; resolves to its result envelope. */
export type CsiInvoke = Invoke<keyof CsiDefs>;

/** True for the error codes of the CSI contract (anything else from the wire is treated as `internal`). */
export function isCsiErrorCode(value: unknown): value is CsiErrorCode {
  return isErrorCodeOf(CSI_ERROR_CODES, value);
}

/** The bridge-backed {@link CsiInvoke}. */
export const csiInvoke: CsiInvoke = bridgeInvoke({ errorCodes: CSI_ERROR_CODES, bridgeFailure: 'internal' });
