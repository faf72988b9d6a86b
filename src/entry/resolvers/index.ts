/**
 * The resolver function of the Custom UI modules (`manifest.yml`: function `resolver`, handler `index.handler`).
 * The resolvers themselves are defined once in `handlers.ts`; this file registers them with Forge, acting for the
 * user of each invocation (`asUser()`).
 */
import { asUser } from '@forge/api';
import { makeResolver } from '@forge/resolver';
import type { Handlers } from '@forge/resolver';
import { createForgeIssueReader } from '../../adapters/jira/forge-issue-reader';
import type { ResolverDefs } from '../../contract/resolvers';
import { createResolverHandlers } from './handlers';
import type { ResolverHandlers } from './handlers';

function logError(message: string, error: unknown): void {
  console.error(message, error);
}

/** Forge's dependencies. `asUser()` is called per invocation: Forge binds it to the user of that invocation. */
const handlers = createResolverHandlers({
  issueReader: () => createForgeIssueReader(asUser().requestJira),
  clock: () => Date.now(),
  logError,
});

/** Forge's shape of each handler: `({ payload, context })`, the payload typed by the contract but unchecked. */
function forForge(map: ResolverHandlers): Handlers<ResolverDefs> {
  const entries = Object.entries(map).map(([name, handler]) => [
    name,
    // The contract types `payload`, but it comes from the browser: the handler validates it as `unknown`.
    ({ payload, context }: { payload: unknown; context: Readonly<Record<string, unknown>> }) =>
      handler(payload, context),
  ]);
  // Object.fromEntries loses the key-to-handler pairing; it is the map's own, one entry per contract name.
  return Object.fromEntries(entries) as Handlers<ResolverDefs>;
}

export const resolverHandler = makeResolver<ResolverDefs>(forForge(handlers));
