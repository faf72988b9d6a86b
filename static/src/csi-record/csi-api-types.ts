/**
 * The UI side of the improvement-record resolvers (`CsiDefs['getCsiRecord']`, `CsiDefs['saveCsiRecord']`): the
 * function type components receive (never `@forge/bridge` itself, so tests and the preview pass another one).
 */
import type { Invoke, ResolverAnswer, ResolverPayload } from '../api/resolver-types';

/** The resolvers this panel calls. */
export type CsiRecordResolverName = 'getCsiRecord' | 'saveCsiRecord';
export type CsiRecordPayload<K extends CsiRecordResolverName> = ResolverPayload<K>;
export type CsiRecordResponse<K extends CsiRecordResolverName> = ResolverAnswer<K>;

/** Calls a resolver of this panel; components receive it as a prop so tests can pass another one. */
export type InvokeCsiRecord = Invoke<CsiRecordResolverName>;
