/**
 * Payload schemas of the OKR resolvers (valibot). They check the request's shape and name the field; the OKR
 * model's own rules (a period's dates, a key result's direction, …) are checked by the domain and answered
 * `invalid-okr`.
 */
import * as v from 'valibot';
import { OkrSettingsSchema } from '../../application/okr-settings';
import { ISSUE_KEY_PATTERN } from '../../domain/csi/record';
import { PROJECT_KEY_PATTERN } from '../../domain/flow/jql-scope';
import {
  KEY_RESULT_ID_PATTERN,
  OBJECTIVE_ID_PATTERN,
  OKR_LIMITS,
  PeriodSchema,
} from '../../domain/okr/validation';

const PERIOD_KEY_PATTERN = /^(\d{4}-Q[1-4]|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$/;

const PeriodKeySchema = v.pipe(
  v.string('periodKey must be a string'),
  v.regex(PERIOD_KEY_PATTERN, 'periodKey must look like 2026-Q4 or 2026-10-01..2026-12-31'),
);
const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like HD'),
);
const ObjectiveIdSchema = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.regex(OBJECTIVE_ID_PATTERN, `${name} must look like O-12`));
const KeyResultIdSchema = (name: string) =>
  v.pipe(
    v.string(`${name} must be a string`),
    v.regex(KEY_RESULT_ID_PATTERN, `${name} must look like KR-12`),
  );
