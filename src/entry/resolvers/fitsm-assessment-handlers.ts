/**
 * Resolvers of the FitSM self-assessment (`FitsmAssessmentDefs`): payloads validated with valibot (sizes capped in
 * `handlers.ts`), the use cases of `application/fitsm-assessment.ts` run as the acting user (who may edit is asked
 * of Jira there, never taken from the payload), typed failures turned into the contract's codes.
 */
import * as v from 'valibot';
import {
  compareFitsmAssessments,
  exportFitsmAssessment,
  FitsmAssessmentAgreedError,
  FitsmAssessmentConflictError,
  FitsmAssessmentNotFoundError,
  getFitsmAssessment,
  getFitsmAssessments,
  InvalidFitsmAssessmentError,
  rateFitsmRequirement,
  saveFitsmAssessment,
  type FitsmAssessmentDeps,
} from '../../application/fitsm-assessment';
import { FitsmBusyError, FitsmTooLargeError } from '../../application/fitsm-assessment-store';
import {
  FitsmForbiddenError,
  FitsmSettingsConflictError,
  FitsmSettingsSchema,
  getFitsmSettingsView,
  saveFitsmSettingsAs,
} from '../../application/fitsm-settings';
import type { JiraPort, JiraUserAccessPort } from '../../application/ports/jira-port';
import { StoreConflictError, type StorePort } from '../../application/ports/store-port';
import type {
  FitsmAssessmentDefs,
  FitsmAssessmentErrorCode,
  FitsmAssessmentResult,
} from '../../contract/fitsm-assessment';
import { FITSM_LIMITS, FITSM_LEVELS } from '../../domain/fitsm/assessment-types';
import { FITSM_GROUP_IDS, FITSM_PROCESS_IDS } from '../../domain/fitsm/catalogue';
import { csiLanguageOfLocale } from '../../domain/csi/transition-rules';
import { guardedHandler } from './guarded-handler';
import type { ResolverContext } from './handlers';
import { jiraFailure } from './jira-failure';
import { accountIdFromContext } from './project-flow-handlers';

