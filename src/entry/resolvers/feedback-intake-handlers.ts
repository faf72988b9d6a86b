/**
 * Resolvers of the feedback web trigger's settings (`FeedbackDefs`, issue 11) on the project settings page's
 * "Feedback" subpage: read (everyone who may browse the project; never the secret), save and rotate the secret
 * (Jira admins and project admins only: checked against Jira here, whatever the UI shows). Payloads are validated
 * with valibot; typed failures become the contract's codes.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  getIntakeView,
  IntakeForbiddenError,
  InvalidIntakeSettingsError,
  rotateIntakeSecret,
  saveIntakeSettings,
  type IntakeSettingsDeps,
} from '../../application/feedback-intake-settings';
import { StoreConflictError } from '../../application/ports/store-port';
import type { FeedbackDefs, FeedbackErrorCode, FeedbackResult } from '../../contract/feedback';
import { FEEDBACK_INTAKE_LIMITS } from '../../domain/feedback/intake';
import { describeIssues } from './describe-issues';
import type { ResolverDeps } from './handlers';
import { jiraFailure } from './jira-failure';
import { PROJECT_KEY_PATTERN } from './status-mapping-handlers';

type Names = 'getFeedbackIntake' | 'saveFeedbackIntake' | 'rotateFeedbackIntakeSecret';

type Handlers = {
  readonly [Name in Names]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<FeedbackDefs[Name]>>;
};

const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
);

const ProjectRequestSchema = v.object(
  { projectKey: ProjectKeySchema },
  'the payload must be an object { projectKey }',
);

const SaveRequestSchema = v.object(
  {
    projectKey: ProjectKeySchema,
    expectedVersion: v.nullable(
      v.pipe(v.number('expectedVersion must be null or a number'), v.integer(), v.minValue(1)),
    ),
    settings: v.strictObject(
      {
        enabled: v.boolean('enabled must be true or false'),
        issueTypeId: v.nullable(
          v.pipe(
            v.string('issueTypeId must be null or a string'),
            v.regex(/^\d{1,18}$/, 'issueTypeId must be an id'),
          ),
        ),
        improvementAtRatingOrBelow: v.nullable(
          v.number('improvementAtRatingOrBelow must be null or a number'),
        ),
        improvementOnLabels: v.pipe(
          v.array(v.pipe(v.string('labels must be strings'), v.maxLength(FEEDBACK_INTAKE_LIMITS.labelChars))),
          v.maxLength(
            FEEDBACK_INTAKE_LIMITS.ruleLabels,
            `at most ${String(FEEDBACK_INTAKE_LIMITS.ruleLabels)} labels`,
          ),
        ),
        improvementProjectKey: v.exactOptional(v.nullable(ProjectKeySchema)),
      },
      'settings must be { enabled, issueTypeId, improvementAtRatingOrBelow, improvementOnLabels, improvementProjectKey? }',
    ),
  },
  'the payload must be an object { projectKey, settings, expectedVersion }',
);

function failure(code: FeedbackErrorCode, detail: string): FeedbackResult<never> {
  return { ok: false, error: { code, detail } };
}

/** The settings resolvers over the resolver deps (Jira as the acting user). */
export function createFeedbackIntakeHandlers(deps: ResolverDeps): Handlers {
  function handler<Schema extends v.GenericSchema, T>(
    name: string,
    schema: Schema,
    work: (input: v.InferOutput<Schema>, intake: IntakeSettingsDeps) => Promise<T>,
  ): (payload: unknown, context: Readonly<Record<string, unknown>>) => Promise<FeedbackResult<T>> {
    return async (payload, context) => {
      const parsed = v.safeParse(schema, payload);
      if (!parsed.success) return failure('invalid-payload', describeIssues(parsed.issues));
      try {
        const intake: IntakeSettingsDeps = {
          store: deps.store,
          jira: deps.jira(context),
          clock: deps.clock,
          ...(deps.webTriggerUrl === undefined ? {} : { webTriggerUrl: deps.webTriggerUrl }),
        };
        return { ok: true, value: await work(parsed.output, intake) };
      } catch (error) {
        if (error instanceof NeedsAuthenticationError) throw error;
        if (error instanceof IntakeForbiddenError) return failure('forbidden', error.message);
        if (error instanceof InvalidIntakeSettingsError) return failure('invalid-settings', error.message);
        if (error instanceof StoreConflictError)
          return failure(
            'conflict',
            'The feedback web trigger settings were changed by someone else after you loaded them: reload to see their version.',
          );
        const jira = jiraFailure(error);
        if (jira !== null) return failure(jira.code, jira.detail);
        deps.logError(`${name} failed`, error);
        return failure('internal', `Unexpected error in ${name}; see the app logs.`);
      }
    };
  }

  return {
    getFeedbackIntake: handler('getFeedbackIntake', ProjectRequestSchema, (input, intake) =>
      getIntakeView(intake, input.projectKey),
    ),
    saveFeedbackIntake: handler('saveFeedbackIntake', SaveRequestSchema, (input, intake) =>
      saveIntakeSettings(intake, input.projectKey, input.settings, input.expectedVersion),
    ),
    rotateFeedbackIntakeSecret: handler('rotateFeedbackIntakeSecret', ProjectRequestSchema, (input, intake) =>
      rotateIntakeSecret(intake, input.projectKey),
    ),
  };
}