const IssueKeySchema = v.pipe(
  v.string('issueKey must be a string'),
  v.regex(ISSUE_KEY_PATTERN, 'issueKey must look like HD-12'),
);
const VersionSchema = (name: string) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be a whole number`),
    v.minValue(1, `${name} is at least 1`),
  );
const TextSchema = (name: string, max: number) =>
  v.pipe(v.string(`${name} must be text`), v.maxLength(max, `${name} is at most ${String(max)} characters`));
const AccountIdSchema = (name: string) => TextSchema(name, OKR_LIMITS.accountId);

/** Create (no id) or update (id and expectedVersion together). */
const ID_AND_VERSION = 'send id with expectedVersion to update, neither to create';

export const OverviewRequestSchema = v.strictObject(
  {
    periodKey: v.exactOptional(PeriodKeySchema),
    projectKey: v.exactOptional(ProjectKeySchema),
    includeArchived: v.exactOptional(v.boolean('includeArchived must be true or false')),
  },
  'the payload must be { periodKey?, projectKey?, includeArchived? }',
);

export const KeyResultRequestSchema = v.strictObject(
  { keyResultId: KeyResultIdSchema('keyResultId') },
  'the payload must be { keyResultId }',
);

export const SaveObjectiveRequestSchema = v.pipe(
  v.strictObject(
    {
      id: v.exactOptional(ObjectiveIdSchema('id')),
      expectedVersion: v.exactOptional(VersionSchema('expectedVersion')),
      objective: v.strictObject(
        {
          title: TextSchema('objective.title', OKR_LIMITS.title),
          description: TextSchema('objective.description', OKR_LIMITS.description),
          period: PeriodSchema,
          ownerAccountId: AccountIdSchema('objective.ownerAccountId'),
          // The domain checks the scope's variants (project key or team) and answers invalid-okr.
          scope: v.looseObject({
            type: v.picklist(['project', 'team'], 'objective.scope.type must be project or team'),
          }),
          parentObjectiveId: v.exactOptional(ObjectiveIdSchema('objective.parentObjectiveId')),
        },
        'objective must be { title, description, period, ownerAccountId, scope, parentObjectiveId? }',
      ),
    },
    'the payload must be { id?, expectedVersion?, objective }',
  ),
  v.check((input) => (input.id === undefined) === (input.expectedVersion === undefined), ID_AND_VERSION),
);

export const SaveKeyResultRequestSchema = v.pipe(
  v.strictObject(
    {
      id: v.exactOptional(KeyResultIdSchema('id')),
      expectedVersion: v.exactOptional(VersionSchema('expectedVersion')),
      keyResult: v.strictObject(
        {
          objectiveId: ObjectiveIdSchema('keyResult.objectiveId'),
          title: TextSchema('keyResult.title', OKR_LIMITS.title),
          ownerAccountId: AccountIdSchema('keyResult.ownerAccountId'),
          weight: v.number('keyResult.weight must be a number'),
          unit: TextSchema('keyResult.unit', OKR_LIMITS.unit),
          direction: v.picklist(
            ['increase', 'decrease', 'stay-within'],
            'keyResult.direction must be increase, decrease or stay-within',
          ),
          // The domain checks the kind's variants and their rules and answers invalid-okr.
          kind: v.looseObject({ type: v.string('keyResult.kind.type must be a string') }),
          source: v.picklist(
            ['manual', 'external', 'measured'],
            'keyResult.source must be manual, external or measured',
          ),
        },
        'keyResult must be { objectiveId, title, ownerAccountId, weight, unit, direction, kind, source }',
      ),
    },
    'the payload must be { id?, expectedVersion?, keyResult }',
  ),
  v.check((input) => (input.id === undefined) === (input.expectedVersion === undefined), ID_AND_VERSION),
);

export const ArchiveRequestSchema = (kind: 'objective' | 'keyResult') =>
  v.strictObject(
    {
      id: kind === 'objective' ? ObjectiveIdSchema('id') : KeyResultIdSchema('id'),
      expectedVersion: VersionSchema('expectedVersion'),
    },
    'the payload must be { id, expectedVersion }',
  );

export const CheckInRequestSchema = v.strictObject(
  {
    keyResultId: KeyResultIdSchema('keyResultId'),
    value: v.pipe(v.number('value must be a number'), v.finite('value must be a finite number')),
    // The range 0..10 is a rule of the model (invalid-okr); here only the type.
    confidence: v.exactOptional(
      v.pipe(v.number('confidence must be a number'), v.finite('confidence must be a finite number')),
    ),
    note: TextSchema('note', OKR_LIMITS.note),
    atMs: v.exactOptional(
      v.pipe(v.number('atMs must be epoch milliseconds'), v.safeInteger('atMs must be whole milliseconds')),
    ),
  },
  'the payload must be { keyResultId, value, confidence?, note, atMs? }',
);

export const IssueRequestSchema = v.strictObject(
  { issueKey: IssueKeySchema },
  'the payload must be { issueKey }',
);

export const SearchRequestSchema = v.strictObject(
  { query: TextSchema('query', 200) },
  'the payload must be { query }',
);

export const LinkRequestSchema = v.strictObject(
  { issueKey: IssueKeySchema, keyResultId: KeyResultIdSchema('keyResultId') },
  'the payload must be { issueKey, keyResultId }',
);

export const PeriodRequestSchema = v.strictObject(
  { periodKey: PeriodKeySchema },
  'the payload must be { periodKey }',
);

export const ImportRequestSchema = v.strictObject({ data: v.unknown() }, 'the payload must be { data }');

export const EmptyRequestSchema = v.strictObject({}, 'this request takes no fields: send {}');

export const SaveSettingsRequestSchema = v.strictObject(
  { settings: OkrSettingsSchema, expectedVersion: v.nullable(VersionSchema('expectedVersion')) },
  'the payload must be { settings, expectedVersion }',
);

export const OkrGadgetConfigSchema = v.strictObject(
  {
    period: v.variant(
      'kind',
      [
        v.strictObject({ kind: v.literal('current') }),
        v.strictObject({ kind: v.literal('fixed'), periodKey: PeriodKeySchema }),
      ],
      'config.period must be { kind: "current" } or { kind: "fixed", periodKey }',
    ),
    projectKey: v.exactOptional(ProjectKeySchema),
    layout: v.picklist(['compact', 'detailed'], 'config.layout must be compact or detailed'),
    title: v.exactOptional(TextSchema('config.title', 80)),
  },
  'config must be { period, projectKey?, layout, title? }',
);

export const SaveGadgetConfigRequestSchema = v.strictObject(
  { config: OkrGadgetConfigSchema, expectedVersion: v.nullable(VersionSchema('expectedVersion')) },
  'the payload must be { config, expectedVersion }',
);
