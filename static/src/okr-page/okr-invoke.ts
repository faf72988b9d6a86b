/**
 * The type of the OKR resolver calls (`OkrDefs`, `src/contract/okr.ts`) the OKR page uses. Components receive an
 * {@link OkrInvoke} as a prop (tests pass a fake); the module entry passes the UI's one `invokeResolver`
 * (`../api/invoke`), which never rejects.
 */
import type { OkrDefs } from '../../../src/contract/okr';
import type { Invoke } from '../api/resolver-types';

/** Calls the OKR resolver `name`; resolves to its result envelope. */
export type OkrInvoke = Invoke<keyof OkrDefs>;
