/**
 * Types of the UI side of the resolver contract. Components depend on `InvokeResolver` (a plain function type),
 * never on `@forge/bridge`, so tests and the local preview can pass another implementation.
 */
import {
  RESOLVER_ERROR_CODES,
  type ResolverDefs,
  type ResolverErrorCode,
  type ResolverResult,
} from '../../../src/contract/resolvers';

export type ResolverName = keyof ResolverDefs;
export type ResolverPayload<K extends ResolverName> = Parameters<ResolverDefs[K]>[0];
/** The value a resolver returns on success. */
export type ResolverValue<K extends ResolverName> = Extract<
  Awaited<ReturnType<ResolverDefs[K]>>,
  { ok: true }
>['value'];
/** Every resolver answers with a `ResolverResult` envelope. */
export type ResolverResponse<K extends ResolverName> = ResolverResult<ResolverValue<K>>;

/** What resolver `K` answers: its own result envelope, with its area's error codes (e.g. `CsiResult`). */
export type ResolverAnswer<K extends ResolverName> = Awaited<ReturnType<ResolverDefs[K]>>;

/**
 * Calls one of the resolvers `Names` with its payload and resolves to its answer. Components receive one as a
 * prop (tests and the local preview pass another implementation); `invokeResolver` in `./invoke` is Forge's.
 */
export type Invoke<Names extends ResolverName> = <K extends Names>(
  name: K,
  payload: ResolverPayload<K>,
) => Promise<ResolverAnswer<K>>;

/** Calls any resolver; resolves to its result envelope and never rejects (`invokeResolver` in `./invoke`). */
export type InvokeResolver = Invoke<ResolverName>;

/** The error codes of the contract every resolver may answer with (the contract's one list). */
export { RESOLVER_ERROR_CODES };

/** True for the error codes of the contract (anything else from the wire is treated as `internal`). */
export function isResolverErrorCode(value: unknown): value is ResolverErrorCode {
  return isErrorCodeOf(RESOLVER_ERROR_CODES, value);
}

/** True when `value` is one of `codes` (an area's error codes, e.g. `CSI_ERROR_CODES`). */
export function isErrorCodeOf<C extends string>(codes: readonly C[], value: unknown): value is C {
  return typeof value === 'string' && (codes as readonly string[]).includes(value);
}

/** A result envelope as it came over the wire, checked; the value's shape is the resolver's (validated there). */
export type CheckedEnvelope<C extends string> =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: { readonly code: C | 'internal'; readonly detail: string } };

/**
 * Checks what resolver `name` answered for the result envelope: an answer without one (or a success without its
 * value), or an error code not in `codes`, becomes an `internal` error (so a broken or foreign answer never crashes deep inside a component).
 */
export function envelopeOf<C extends string>(
  name: string,
  response: unknown,
  codes: readonly C[],
): CheckedEnvelope<C> {
  if (
    typeof response !== 'object' ||
    response === null ||
    typeof (response as { ok?: unknown }).ok !== 'boolean' ||
    // Success without a value (JSON drops `undefined`): the page would fail where it reads the value.
    ((response as { ok: boolean }).ok && (response as { value?: unknown }).value === undefined)
  ) {
    return { ok: false, error: { code: 'internal', detail: `resolver ${name} returned no result envelope` } };
  }
  if ((response as { ok: boolean }).ok) return response as { ok: true; value: unknown };
  const error = (response as { error?: { code?: unknown; detail?: unknown } }).error;
  return {
    ok: false,
    error: {
      code: isErrorCodeOf(codes, error?.code) ? error.code : 'internal',
      detail: typeof error?.detail === 'string' ? error.detail : `resolver ${name} failed`,
    },
  };
}
