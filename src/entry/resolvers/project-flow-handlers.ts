/**
 * Resolver of the project flow page (`ProjectFlowDefs`): `getProjectFlow`. Payloads are validated with valibot;
 * Jira is read as the acting user (`asUser()`): views from the flow facts count only the ids the user's own search
 * returns, so nobody sees issues they may not browse.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  flowErrorCode,
  flowErrorDetail,
  getProjectFlow,
  type FlowFactsViews,
} from '../../application/project-flow';
import type { JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import type { ProjectFlowAnswer, ProjectFlowDefs, ProjectFlowRequest } from '../../contract/project-flow';
import type { ResolverErrorCode, ResolverResult } from '../../contract/resolvers';
import { DATE_PATTERN, MAX_JQL_LENGTH, PROJECT_KEY_PATTERN } from '../../domain/flow/jql-scope';
import { timeZoneFromContext } from './get-issue-flow';
import { describeIssues } from './describe-issues';

const DateSchema = v.pipe(
  v.string('dates must be strings'),
  v.regex(DATE_PATTERN, 'dates must look like 2026-03-31'),
);

export const ProjectFlowRequestSchema = v.strictObject(
  {
    projectKey: v.pipe(
      v.string('projectKey must be a string'),
      v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
    ),
    from: v.exactOptional(DateSchema),
    to: v.exactOptional(DateSchema),
    issueTypes: v.exactOptional(
      v.pipe(
        v.array(
          v.pipe(v.string(), v.minLength(1), v.maxLength(60, 'issue type names are at most 60 characters')),
        ),
        v.maxLength(20, 'at most 20 issue types'),
      ),
    ),
    jql: v.exactOptional(
      v.pipe(
        v.string('jql must be a string'),
        v.maxLength(MAX_JQL_LENGTH, `jql is at most ${String(MAX_JQL_LENGTH)} characters`),
      ),
    ),
    percentiles: v.exactOptional(
      v.pipe(
        v.array(
          v.pipe(v.number(), v.integer('percentiles are whole numbers'), v.minValue(1), v.maxValue(99)),
        ),
        v.minLength(1),
        v.maxLength(5, 'at most 5 percentiles'),
      ),
    ),
    forecast: v.exactOptional(
      v.strictObject({
        byDate: v.exactOptional(DateSchema),
        items: v.exactOptional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
      }),
    ),
    includeSummaries: v.exactOptional(v.boolean()),
    refresh: v.exactOptional(v.boolean()),
  },
  'the payload must be an object { projectKey, from?, to?, issueTypes?, jql?, percentiles?, forecast? }',
);

/** What the project page's resolvers need; tests pass fakes, `index.ts` Forge's. */
export interface ProjectFlowDeps {
  /** Jira as the user of the invocation (`asUser()` on Forge). */
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  readonly forecastTrials?: number;
  /**
   * The flow facts store and the backfill starter (issue 13): views are computed from the facts of the ids the
   * user's search returns, `backfilling` until the project's facts are ready.
   */
  readonly facts: FlowFactsViews;
}

function failure(code: ResolverErrorCode, detail: string): ResolverResult<never> {
  return { ok: false, error: { code, detail } };
}

/** The acting account of a Forge context (null when absent, e.g. anonymous). */
export function accountIdFromContext(context: unknown): string | null {
  const id =
    typeof context === 'object' && context !== null
      ? (context as { accountId?: unknown }).accountId
      : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

type Handler<Name extends keyof ProjectFlowDefs> = (
  payload: unknown,
  context: Readonly<Record<string, unknown>>,
) => Promise<ReturnType<ProjectFlowDefs[Name]>>;

/** The project page's resolver over `deps`. */
export function createProjectFlowHandlers(deps: ProjectFlowDeps): {
  readonly getProjectFlow: Handler<'getProjectFlow'>;
} {
  async function guarded(
    name: string,
    run: () => Promise<ResolverResult<ProjectFlowAnswer>>,
  ): Promise<ResolverResult<ProjectFlowAnswer>> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof NeedsAuthenticationError) throw error;
      const code = flowErrorCode(error);
      if (code === 'internal') {
        deps.logError(`${name} failed`, error);
        return failure('internal', 'Unexpected error while computing the project flow; see the app logs.');
      }
      return failure(code, flowErrorDetail(error));
    }
  }

  return {
    getProjectFlow: (payload, context) => {
      const parsed = v.safeParse(ProjectFlowRequestSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const request: ProjectFlowRequest = parsed.output;
      return guarded(`getProjectFlow(${request.projectKey})`, async () => {
        const answer = await getProjectFlow(
          deps.jira(context),
          deps.store,
          request.projectKey,
          request,
          deps.clock,
          deps.facts,
          {
            defaultTimeZone: timeZoneFromContext(context),
            ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
          },
        );
        return { ok: true, value: answer };
      });
    },
  };
}
