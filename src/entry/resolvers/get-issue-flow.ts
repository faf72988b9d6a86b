import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { IssueNotFoundError, JiraForbiddenError, JiraUnavailableError } from '../../application/errors';
import { getIssueFlow, type IssueProjectSources } from '../../application/issue-flow';
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type { JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import { getProjectFlow, type FlowFactsViews } from '../../application/project-flow';
import type { ProjectFlowAnswer } from '../../contract/project-flow';
import type { IssueFlowView, ResolverErrorCode, ResolverResult } from '../../contract/resolvers';
import { describeIssues } from './describe-issues';

/**
 * A Jira issue key: project key (upper-case letter, then letters, digits, `_`) and a positive number, at most
 * 255 characters in all (the lookahead caps the length, so a megabyte of digits is no key).
 */
export const ISSUE_KEY_PATTERN = /^(?=.{3,255}$)[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;

export const IssueFlowRequestSchema = v.object(
  {
    issueKey: v.pipe(
      v.string('issueKey must be a string'),
      v.regex(ISSUE_KEY_PATTERN, 'issueKey must look like ABC-123'),
    ),
  },
  'the payload must be an object { issueKey }',
);

/** One line of English naming each problem of a rejected payload, e.g. `issueKey: issueKey must look like ABC-123`. */
/** What the resolver needs from the outside world; tests pass fakes, `index.ts` passes Forge's. */
export interface GetIssueFlowDeps {
  readonly port: IssueReadPort;
  /** The project's settings and cached flow view; absent: status categories, no standing. */
  readonly projects?: IssueProjectSources;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** Server-side log (Forge function logs); never shown to the user. */
  readonly logError: (message: string, error: unknown) => void;
}

/** The time zone of the Forge context when it is a valid IANA zone, else UTC. */
export function timeZoneFromContext(context: unknown): string {
  const timeZone =
    typeof context === 'object' && context !== null
      ? (context as { timezone?: unknown }).timezone
      : undefined;
  if (typeof timeZone !== 'string' || timeZone === '') return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

function failure(code: ResolverErrorCode, detail: string): ResolverResult<never> {
  return { ok: false, error: { code, detail } };
}

/**
 * The `getIssueFlow` resolver: validates the payload (no Jira call for a bad one), runs the use case with the time
 * zone of the Forge context and turns typed failures into the contract's error codes. Unknown failures are logged
 * and answered with `internal` (no stack trace reaches the UI). A `NeedsAuthenticationError` is rethrown: Forge
 * turns it into the "Allow access" prompt for the user.
 */
export async function handleGetIssueFlow(
  payload: unknown,
  context: unknown,
  deps: GetIssueFlowDeps,
): Promise<ResolverResult<IssueFlowView>> {
  const request = v.safeParse(IssueFlowRequestSchema, payload);
  if (!request.success) return failure('invalid-payload', describeIssues(request.issues));
  try {
    const view = await getIssueFlow(
      deps.port,
      request.output.issueKey,
      deps.clock,
      timeZoneFromContext(context),
      deps.projects,
    );
    return { ok: true, value: view };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof IssueNotFoundError) return failure('not-found', error.message);
    if (error instanceof JiraForbiddenError) return failure('forbidden', error.message);
    if (error instanceof JiraUnavailableError) return failure('jira-unavailable', error.message);
    deps.logError(`getIssueFlow(${request.output.issueKey}) failed`, error);
    return failure('internal', 'Unexpected error while computing the flow metrics; see the app logs.');
  }
}

/**
 * The issue panel's way to get the viewer's whole-project view: the project page's use case with the default
 * request (without summaries, which the standing does not use), as the viewer, from the flow facts (so the view
 * holds only issues they may browse; computed at every panel read, issue 13). A failure is logged and answered
 * `failed`: the panel then shows its own numbers without a standing.
 */
export function viewerProjectViewStarter(
  deps: {
    /** Jira as the viewer; asked for only when a view must be started. */
    readonly jira: () => JiraPort;
    readonly store: StorePort;
    readonly clock: () => number;
    readonly logError: (message: string, error: unknown) => void;
    /** The flow facts store and the backfill starter (issue 13). */
    readonly facts: FlowFactsViews;
  },
  timeZone: string,
): (projectKey: string) => Promise<ProjectFlowAnswer> {
  return async (projectKey) => {
    try {
      const request = { projectKey, includeSummaries: false };
      return await getProjectFlow(deps.jira(), deps.store, projectKey, request, deps.clock, deps.facts, {
        defaultTimeZone: timeZone,
      });
    } catch (error) {
      if (error instanceof NeedsAuthenticationError) throw error;
      deps.logError(
        `getIssueFlow: the project view of ${projectKey} could not be started; no standing shown`,
        error,
      );
      return { status: 'failed', jobId: 'none', error: { code: 'internal', detail: 'not started' } };
    }
  };
}
