/**
 * The resolver wrapper the FitSM assessment and meeting handlers share: check the payload (valibot), build the use
 * case's dependencies from the context, run it, and answer the contract's result. A known error of the use cases
 * becomes its contract failure (`failureOf`); an unexpected one is logged and answered `internal`, naming the
 * resolver. A missing user consent (`NeedsAuthenticationError`) is rethrown so Forge asks for it.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { describeIssues } from './describe-issues';
import type { ResolverContext } from './handlers';

/** A contract's answer: the value, or a failure with its code and what to do. */
export type GuardedResult<T, Code extends string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: Code; readonly detail: string } };

export interface GuardedHandlerSpec<Schema extends v.GenericSchema, D, Code extends string> {
  /** The resolver's name, in the log and the `internal` answer. */
  readonly name: string;
  readonly schema: Schema;
  /** The use case's dependencies for this call (the acting user's Jira, the clock read now, …). */
  readonly depsOf: (context: ResolverContext, name: string) => D;
  /** The contract failure of a known error; null for an unexpected one. */
  readonly failureOf: (error: unknown) => { code: Code; detail: string } | null;
  readonly logError: (message: string, error: unknown) => void;
}

/** One resolver over `work`, guarded as the file's comment says. */
export function guardedHandler<Schema extends v.GenericSchema, D, T, Code extends string>(
  spec: GuardedHandlerSpec<Schema, D, Code>,
  work: (input: v.InferOutput<Schema>, useCaseDeps: D) => Promise<T>,
): (
  payload: unknown,
  context: ResolverContext,
) => Promise<GuardedResult<T, Code | 'invalid-payload' | 'internal'>> {
  const { name } = spec;
  return async (payload, context) => {
    const parsed = v.safeParse(spec.schema, payload ?? {});
    if (!parsed.success)
      return { ok: false, error: { code: 'invalid-payload', detail: describeIssues(parsed.issues) } };
    try {
      return { ok: true, value: await work(parsed.output, spec.depsOf(context, name)) };
    } catch (error) {
      if (error instanceof NeedsAuthenticationError) throw error;
      const mapped = spec.failureOf(error);
      if (mapped !== null) return { ok: false, error: mapped };
      spec.logError(`${name} failed`, error);
      return {
        ok: false,
        error: { code: 'internal', detail: `Unexpected error in ${name}; see the app logs.` },
      };
    }
  };
}
