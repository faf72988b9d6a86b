/**
 * `mockInvoke(map)`: the UI's one invoke (`createInvoke`, with its real failure policy) over a fake bridge that
 * answers from `map` — a function per resolver name returning the resolver's answer (or throwing, as a failed
 * bridge call does). Records every call; a resolver missing from the map fails like an unknown resolver would.
 */
import { createInvoke } from '../../../static/src/api/create-invoke';
import type {
  InvokeResolver,
  ResolverAnswer,
  ResolverName,
  ResolverPayload,
} from '../../../static/src/api/resolver-types';

/** How a test answers resolver `K`: synchronously or not; throwing stands for a failed bridge call. */
export type MockAnswers = {
  readonly [K in ResolverName]?: (
    payload: ResolverPayload<K>,
  ) => ResolverAnswer<K> | Promise<ResolverAnswer<K>>;
};

export interface MockInvoke {
  readonly invoke: InvokeResolver;
  /** Every call in order, with its payload. */
  readonly calls: { readonly name: ResolverName; readonly payload: unknown }[];
  /** The calls of resolver `name`'s payloads. */
  payloadsOf<K extends ResolverName>(name: K): ResolverPayload<K>[];
}

export function mockInvoke(map: MockAnswers): MockInvoke {
  const calls: { name: ResolverName; payload: unknown }[] = [];
  const invoke = createInvoke(async (name, payload) => {
    calls.push({ name: name as ResolverName, payload });
    const answer = (map as Record<string, ((p: unknown) => unknown) | undefined>)[name];
    if (answer === undefined) throw new Error(`no resolver ${name} in this test`);
    return await answer(payload);
  });
  return {
    invoke,
    calls,
    payloadsOf: <K extends ResolverName>(name: K) =>
      calls.filter((c) => c.name === name).map((c) => c.payload as ResolverPayload<K>),
  };
}
