/**
 * Every resolver of the contract `ResolverDefs`, defined once as a map from function name to handler. Forge
 * (`index.ts`, through `makeResolver`) and the local preview (`dev/preview/`, over HTTP to the Jira emulator) call
 * the same map; only the dependencies differ: who talks to Jira and as whom.
 */
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type { ResolverDefs } from '../../contract/resolvers';
import { handleGetIssueFlow } from './get-issue-flow';

/**
 * The invocation context Forge passes to a resolver (`accountId`, `locale`, `timezone`, `extension`, …). It comes
 * with the call from the browser side, so every handler reads it as untrusted data.
 */
export type ResolverContext = Readonly<Record<string, unknown>>;

/** What the resolvers need from the outside world. */
export interface ResolverDeps {
  /**
   * Jira's issues as the user of this invocation sees them: on Forge `asUser()` (Forge knows the user), in the
   * preview the sample user named by `context.accountId` (basic auth against the emulator).
   */
  readonly issueReader: (context: ResolverContext) => IssueReadPort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** Server-side log (Forge function logs); never shown to the user. */
  readonly logError: (message: string, error: unknown) => void;
}

/** One handler per resolver: the payload as received (validated inside), the invocation context. */
export type ResolverHandlers = {
  readonly [Name in keyof ResolverDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<ResolverDefs[Name]>>;
};

/** The resolver handlers over `deps`. */
export function createResolverHandlers(deps: ResolverDeps): ResolverHandlers {
  return {
    getIssueFlow: (payload, context) =>
      handleGetIssueFlow(payload, context, {
        port: deps.issueReader(context),
        clock: deps.clock,
        logError: deps.logError,
      }),
  };
}
