/**
 * Types of the UI side of the resolver contract. Components depend on `InvokeResolver` (a plain function type),
 * never on `@forge/bridge`, so tests and the local preview can pass another implementation.
 */
import type { ResolverDefs, ResolverErrorCode, ResolverResult } from '../../../src/contract/resolvers';

export type ResolverName = keyof ResolverDefs;
export type ResolverPayload<K extends ResolverName> = Parameters<ResolverDefs[K]>[0];
/** The value a resolver returns on success. */
export type ResolverValue<K extends ResolverName> = Extract<
  Awaited<ReturnType<ResolverDefs[K]>>,
  { ok: true }
>['value'];
/** Every resolver answers with a `ResolverResult` envelope. */
export type ResolverResponse<K extends ResolverName> = ResolverResult<ResolverValue<K>>;

/** Calls the resolver `name` with `payload`; resolves to its `ResolverResult`, rejects when the call itself fails. */
export type InvokeResolver = <K extends ResolverName>(
  name: K,
  payload: ResolverPayload<K>,
) => Promise<ResolverResponse<K>>;

const errorCodes: readonly ResolverErrorCode[] = [
  'invalid-payload',
  'not-found',
  'forbidden',
  'jira-unavailable',
  'internal',
];

/** True for the error codes of the contract (anything else from the wire is treated as `internal`). */
export function isResolverErrorCode(value: unknown): value is ResolverErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
