/**
 * Resolvers of the CSI review meeting (`FitsmMeetingDefs`): payloads validated with valibot (sizes capped in
 * `handlers.ts`), the use cases of `application/fitsm-meeting.ts` run as the acting user (who may edit is asked of
 * Jira there, never taken from the payload), typed failures turned into the contract's codes.
 */
import * as v from 'valibot';
import { IssueNotFoundError } from '../../application/errors';
import {
  DEFAULT_HISTORY_LIMIT,
  FitsmMeetingForbiddenError,
  FitsmMeetingHeldError,
  FitsmMeetingNotConfiguredError,
  FitsmMeetingNotFoundError,
  getFitsmMeeting,
  getFitsmMeetings,
  InvalidFitsmMeetingError,
  MAX_HISTORY_LIMIT,
  MAX_MEETING_PROJECTS,
  prepareFitsmMeeting,
  saveFitsmMeetingCadence,
  saveFitsmMeetingMinutes,
  type FitsmMeetingDeps,
} from '../../application/fitsm-meeting';
import { FitsmMeetingTooLargeError } from '../../application/fitsm-meeting-store';
import { OkrStore } from '../../application/okr-store';
import type { OkrJira } from '../../application/okr-session';
import type { OkrStorePort } from '../../application/ports/okr-store-port';
import { StoreConflictError, type StorePort } from '../../application/ports/store-port';
import type {
  FitsmMeetingDefs,
  FitsmMeetingErrorCode,
  FitsmMeetingResult,
} from '../../contract/fitsm-meeting';
import { ISSUE_KEY_PATTERN } from '../../domain/csi/record';
import { csiLanguageOfLocale } from '../../domain/csi/transition-rules';
import { MEETING_FREQUENCIES } from '../../domain/fitsm/meeting-cadence';
import { MEETING_LIMITS } from '../../domain/fitsm/meeting-minutes';
import { timeZoneFromContext } from './get-issue-flow';
import { guardedHandler } from './guarded-handler';
import type { ResolverContext } from './handlers';
import { jiraFailure } from './jira-failure';
import { accountIdFromContext } from './project-flow-handlers';

const DateSchema = v.pipe(
  v.string('must be a date YYYY-MM-DD'),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
);
const VersionSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number'),
  v.minValue(1),
);
const AccountIdSchema = v.pipe(
  v.string('must be an account id'),
  v.minLength(1, 'must be an account id'),
  v.maxLength(128, 'is at most 128 characters'),
);
const ProjectKeySchema = v.pipe(
  v.string('must be a project key'),
  v.regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'must be a project key like CSI'),
);

export const GetMeetingsRequestSchema = v.object(
  {
    limit: v.optional(
      v.pipe(
        v.number(),
        v.integer(),
        v.minValue(1),
        v.maxValue(MAX_HISTORY_LIMIT, `is at most ${String(MAX_HISTORY_LIMIT)}`),
      ),
    ),
  },
  'the payload must be an object { limit? }',
);

export const GetMeetingRequestSchema = v.object(
  {
    meetingId: v.pipe(
      v.string('meetingId must be text'),
      v.regex(/^m-\d{4}-\d{2}-\d{2}$/, 'meetingId must look like m-2026-03-05'),
    ),
  },
  'the payload must be an object { meetingId }',
);

export const SaveCadenceRequestSchema = v.object(
  {
    cadence: v.object(
      {
        frequency: v.picklist(MEETING_FREQUENCIES, 'must be monthly or fortnightly'),
        anchorDate: DateSchema,
        startTime: v.pipe(v.string('must be a time HH:MM'), v.maxLength(5, 'must be a time HH:MM')),
        durationMinutes: v.number('must be minutes'),
        timeZone: v.pipe(v.string('must be an IANA time zone'), v.maxLength(64, 'is at most 64 characters')),
      },
      'cadence must be { frequency, anchorDate, startTime, durationMinutes, timeZone }',
    ),
    projectKeys: v.pipe(
      v.array(ProjectKeySchema, 'projectKeys must be a list'),
      v.minLength(1, 'name at least one CSI project'),
      v.maxLength(MAX_MEETING_PROJECTS, `at most ${String(MAX_MEETING_PROJECTS)} projects`),
    ),
    expectedVersion: v.nullable(VersionSchema),
  },
  'the payload must be an object { cadence, projectKeys, expectedVersion }',
);

export const PrepareMeetingRequestSchema = v.object(
  { date: v.optional(DateSchema), expectedVersion: v.nullable(VersionSchema) },
  'the payload must be an object { date?, expectedVersion }',
);

