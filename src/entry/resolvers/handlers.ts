/**
 * Every resolver of the contract `ResolverDefs`, defined once as a map from function name to handler. Forge
 * (`index.ts`, through `makeResolver`) and the local preview (`dev/preview/`, over HTTP to the Jira emulator) call
 * the same map; only the dependencies differ: who talks to Jira and as whom.
 */
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type { JiraConfigPort, JiraPort } from '../../application/ports/jira-port';
import type { QueuePort } from '../../application/ports/queue-port';
import type { StorePort } from '../../application/ports/store-port';
import type { ResolverDefs } from '../../contract/resolvers';
import { createCsiRecordHandlers } from './csi-record-handlers';
import { createCsiSetupHandlers } from './csi-setup-handlers';
import { createGadgetHandlers } from './gadget-handlers';
import { handleGetIssueFlow } from './get-issue-flow';
import { createProjectFlowHandlers } from './project-flow-handlers';
import { createStatusMappingHandlers } from './status-mapping-handlers';

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
  /**
   * The Jira client acting as the user of the invocation (as `issueReader`), with Jira's configuration calls for
   * the CSI setup (Jira itself refuses them to anyone but administrators; the setup checks first).
   */
  readonly jira: (context: ResolverContext) => JiraPort & JiraConfigPort;
  /** App storage: settings, cached flow views, gadget configurations (Forge KVS; in memory in the preview). */
  readonly store: StorePort;
  /** Queue for project views too large to compute within a resolver call; absent: always computed in the call. */
  readonly queue?: QueuePort;
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
  const { jira, store, clock, logError } = deps;
  return {
    getIssueFlow: (payload, context) =>
      handleGetIssueFlow(payload, context, {
        port: deps.issueReader(context),
        projects: {
          store,
          // Only asked when the issue read lacks `fields.project`; as the user, like every read. The standing is
          // an extra: when the project cannot be read the panel still shows the issue's own numbers.
          projectIdOf: async (projectKey) => {
            try {
              return (await jira(context).getProject(projectKey)).id;
            } catch (error) {
              logError(`getIssueFlow: project ${projectKey} not readable; no standing shown`, error);
              return null;
            }
          },
        },
        clock,
        logError,
      }),
    ...createProjectFlowHandlers({
      jira,
      store,
      clock,
      logError,
      ...(deps.queue === undefined ? {} : { queue: deps.queue }),
    }),
    ...createGadgetHandlers({ jira, store, clock, logError }),
    ...createStatusMappingHandlers({ jira, store, clock, logError }),
    ...createCsiSetupHandlers({ jira, store, clock, logError }),
    ...createCsiRecordHandlers({ jira, store, clock, logError }),
  };
}