const IdSchema = v.pipe(
  v.string('must be an assessment id'),
  v.regex(/^fa-\d{4}-\d{2}-\d{2}-\d{1,2}$/, 'must be an assessment id like fa-2022-04-20-1'),
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
const LevelSchema = v.picklist(FITSM_LEVELS, 'must be a level 0–4');
const GroupIdSchema = v.picklist(FITSM_GROUP_IDS, 'must be a group GR1–GR7 or PR1–PR14');

const EmptySchema = v.object({}, 'the payload must be an object {}');

export const GetAssessmentRequestSchema = v.object({ id: IdSchema }, 'the payload must be an object { id }');

export const SaveAssessmentRequestSchema = v.object(
  {
    id: v.nullable(IdSchema),
    expectedVersion: v.nullable(VersionSchema),
    title: v.pipe(
      v.string('must be text'),
      v.maxLength(FITSM_LIMITS.titleChars, 'is at most 200 characters'),
    ),
    date: v.pipe(
      v.string('must be a date YYYY-MM-DD'),
      v.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    ),
    assessors: v.pipe(
      v.array(AccountIdSchema, 'must be a list of account ids'),
      v.maxLength(FITSM_LIMITS.assessors, `at most ${String(FITSM_LIMITS.assessors)} assessors`),
    ),
    status: v.picklist(['draft', 'agreed'], 'must be draft or agreed'),
    outOfScope: v.pipe(
      v.array(v.picklist(FITSM_PROCESS_IDS, 'must be a process PR1–PR14')),
      v.maxLength(FITSM_PROCESS_IDS.length, 'names each process at most once'),
    ),
    targetLevel: LevelSchema,
    targetByGroup: v.pipe(
      v.record(GroupIdSchema, LevelSchema, 'must map groups to levels'),
      v.check((record) => Object.keys(record).length <= FITSM_GROUP_IDS.length, 'one target per group'),
    ),
  },
  'the payload must be an object { id, expectedVersion, title, date, assessors, status, outOfScope, targetLevel, targetByGroup }',
);

export const RateRequirementRequestSchema = v.object(
  {
    assessmentId: IdSchema,
    requirementId: v.pipe(
      v.string('must be a requirement id'),
      v.regex(/^(GR|PR)\d{1,2}\.\d{1,2}$/, 'must be a requirement id like PR14.1'),
    ),
    slot: v.variant(
      'kind',
      [
        v.object({ kind: v.literal('assessor'), accountId: AccountIdSchema }),
        v.object({ kind: v.literal('agreed') }),
      ],
      'slot must be { kind: "assessor", accountId } or { kind: "agreed" }',
    ),
    rating: v.nullable(
      v.object(
        {
          level: LevelSchema,
          notes: v.pipe(
            v.string('must be text'),
            v.maxLength(FITSM_LIMITS.noteChars, `is at most ${String(FITSM_LIMITS.noteChars)} characters`),
          ),
          issueKeys: v.pipe(
            v.array(
              v.pipe(
                v.string('must be an issue key'),
                v.maxLength(FITSM_LIMITS.issueKeyChars, 'is at most 40 characters'),
              ),
            ),
            v.maxLength(
              FITSM_LIMITS.issueKeysPerRating,
              `at most ${String(FITSM_LIMITS.issueKeysPerRating)} issues`,
            ),
          ),
        },
        'rating must be { level, notes, issueKeys } or null',
      ),
    ),
    expected: v.nullable(
      v.object(
        {
          ratedAt: v.pipe(v.string('must be an instant'), v.maxLength(40, 'must be an ISO instant')),
          ratedBy: AccountIdSchema,
        },
        'expected must be { ratedAt, ratedBy } or null',
      ),
    ),
  },
  'the payload must be an object { assessmentId, requirementId, slot, rating, expected }',
);

export const CompareRequestSchema = v.object(
  { beforeId: IdSchema, afterId: IdSchema },
  'the payload must be an object { beforeId, afterId }',
);

export const ExportRequestSchema = v.object(
  { id: IdSchema, format: v.picklist(['csv', 'json'], 'must be csv or json') },
  'the payload must be an object { id, format }',
);

export const SaveSettingsRequestSchema = v.object(
  { ...FitsmSettingsSchema.entries, expectedVersion: v.nullable(VersionSchema) },
  'the payload must be an object { editorGroupName, expectedVersion }',
);

/** What the handlers need from the outside world. */
export interface FitsmAssessmentHandlerDeps {
  /** Jira as the acting user. */
  readonly jira: (
    context: ResolverContext,
  ) => Pick<JiraPort, 'getMyPermissions' | 'getUsers'> & Pick<JiraUserAccessPort, 'getMyGroupNames'>;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

type Handlers = {
  readonly [Name in keyof FitsmAssessmentDefs]: (
    payload: unknown,
    context: ResolverContext,
  ) => Promise<ReturnType<FitsmAssessmentDefs[Name]>>;
};

/** The contract failure of an error of the assessment's use cases; null for an unexpected one. */
export function assessmentFailure(error: unknown): { code: FitsmAssessmentErrorCode; detail: string } | null {
  if (error instanceof FitsmForbiddenError) return { code: 'forbidden', detail: error.message };
  if (error instanceof FitsmAssessmentNotFoundError) return { code: 'not-found', detail: error.message };
  if (error instanceof InvalidFitsmAssessmentError)
    return { code: 'invalid-assessment', detail: error.message };
  if (error instanceof FitsmAssessmentAgreedError)
    return { code: 'assessment-agreed', detail: error.message };
  if (error instanceof FitsmTooLargeError) return { code: 'too-large', detail: error.message };
  if (error instanceof FitsmBusyError) return { code: 'busy', detail: error.message };
  if (error instanceof FitsmAssessmentConflictError || error instanceof FitsmSettingsConflictError)
    return { code: 'conflict', detail: error.message };
  if (error instanceof StoreConflictError)
    return { code: 'conflict', detail: 'Someone else saved in between. Reload; your input is kept.' };
  return jiraFailure(error);
}

/** The FitSM self-assessment's resolvers over `deps`. */
export function createFitsmAssessmentHandlers(deps: FitsmAssessmentHandlerDeps): Handlers {
  const handler = <Schema extends v.GenericSchema, T>(
    name: string,
    schema: Schema,
    work: (input: v.InferOutput<Schema>, assessmentDeps: FitsmAssessmentDeps) => Promise<T>,
  ): ((payload: unknown, context: ResolverContext) => Promise<FitsmAssessmentResult<T>>) =>
    guardedHandler(
      {
        name,
        schema,
        depsOf: (context): FitsmAssessmentDeps => ({
          jira: deps.jira(context),
          store: deps.store,
          nowMs: deps.clock(),
          accountId: accountIdFromContext(context),
          language: csiLanguageOfLocale(context['locale']),
        }),
        failureOf: assessmentFailure,
        logError: deps.logError,
      },
      work,
    );

  return {
    getFitsmAssessments: handler('getFitsmAssessments', EmptySchema, (_input, d) => getFitsmAssessments(d)),
    getFitsmAssessment: handler('getFitsmAssessment', GetAssessmentRequestSchema, (input, d) =>
      getFitsmAssessment(d, input.id),
    ),
    saveFitsmAssessment: handler('saveFitsmAssessment', SaveAssessmentRequestSchema, (input, d) =>
      saveFitsmAssessment(d, input),
    ),
    rateFitsmRequirement: handler('rateFitsmRequirement', RateRequirementRequestSchema, (input, d) =>
      rateFitsmRequirement(d, {
        ...input,
        requirementId: input.requirementId as Parameters<typeof rateFitsmRequirement>[1]['requirementId'],
      }),
    ),
    compareFitsmAssessments: handler('compareFitsmAssessments', CompareRequestSchema, (input, d) =>
      compareFitsmAssessments(d, input.beforeId, input.afterId),
    ),
    exportFitsmAssessment: handler('exportFitsmAssessment', ExportRequestSchema, (input, d) =>
      exportFitsmAssessment(d, input.id, input.format),
    ),
    getFitsmSettings: handler('getFitsmSettings', EmptySchema, (_input, d) => getFitsmSettingsView(d)),
    saveFitsmSettings: handler('saveFitsmSettings', SaveSettingsRequestSchema, (input, d) =>
      saveFitsmSettingsAs(d, { editorGroupName: input.editorGroupName }, input.expectedVersion),
    ),
  };
}
