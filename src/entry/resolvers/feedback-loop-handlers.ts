/**
 * Resolvers of the feedback loop on the improvement-record panel and of the reply settings on the project's
 * "Feedback" settings page (`getFeedbackLoop`, `setFeedbackOptOut`, `getFeedbackReplySettings`,
 * `saveFeedbackReplySettings` of `FeedbackDefs`, issue 11): payloads validated with valibot, permissions checked
 * against Jira as the user (Edit Issues on the improvement for the opt-out, Jira or project admin for the settings)
 * inside the use cases (`application/feedback-loop.ts`), typed failures turned into the contract's codes.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { CsiEditForbiddenError, NotCsiIssueError } from '../../application/csi-record';
import { IssueNotFoundError } from '../../application/errors';
import {
  getFeedbackLoop,
  getReplySettings,
  saveReplySettings,
  setFeedbackOptOut,
  type FeedbackLoopDeps,
} from '../../application/feedback-loop';
import { InvalidReplyTemplatesError } from '../../application/feedback-replies';
import { StoreConflictError } from '../../application/ports/store-port';
import { NotProjectAdminError } from '../../application/status-mapping';
import type { FeedbackDefs, FeedbackErrorCode, FeedbackResult } from '../../contract/feedback';
import { ISSUE_KEY_PATTERN } from '../../domain/csi/record';
import { describeIssues } from './describe-issues';
import type { ResolverContext, ResolverDeps } from './handlers';
import { jiraFailure } from './jira-failure';
import { ProjectRequestSchema } from './status-mapping-handlers';

type Names =
  'getFeedbackLoop' | 'setFeedbackOptOut' | 'getFeedbackReplySettings' | 'saveFeedbackReplySettings';

type Handlers = {
  readonly [Name in Names]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<FeedbackDefs[Name]>>;
};

const IssueKeySchema = v.pipe(
  v.string('issueKey must be a string'),
  v.regex(ISSUE_KEY_PATTERN, 'issueKey must look like CSI-12'),
);

const IssueRequestSchema = v.object(
  { issueKey: IssueKeySchema },
  'the payload must be an object { issueKey }',
);

const OptOutRequestSchema = v.object(
  { issueKey: IssueKeySchema, optOut: v.boolean('optOut must be true or false') },
  'the payload must be an object { issueKey, optOut }',
);

/**
 * One template text: a string (its rules — not empty, at most `REPLY_TEMPLATE_MAX_CHARS` characters, known
 * placeholders only — are the domain's, answered as `invalid-settings` naming step and language).
 */
const TemplateTextSchema = v.string('each template must be a string');
const TemplatePairSchema = v.strictObject(
  { de: TemplateTextSchema, en: TemplateTextSchema },
  'each step has a German (de) and an English (en) template, nothing else',
);

const SaveSettingsRequestSchema = v.object(
  {
    projectKey: ProjectRequestSchema.entries.projectKey,
    replyOnImplementation: v.boolean('replyOnImplementation must be true or false'),
    templates: v.strictObject(
      { 'in-implementation': TemplatePairSchema, closed: TemplatePairSchema },
      'templates holds the steps in-implementation and closed, nothing else',
    ),
    expectedVersion: v.nullable(
      v.pipe(v.number('expectedVersion must be null or a number'), v.integer(), v.minValue(1)),
    ),
  },
  'the payload must be an object { projectKey, replyOnImplementation, templates, expectedVersion }',
);

function failure(code: FeedbackErrorCode, detail: string): FeedbackResult<never> {
  return { ok: false, error: { code, detail } };
}

async function run<T>(name: string, deps: ResolverDeps, work: () => Promise<T>): Promise<FeedbackResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof NotCsiIssueError) return failure('not-csi-issue', error.message);
    if (error instanceof CsiEditForbiddenError || error instanceof NotProjectAdminError)
      return failure('forbidden', error.message);
    if (error instanceof InvalidReplyTemplatesError) return failure('invalid-settings', error.message);
    if (error instanceof StoreConflictError) {
      return failure(
        'conflict',
        'The reply settings were saved by someone else after you loaded them. Reload to see their version, then ' +
          'make your change again.',
      );
    }
    if (error instanceof IssueNotFoundError) return failure('not-found', error.message);
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure('internal', 'Unexpected error in the feedback loop; see the app logs.');
  }
}

function loopDeps(deps: ResolverDeps, context: ResolverContext): FeedbackLoopDeps {
  return {
    jira: deps.jira(context),
    serviceDesk: deps.serviceDesk === undefined ? null : deps.serviceDesk(context),
    store: deps.store,
    logWarning: (message) => {
      deps.logError(message, null);
    },
  };
}

/** The handlers of the loop view, the opt-out and the reply settings over `deps`. */
export function createFeedbackLoopHandlers(deps: ResolverDeps): Handlers {
  return {
    getFeedbackLoop: (payload, context) => {
      const request = v.safeParse(IssueRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getFeedbackLoop', deps, () =>
        getFeedbackLoop(loopDeps(deps, context), request.output.issueKey),
      );
    },
    setFeedbackOptOut: (payload, context) => {
      const request = v.safeParse(OptOutRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('setFeedbackOptOut', deps, () =>
        setFeedbackOptOut(
          loopDeps(deps, context),
          request.output.issueKey,
          request.output.optOut,
          deps.clock(),
        ),
      );
    },
    getFeedbackReplySettings: (payload, context) => {
      const request = v.safeParse(ProjectRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getFeedbackReplySettings', deps, () =>
        getReplySettings({ jira: deps.jira(context), store: deps.store }, request.output.projectKey),
      );
    },
    saveFeedbackReplySettings: (payload, context) => {
      const request = v.safeParse(SaveSettingsRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('saveFeedbackReplySettings', deps, () =>
        saveReplySettings({ jira: deps.jira(context), store: deps.store }, request.output),
      );
    },
  };
}
