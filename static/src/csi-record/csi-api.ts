/**
 * The bridge call of the improvement-record panel's resolvers, with this area's extra error codes (`conflict`,
 * `invalid-record`, `not-csi-issue`, …): a failed bridge call or a foreign answer becomes `internal`, never a throw.
 */
import { CSI_ERROR_CODES } from '../../../src/contract/csi';
import { bridgeInvoke } from '../api/invoke';
import type { InvokeCsiRecord } from './csi-api-types';

/** The bridge call. */
export const invokeCsiRecord: InvokeCsiRecord = bridgeInvoke({
  errorCodes: CSI_ERROR_CODES,
  bridgeFailure: 'internal',
});
