/**
 * Resolvers of the FitSM plan (`FitsmPlanDefs`, issue 12): the audit plan, findings and gaps registered as CSI
 * improvements, the implementation schedule and the plan settings. Payloads validated with valibot; every change
 * needs Jira admin or the FitSM editor group (asked of Jira as the acting user, `loadFitsmAccess`), reading needs
 * only the app; typed failures become the contract's codes. Registering creates the improvement as the acting user,
 * so Jira's own Create Issues permission in the chosen project applies too.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { CsiEditForbiddenError } from '../../application/csi-record';
import { IssueNotFoundError } from '../../application/errors';
import { getAuditPlanView, recordAuditFinding, saveAudit } from '../../application/fitsm-audit';
import { registerAuditFinding } from '../../application/fitsm-audit-register';
import { loadFitsmAssessment } from '../../application/fitsm-assessment-store';
import {
  AssessmentNotFoundError,
  GapSelectionError,
  MAX_GAPS_PER_CALL,
  readGapLinks,
  registerGapImprovements,
} from '../../application/fitsm-gap-improvements';
import {
  FitsmPlanConflictError,
  FitsmPlanSettingsSchema,
  planStartQuarter,
  planTimeZone,
  readFitsmPlanSettings,
  saveFitsmPlanSettings,
} from '../../application/fitsm-plan-settings';
import {
  addManualScheduleItem,
  exportSchedule,
  getScheduleView,
  scheduleViewFor,
  moveScheduleItem,
  removeScheduleItem,
  ScheduleConflictError,
  ScheduleRuleError,
} from '../../application/fitsm-schedule';
import { FitsmForbiddenError, loadFitsmAccess, requireFitsmEditor } from '../../application/fitsm-settings';
import { StoreConflictError } from '../../application/ports/store-port';
import {
  CsiNotSetUpError,
  ImprovementRegistrationBusyError,
  InvalidImprovementRequestError,
} from '../../application/register-improvement';
import type { FitsmPlanDefs, FitsmPlanErrorCode, FitsmPlanResult } from '../../contract/fitsm-plan';
import { ISSUE_KEY_PATTERN } from '../../domain/csi/record';
import { csiLanguageOfLocale } from '../../domain/csi/transition-rules';
import {
  AUDIT_STATUSES,
  AUDIT_TEXT_LIMITS,
  AuditNotFoundError,
  AuditRevisionConflictError,
  AuditRuleError,
  FINDING_SEVERITIES,
  yearOfAuditId,
} from '../../domain/fitsm/audit';
import { catalogueLookup } from '../../domain/fitsm/audit-catalogue';
import { FITSM_SUBJECT_ID_PATTERN } from '../../domain/fitsm/audit-subjects';
import { QUARTER_PATTERN } from '../../domain/fitsm/schedule';
import { describeIssues } from './describe-issues';
import { timeZoneFromContext } from './get-issue-flow';
import type { ResolverDeps } from './handlers';
import { jiraFailure } from './jira-failure';
import { accountIdFromContext } from './project-flow-handlers';

type Names = keyof FitsmPlanDefs;

type Handlers = {
  readonly [Name in Names]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<FitsmPlanDefs[Name]>>;
};

const VersionSchema = (name: string) =>
  v.pipe(v.number(`${name} must be a number`), v.integer(`${name} must be a whole number`), v.minValue(1));

const SubjectIdSchema = (name: string) =>
  v.pipe(
    v.string(`${name} must be a FitSM id`),
    v.regex(FITSM_SUBJECT_ID_PATTERN, `${name} must be a FitSM id such as PR5, PR5.2 or GR6`),
  );

const AuditIdSchema = v.pipe(
  v.string('auditId must be a string'),
  v.regex(/^A-\d{4}-[1-9]\d{0,3}$/, 'auditId must look like A-2026-3'),
);

const DaySchema = (name: string) =>
  v.pipe(
    v.string(`${name} must be a day`),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, `${name} must look like 2026-03-10`),
  );

const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'projectKey must be a Jira project key such as CSI'),
);

const IssueKeySchema = (name: string) =>
  v.pipe(v.string(`${name} must be a string`), v.regex(ISSUE_KEY_PATTERN, `${name} must look like CSI-12`));

const EmptySchema = v.strictObject({}, 'the payload must be an empty object {}');

const YearRequestSchema = v.strictObject(
  {
    year: v.pipe(
      v.number('year must be a number'),
      v.integer('year must be a whole number'),
      v.minValue(2000, 'year is 2000 or later'),
      v.maxValue(2100, 'year is 2100 or earlier'),
    ),
  },
  'the payload must be an object { year }',
);

const AuditInputSchema = v.strictObject(
  {
    subjectId: SubjectIdSchema('audit.subjectId'),
    plannedOn: DaySchema('audit.plannedOn'),
    auditorAccountId: v.pipe(
      v.string('audit.auditorAccountId must be an account id'),
      v.minLength(1, 'audit.auditorAccountId: name the auditor'),
      v.maxLength(128, 'audit.auditorAccountId is at most 128 characters'),
    ),
    scope: v.pipe(
      v.string('audit.scope must be text'),
      v.maxLength(
        AUDIT_TEXT_LIMITS.scope,
        `audit.scope is at most ${String(AUDIT_TEXT_LIMITS.scope)} characters`,
      ),
    ),
    status: v.picklist(AUDIT_STATUSES, `audit.status is one of ${AUDIT_STATUSES.join(', ')}`),
    doneOn: v.nullable(DaySchema('audit.doneOn')),
  },
  'audit must be { subjectId, plannedOn, auditorAccountId, scope, status, doneOn }',
);

const SaveAuditSchema = v.strictObject(
  {
    auditId: v.nullable(AuditIdSchema),
    audit: AuditInputSchema,
    expectedRevision: v.nullable(VersionSchema('expectedRevision')),
  },
  'the payload must be an object { auditId, audit, expectedRevision }',
);

const RecordFindingSchema = v.strictObject(
  {
    auditId: AuditIdSchema,
    finding: v.strictObject(
      {
        text: v.pipe(
          v.string('finding.text must be text'),
          v.maxLength(
            AUDIT_TEXT_LIMITS.findingText,
            `finding.text is at most ${String(AUDIT_TEXT_LIMITS.findingText)} characters`,
          ),
        ),
        severity: v.picklist(
          FINDING_SEVERITIES,
          `finding.severity is one of ${FINDING_SEVERITIES.join(', ')}`,
        ),
        requirementId: SubjectIdSchema('finding.requirementId'),
      },
      'finding must be { text, severity, requirementId }',
    ),
    expectedRevision: VersionSchema('expectedRevision'),
  },
  'the payload must be an object { auditId, finding, expectedRevision }',
);

const RegisterFindingSchema = v.strictObject(
  {
    auditId: AuditIdSchema,
    findingId: v.pipe(
      v.string('findingId must be a string'),
      v.regex(/^F[1-9]\d{0,2}$/, 'findingId must look like F2'),
    ),
    projectKey: ProjectKeySchema,
  },
  'the payload must be an object { auditId, findingId, projectKey }',
);

const AssessmentIdSchema = v.pipe(
  v.string('assessmentId must be a string'),
  v.regex(/^[A-Za-z0-9-]{1,64}$/, 'assessmentId must be an assessment id such as fa-2022-04'),
);

const RegisterGapsSchema = v.strictObject(
  {
    assessmentId: AssessmentIdSchema,
    requirementIds: v.pipe(
      v.array(SubjectIdSchema('requirementIds[]'), 'requirementIds must be a list'),
      v.minLength(1, 'requirementIds: select at least one gap'),
      v.maxLength(MAX_GAPS_PER_CALL, `requirementIds: at most ${String(MAX_GAPS_PER_CALL)} gaps at a time`),
    ),
    projectKey: ProjectKeySchema,
  },
  'the payload must be an object { assessmentId, requirementIds, projectKey }',
);

const GapLinksSchema = v.strictObject(
  { assessmentId: AssessmentIdSchema },
  'the payload must be { assessmentId }',
);

const MoveSchema = v.strictObject(
  {
    improvementKey: IssueKeySchema('improvementKey'),
    quarter: v.nullable(
      v.pipe(
        v.string('quarter must be a quarter or null'),
        v.regex(QUARTER_PATTERN, 'quarter must look like 2026-Q3'),
      ),
    ),
    expectedVersion: VersionSchema('expectedVersion'),
  },
  'the payload must be an object { improvementKey, quarter, expectedVersion }',
);

const AddSchema = v.strictObject(
  {
    issueKey: IssueKeySchema('issueKey'),
    subjectId: SubjectIdSchema('subjectId'),
    expectedVersion: v.nullable(VersionSchema('expectedVersion')),
  },
  'the payload must be an object { issueKey, subjectId, expectedVersion }',
);

const RemoveSchema = v.strictObject(
  { improvementKey: IssueKeySchema('improvementKey'), expectedVersion: VersionSchema('expectedVersion') },
  'the payload must be an object { improvementKey, expectedVersion }',
);

const ExportSchema = v.strictObject(
  { format: v.picklist(['csv', 'json'] as const, 'format is csv or json') },
  'the payload must be an object { format }',
);

const SaveSettingsSchema = v.strictObject(
  { settings: FitsmPlanSettingsSchema, expectedVersion: v.nullable(VersionSchema('expectedVersion')) },
  'the payload must be an object { settings, expectedVersion }',
);

function failure(code: FitsmPlanErrorCode, detail: string): FitsmPlanResult<never> {
  return { ok: false, error: { code, detail } };
}

const CONFLICT_TYPES = [AuditRevisionConflictError, ScheduleConflictError, FitsmPlanConflictError] as const;
const INVALID_TYPES = [
  AuditRuleError,
  ScheduleRuleError,
  GapSelectionError,
  InvalidImprovementRequestError,
] as const;

async function run<T>(name: string, deps: ResolverDeps, work: () => Promise<T>): Promise<FitsmPlanResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof FitsmForbiddenError || error instanceof CsiEditForbiddenError)
      return failure('forbidden', error.message);
    if (CONFLICT_TYPES.some((type) => error instanceof type))
      return failure('conflict', (error as Error).message);
    if (error instanceof StoreConflictError)
      return failure(
        'conflict',
        'The plan was changed by someone else at the same moment; reload and try again.',
      );
    if (INVALID_TYPES.some((type) => error instanceof type))
      return failure('invalid-request', (error as Error).message);
    if (error instanceof CsiNotSetUpError) return failure('csi-not-set-up', error.message);
    if (error instanceof ImprovementRegistrationBusyError) return failure('busy', error.message);
    if (
      error instanceof AuditNotFoundError ||
      error instanceof AssessmentNotFoundError ||
      error instanceof IssueNotFoundError
    )
      return failure('not-found', error.message);
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure('internal', 'Unexpected error in the FitSM audit plan or schedule; see the app logs.');
  }
}

function invalid(issues: readonly v.BaseIssue<unknown>[]): Promise<FitsmPlanResult<never>> {
  return Promise.resolve(failure('invalid-payload', describeIssues(issues)));
}

/** The handlers of the FitSM plan over the resolver dependencies. */
export function createFitsmPlanHandlers(deps: ResolverDeps): Handlers {
  const { store, clock } = deps;
  const language = (context: Readonly<Record<string, unknown>>) => csiLanguageOfLocale(context['locale']);
  const access = (context: Readonly<Record<string, unknown>>) =>
    loadFitsmAccess(deps.jira(context), store, accountIdFromContext(context));
  const requireEditor = async (context: Readonly<Record<string, unknown>>, what: string): Promise<void> => {
    requireFitsmEditor(await access(context), what);
  };
  const timeZoneOf = async (context: Readonly<Record<string, unknown>>): Promise<string> =>
    planTimeZone((await readFitsmPlanSettings(store)).settings, timeZoneFromContext(context));
  const auditContext = async (context: Readonly<Record<string, unknown>>) => ({
    nowMs: clock(),
    timeZone: await timeZoneOf(context),
    actingAccountId: accountIdFromContext(context),
    lookup: catalogueLookup(language(context)),
  });
  const registerDeps = (context: Readonly<Record<string, unknown>>) => ({
    store,
    jira: deps.jira(context),
    clock,
    actingAccountId: accountIdFromContext(context),
    logWarning: (message: string) => {
      deps.logError(message, null);
    },
  });

  return {
    getFitsmAuditPlan: (payload, context) => {
      const request = v.safeParse(YearRequestSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('getFitsmAuditPlan', deps, async () => {
        const [view, who] = await Promise.all([
          getAuditPlanView(store, request.output.year, {
            asOfMs: clock(),
            timeZone: await timeZoneOf(context),
          }),
          access(context),
        ]);
        const ids = [
          ...new Set(
            view.audits.flatMap((a) => [
              a.auditorAccountId,
              ...(a.updatedByAccountId === null ? [] : [a.updatedByAccountId]),
            ]),
          ),
        ];
        // Names are a courtesy: a plan whose people Jira will not name still shows, with account ids.
        const users =
          ids.length === 0
            ? []
            : await deps
                .jira(context)
                .getUsers(ids)
                .catch((error: unknown) => {
                  deps.logError('getFitsmAuditPlan: names of the auditors not readable; ids shown', error);
                  return [];
                });
        const names = new Map(users.map((u) => [u.accountId, u.displayName ?? u.accountId]));
        return {
          ...view,
          canEdit: who.canEdit,
          people: ids.map((accountId) => ({ accountId, displayName: names.get(accountId) ?? accountId })),
        };
      });
    },
    saveFitsmAudit: (payload, context) => {
      const request = v.safeParse(SaveAuditSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('saveFitsmAudit', deps, async () => {
        await requireEditor(context, 'plan and change audits');
        const ctx = await auditContext(context);
        const audit = await saveAudit(store, request.output, ctx);
        // The answer carries the overdue flag as the plan view computes it.
        const view = await getAuditPlanView(store, yearOfAuditId(audit.id) ?? 0, {
          asOfMs: ctx.nowMs,
          timeZone: ctx.timeZone,
        });
        return view.audits.find((a) => a.id === audit.id) ?? { ...audit, overdue: false, daysOverdue: 0 };
      });
    },
    recordFitsmFinding: (payload, context) => {
      const request = v.safeParse(RecordFindingSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('recordFitsmFinding', deps, async () => {
        await requireEditor(context, 'record audit findings');
        const { audit, finding } = await recordAuditFinding(
          store,
          request.output,
          await auditContext(context),
        );
        return { auditId: audit.id, revision: audit.revision, finding };
      });
    },
    registerFitsmFinding: (payload, context) => {
      const request = v.safeParse(RegisterFindingSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('registerFitsmFinding', deps, async () => {
        await requireEditor(context, 'register audit findings as improvements');
        const registered = await registerAuditFinding(
          { ...registerDeps(context), lookup: catalogueLookup(language(context)) },
          request.output,
        );
        return { issueKey: registered.issueKey, issueId: registered.issueId, created: registered.created };
      });
    },
    registerFitsmGaps: (payload, context) => {
      const request = v.safeParse(RegisterGapsSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('registerFitsmGaps', deps, async () => {
        await requireEditor(context, 'register assessment gaps as improvements');
        const results = await registerGapImprovements(
          {
            ...registerDeps(context),
            loadAssessment: async (id) => (await loadFitsmAssessment(store, id))?.assessment ?? null,
          },
          { ...request.output, language: language(context) },
        );
        return { assessmentId: request.output.assessmentId, links: results };
      });
    },
    getFitsmGapLinks: (payload) => {
      const request = v.safeParse(GapLinksSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('getFitsmGapLinks', deps, async () => {
        const links = await readGapLinks(store, request.output.assessmentId);
        return {
          assessmentId: request.output.assessmentId,
          links: Object.entries(links).map(([requirementId, link]) => ({
            requirementId,
            ...link,
            created: false,
          })),
        };
      });
    },
    getFitsmSchedule: (payload, context) => {
      const request = v.safeParse(EmptySchema, payload ?? {});
      if (!request.success) return invalid(request.issues);
      return run('getFitsmSchedule', deps, async () => {
        const [view, who] = await Promise.all([
          getScheduleView(store, { asOfMs: clock(), viewerTimeZone: timeZoneFromContext(context) }),
          access(context),
        ]);
        return { ...(await scheduleViewFor(view, deps.jira(context))), canEdit: who.canEdit };
      });
    },
    moveFitsmScheduleItem: (payload, context) => {
      const request = v.safeParse(MoveSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('moveFitsmScheduleItem', deps, async () => {
        await requireEditor(context, 'move items of the schedule');
        const { settings } = await readFitsmPlanSettings(store);
        const startQuarter = planStartQuarter(settings, clock(), await timeZoneOf(context));
        return moveScheduleItem(store, request.output, { startQuarter });
      });
    },
    addFitsmScheduleItem: (payload, context) => {
      const request = v.safeParse(AddSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('addFitsmScheduleItem', deps, async () => {
        await requireEditor(context, 'add improvements to the schedule');
        return addManualScheduleItem(
          store,
          deps.jira(context),
          catalogueLookup(language(context)),
          request.output,
        );
      });
    },
    removeFitsmScheduleItem: (payload, context) => {
      const request = v.safeParse(RemoveSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('removeFitsmScheduleItem', deps, async () => {
        await requireEditor(context, 'remove items from the schedule');
        return removeScheduleItem(store, request.output);
      });
    },
    exportFitsmSchedule: (payload, context) => {
      const request = v.safeParse(ExportSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('exportFitsmSchedule', deps, async () => {
        const view = await getScheduleView(store, {
          asOfMs: clock(),
          viewerTimeZone: timeZoneFromContext(context),
        });
        return exportSchedule(
          await scheduleViewFor(view, deps.jira(context)),
          request.output.format,
          language(context),
        );
      });
    },
    getFitsmPlanSettings: (payload, context) => {
      const request = v.safeParse(EmptySchema, payload ?? {});
      if (!request.success) return invalid(request.issues);
      return run('getFitsmPlanSettings', deps, async () => {
        const [{ settings, version }, who] = await Promise.all([
          readFitsmPlanSettings(store),
          access(context),
        ]);
        return {
          settings,
          version,
          effectiveTimeZone: planTimeZone(settings, timeZoneFromContext(context)),
          canEdit: who.canEdit,
        };
      });
    },
    saveFitsmPlanSettings: (payload, context) => {
      const request = v.safeParse(SaveSettingsSchema, payload);
      if (!request.success) return invalid(request.issues);
      return run('saveFitsmPlanSettings', deps, async () => {
        const who = await access(context);
        requireFitsmEditor(who, 'change the plan settings');
        const { settings, expectedVersion } = request.output;
        const { version } = await saveFitsmPlanSettings(store, settings, expectedVersion);
        return {
          settings,
          version,
          effectiveTimeZone: planTimeZone(settings, timeZoneFromContext(context)),
          canEdit: who.canEdit,
        };
      });
    },
  };
}
