/**
 * The resolver function of the Custom UI modules (`manifest.yml`: function `resolver`, handler `index.handler`).
 * Every resolver of the contract `ResolverDefs` is defined here; each validates its payload and delegates.
 */
import { asUser } from '@forge/api';
import { makeResolver } from '@forge/resolver';
import { createForgeIssueReader } from '../../adapters/jira/forge-issue-reader';
import type { ResolverDefs } from '../../contract/resolvers';
import { handleGetIssueFlow } from './get-issue-flow';
import type { GetIssueFlowDeps } from './get-issue-flow';

function logError(message: string, error: unknown): void {
  console.error(message, error);
}

/** Forge's dependencies, created per invocation: `asUser()` acts for the user of this invocation. */
function forgeDeps(): GetIssueFlowDeps {
  return { port: createForgeIssueReader(asUser().requestJira), clock: () => Date.now(), logError };
}

export const resolverHandler = makeResolver<ResolverDefs>({
  // The contract types `payload`, but it comes from the browser: the handler validates it as `unknown`.
  getIssueFlow: ({ payload, context }) => handleGetIssueFlow(payload, context, forgeDeps()),
});
