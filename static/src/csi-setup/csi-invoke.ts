/**
 * The type of the CSI resolver calls (`CsiDefs`, `src/contract/csi.ts`) used by the CSI setup page and the CSI
 * register page. Components receive a {@link CsiInvoke} as a prop (tests pass a fake); the module entries pass the
 * UI's one `invokeResolver` (`../api/invoke`), which never rejects.
 */
import { CSI_ERROR_CODES, type CsiDefs, type CsiErrorCode } from '../../../src/contract/csi';
import { isErrorCodeOf, type Invoke } from '../api/resolver-types';

/** Calls the CSI resolver `name`; resolves to its result envelope. */
export type CsiInvoke = Invoke<keyof CsiDefs>;

/** True for the error codes of the CSI contract (anything else from the wire is treated as `internal`). */
export function isCsiErrorCode(value: unknown): value is CsiErrorCode {
  return isErrorCodeOf(CSI_ERROR_CODES, value);
}