export const SaveMinutesRequestSchema = v.object(
  {
    meetingId: GetMeetingRequestSchema.entries.meetingId,
    expectedVersion: VersionSchema,
    status: v.picklist(['planned', 'held'], 'must be planned or held'),
    participantAccountIds: v.pipe(
      v.array(AccountIdSchema),
      v.maxLength(MEETING_LIMITS.participants, `at most ${String(MEETING_LIMITS.participants)} participants`),
    ),
    minutes: v.pipe(
      v.string('must be text'),
      v.maxLength(MEETING_LIMITS.minutes, `is at most ${String(MEETING_LIMITS.minutes)} characters`),
    ),
    decisions: v.pipe(
      v.array(
        v.object({
          issueKey: v.pipe(
            v.string('must be an issue key'),
            v.regex(ISSUE_KEY_PATTERN, 'must be an issue key like CSI-12'),
          ),
          outcome: v.picklist(['approved', 'rejected', 'deferred'], 'must be approved, rejected or deferred'),
          deciderAccountId: AccountIdSchema,
          rationale: v.pipe(
            v.string('must be text'),
            v.maxLength(
              MEETING_LIMITS.rationale,
              `is at most ${String(MEETING_LIMITS.rationale)} characters`,
            ),
          ),
        }),
      ),
      v.maxLength(
        MEETING_LIMITS.decisions,
        `at most ${String(MEETING_LIMITS.decisions)} decisions per meeting`,
      ),
    ),
  },
  'the payload must be an object { meetingId, expectedVersion, status, participantAccountIds, minutes, decisions }',
);

/** What the handlers need from the outside world. */
export interface FitsmMeetingHandlerDeps {
  /** Jira as the acting user. */
  readonly jira: (context: ResolverContext) => OkrJira;
  readonly store: StorePort;
  /** The OKR store (key results at risk); default: one over `store`. */
  readonly okr?: OkrStorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

type Handlers = {
  readonly [Name in keyof FitsmMeetingDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<FitsmMeetingDefs[Name]>>;
};

/** The contract failure of an error of the meeting's use cases; null for an unexpected one. */
export function meetingFailure(error: unknown): { code: FitsmMeetingErrorCode; detail: string } | null {
  if (error instanceof FitsmMeetingForbiddenError) return { code: 'forbidden', detail: error.message };
  if (error instanceof FitsmMeetingNotConfiguredError)
    return { code: 'not-configured', detail: error.message };
  if (error instanceof FitsmMeetingHeldError) return { code: 'meeting-held', detail: error.message };
  if (error instanceof FitsmMeetingNotFoundError) return { code: 'not-found', detail: error.message };
  if (error instanceof InvalidFitsmMeetingError) return { code: 'invalid-meeting', detail: error.message };
  if (error instanceof FitsmMeetingTooLargeError) return { code: 'too-large', detail: error.message };
  if (error instanceof StoreConflictError)
    return {
      code: 'conflict',
      detail:
        'The CSI review meeting was changed by someone else after you loaded it. Reload; your input is kept.',
    };
  if (error instanceof IssueNotFoundError) return { code: 'not-found', detail: error.message };
  return jiraFailure(error);
}

/** The CSI review meeting's resolvers over `deps`. */
export function createFitsmMeetingHandlers(deps: FitsmMeetingHandlerDeps): Handlers {
  const okr = deps.okr ?? new OkrStore(deps.store, { clock: deps.clock });

  const handler = <Schema extends v.GenericSchema, T>(
    name: string,
    schema: Schema,
    work: (input: v.InferOutput<Schema>, meetingDeps: FitsmMeetingDeps) => Promise<T>,
  ): ((payload: unknown, context: ResolverContext) => Promise<FitsmMeetingResult<T>>) =>
    guardedHandler(
      {
        name,
        schema,
        depsOf: (context, resolverName): FitsmMeetingDeps => ({
          jira: deps.jira(context),
          store: deps.store,
          okr,
          nowMs: deps.clock(),
          accountId: accountIdFromContext(context),
          timeZone: timeZoneFromContext(context),
          language: csiLanguageOfLocale(context['locale']),
          logWarning: (message) => {
            deps.logError(`${resolverName}: ${message}`, null);
          },
          logError: deps.logError,
        }),
        failureOf: meetingFailure,
        logError: deps.logError,
      },
      work,
    );

  return {
    getFitsmMeetings: handler('getFitsmMeetings', GetMeetingsRequestSchema, (input, d) =>
      getFitsmMeetings(d, input.limit ?? DEFAULT_HISTORY_LIMIT),
    ),
    getFitsmMeeting: handler('getFitsmMeeting', GetMeetingRequestSchema, (input, d) =>
      getFitsmMeeting(d, input.meetingId),
    ),
    saveFitsmMeetingCadence: handler('saveFitsmMeetingCadence', SaveCadenceRequestSchema, (input, d) =>
      saveFitsmMeetingCadence(d, input),
    ),
    prepareFitsmMeeting: handler('prepareFitsmMeeting', PrepareMeetingRequestSchema, (input, d) =>
      prepareFitsmMeeting(d, input.date, input.expectedVersion),
    ),
    saveFitsmMeetingMinutes: handler('saveFitsmMeetingMinutes', SaveMinutesRequestSchema, (input, d) =>
      saveFitsmMeetingMinutes(d, input),
    ),
  };
}
