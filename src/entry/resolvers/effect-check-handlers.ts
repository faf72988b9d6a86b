/**
 * Resolvers of the effect check on the improvement-record panel (`getEffectCheck`, `saveEffectCheckConfig`,
 * `runEffectCheck`, `adoptEffectResult` of `FeedbackDefs`, issue 11): payloads validated with valibot, Edit
 * Issues checked against Jira as the user before configuring, running or adopting (reading needs only browsing,
 * which Jira itself enforces), typed failures turned into the contract's codes. The run measures and comments as
 * the app (`deps.jiraAsApp`).
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { CsiEditForbiddenError, InvalidCsiRecordError, NotCsiIssueError } from '../../application/csi-record';
import {
  adoptEffectResult,
  EffectCheckFailedError,
  getEffectCheck,
  InvalidEffectConfigError,
  runEffectCheckForUser,
  saveEffectCheckConfig,
  type EffectCheckDeps,
} from '../../application/effect-check';
import { IssueNotFoundError } from '../../application/errors';
import { OkrStore } from '../../application/okr-store';
import type { JiraPort } from '../../application/ports/jira-port';
import type { JiraServiceDeskPort } from '../../application/ports/service-desk-port';
import { StoreConflictError } from '../../application/ports/store-port';
import type { FeedbackDefs, FeedbackErrorCode, FeedbackResult } from '../../contract/feedback';
import { ISSUE_KEY_PATTERN } from '../../domain/csi/record';
import { parseEffectCheckConfig } from '../../domain/feedback/effect-check';
import { timeZoneFromContext } from './get-issue-flow';
import type { ResolverDeps } from './handlers';
import { jiraFailure } from './jira-failure';
import { accountIdFromContext } from './project-flow-handlers';

type Names = 'getEffectCheck' | 'saveEffectCheckConfig' | 'runEffectCheck' | 'adoptEffectResult';

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

const VersionSchema = (name: string) =>
  v.nullable(v.pipe(v.number(`${name} must be null or a number`), v.integer(), v.minValue(1)));

const IssueRequestSchema = v.object(
  { issueKey: IssueKeySchema },
  'the payload must be an object { issueKey }',
);

/** The outer shape of a save; the configuration itself is checked by the domain's schema (→ `invalid-settings`). */
const SaveRequestSchema = v.object(
  { issueKey: IssueKeySchema, config: v.unknown(), expectedVersion: VersionSchema('expectedVersion') },
  'the payload must be an object { issueKey, config, expectedVersion }',
);

const AdoptRequestSchema = v.object(
  {
    issueKey: IssueKeySchema,
    runId: v.pipe(
      v.string('runId must be a string'),
      v.regex(/^run-[1-9][0-9]{0,9}$/, 'runId must look like run-3'),
    ),
    expectedRecordVersion: VersionSchema('expectedRecordVersion'),
  },
  'the payload must be an object { issueKey, runId, expectedRecordVersion }',
);

function failure(code: FeedbackErrorCode, detail: string): FeedbackResult<never> {
  return { ok: false, error: { code, detail } };
}

function invalid(issues: readonly v.BaseIssue<unknown>[]): FeedbackResult<never> {
  return failure('invalid-payload', issues.map((issue) => issue.message).join('; '));
}

function hasServiceDesk(jira: object): jira is Pick<JiraServiceDeskPort, 'getRequestFeedback'> {
  return typeof (jira as { getRequestFeedback?: unknown }).getRequestFeedback === 'function';
}

async function run<T>(name: string, deps: ResolverDeps, work: () => Promise<T>): Promise<FeedbackResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof NotCsiIssueError) return failure('not-csi-issue', error.message);
    if (error instanceof CsiEditForbiddenError) return failure('forbidden', error.message);
    if (error instanceof InvalidEffectConfigError) return failure('invalid-settings', error.message);
    if (error instanceof EffectCheckFailedError) return failure('effect-check-failed', error.message);
    if (error instanceof InvalidCsiRecordError)
      return failure('effect-check-failed', `The record cannot take the result: ${error.message}`);
    if (error instanceof StoreConflictError)
      return failure(
        'conflict',
        name === 'adoptEffectResult'
          ? 'The improvement record was saved by someone else after you loaded it. Reload and adopt the result again.'
          : 'The effect check was configured by someone else after you loaded it. Reload to see their configuration.',
      );
    if (error instanceof IssueNotFoundError) return failure('not-found', error.message);
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure('internal', 'Unexpected error in the effect check; see the app logs.');
  }
}

/** The effect-check resolvers over `deps`. */
export function createEffectCheckHandlers(deps: ResolverDeps): Handlers {
  const { store, clock } = deps;
  const appDeps = (): EffectCheckDeps => {
    if (deps.jiraAsApp === undefined)
      throw new Error('runEffectCheck needs the app’s Jira client: pass jiraAsApp to the resolvers.');
    const jira: JiraPort = deps.jiraAsApp();
    return {
      jira,
      serviceDesk: hasServiceDesk(jira) ? jira : null,
      okr: new OkrStore(store, { clock }),
      store,
      clock,
      logError: deps.logError,
      facts: deps.facts.reader,
    };
  };
  return {
    getEffectCheck: (payload, context) => {
      const request = v.safeParse(IssueRequestSchema, payload);
      if (!request.success) return Promise.resolve(invalid(request.issues));
      return run('getEffectCheck', deps, () =>
        getEffectCheck(
          store,
          deps.jira(context),
          request.output.issueKey,
          clock(),
          timeZoneFromContext(context),
        ),
      );
    },
    saveEffectCheckConfig: (payload, context) => {
      const request = v.safeParse(SaveRequestSchema, payload);
      if (!request.success) return Promise.resolve(invalid(request.issues));
      const { issueKey, expectedVersion } = request.output;
      let config = null;
      if (request.output.config !== null) {
        const parsed = parseEffectCheckConfig(request.output.config);
        if (parsed.config === null)
          return Promise.resolve(
            failure('invalid-settings', `The effect check cannot be saved: ${parsed.problems}.`),
          );
        config = parsed.config;
      }
      return run('saveEffectCheckConfig', deps, () =>
        saveEffectCheckConfig(store, deps.jira(context), issueKey, config, expectedVersion, {
          nowMs: clock(),
          userTimeZone: timeZoneFromContext(context),
          accountId: accountIdFromContext(context),
          appJira: deps.jiraAsApp === undefined ? null : deps.jiraAsApp(),
        }),
      );
    },
    runEffectCheck: (payload, context) => {
      const request = v.safeParse(IssueRequestSchema, payload);
      if (!request.success) return Promise.resolve(invalid(request.issues));
      return run('runEffectCheck', deps, () =>
        runEffectCheckForUser(
          appDeps(),
          deps.jira(context),
          request.output.issueKey,
          timeZoneFromContext(context),
        ),
      );
    },
    adoptEffectResult: (payload, context) => {
      const request = v.safeParse(AdoptRequestSchema, payload);
      if (!request.success) return Promise.resolve(invalid(request.issues));
      const { issueKey, runId, expectedRecordVersion } = request.output;
      return run('adoptEffectResult', deps, () =>
        adoptEffectResult(store, deps.jira(context), issueKey, runId, expectedRecordVersion, clock()),
      );
    },
  };
}
