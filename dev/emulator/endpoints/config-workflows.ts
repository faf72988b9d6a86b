/**
 * The new workflow API: `POST /rest/api/3/workflows/create/validation`, `POST /rest/api/3/workflows/create`,
 * `POST /rest/api/3/workflows` (bulk read by names, ids or project and issue types), `GET
 * /rest/api/3/workflows/search` (paged, `queryString`, `expand=values.transitions`) and `GET
 * /rest/api/3/workflows/capabilities` (the system rules and the installed Forge app's rules).
 *
 * Statuses are referenced by `statusReference` (a client-chosen reference for new statuses, the status id for
 * existing ones); transitions are INITIAL (exactly one per workflow), DIRECTED (`links[].fromStatusReference`)
 * or GLOBAL (from every status). Validators are stored as given (`{ ruleKey, parameters }`); a Forge validator
 * has `ruleKey: 'forge:expression-validator'` and `parameters: { key: <extension ARI>, config: <JSON text> }`.
 */
import type { RequestContext, Reply, Route } from '../context';
import { forgeRuleAvailableIn, isRecord, objectBody, rejectUnknownMembers } from '../context';
import type { StoredTransition, StoredWorkflow } from '../config';
import { JiraHttpError, badRequest, forbidden } from '../errors';
import { STATUS_CATEGORIES } from '../render';
import type { SeedProject, SeedStatus, SeedWorkflowRule, StatusCategoryKey } from '../seed';
import { formatJiraInstant } from '../store';
import { pageOf, queryList, recordList, sameName } from './config-common';
import { statusInScope } from './config-statuses';

type ErrorType = 'RULE' | 'STATUS' | 'WORKFLOW' | 'TRANSITION' | 'SCOPE';

export interface WorkflowValidationError {
  readonly code: string;
  readonly level: 'ERROR' | 'WARNING';
  readonly message: string;
  readonly type: ErrorType;
  readonly elementReference?: { readonly statusReference?: string; readonly transitionId?: string };
}

const CATEGORY_KEYS: Readonly<Record<string, StatusCategoryKey>> = {
  TODO: 'new',
  IN_PROGRESS: 'indeterminate',
  DONE: 'done',
};

const ADMIN_MESSAGE =
  'You need the Administer Jira permission (global workflows) or Administer Projects (workflows of a team-managed project) to change workflows.';

// ---- rendering --------------------------------------------------------------------------------------------------

function scopeOf(projectId: string | undefined): Record<string, unknown> {
  return projectId === undefined ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: projectId } };
}

export function renderWorkflowStatus(status: SeedStatus): Record<string, unknown> {
  return {
    id: status.id,
    name: status.name,
    description: status.description ?? '',
    scope: scopeOf(status.projectId),
    statusCategory: STATUS_CATEGORIES[status.categoryKey].searchName,
    statusReference: status.id,
  };
}

function renderRule(rule: SeedWorkflowRule): Record<string, unknown> {
  return {
    ...(rule.id === undefined ? {} : { id: rule.id }),
    ruleKey: rule.ruleKey,
    parameters: rule.parameters,
  };
}

function renderTransition(t: StoredTransition): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    type: t.type,
    toStatusReference: t.toStatusId,
    links:
      t.type === 'DIRECTED'
        ? t.fromStatusIds.map((from) => ({ fromStatusReference: from, fromPort: 0, toPort: 0 }))
        : [],
    actions: [],
    validators: t.validators.map(renderRule),
    triggers: [],
    properties: {},
  };
}

export function renderWorkflow(workflow: StoredWorkflow, withTransitions: boolean): Record<string, unknown> {
  return {
    id: workflow.id,
    name: workflow.name,
    description: workflow.description,
    scope: scopeOf(workflow.projectId),
    isEditable: workflow.editable,
    created: formatJiraInstant(workflow.createdMs),
    updated: formatJiraInstant(workflow.updatedMs),
    startPointLayout: { x: 0, y: 0 },
    statuses: workflow.statusIds.map((id, index) => ({
      statusReference: id,
      deprecated: false,
      layout: { x: 200 * index, y: 0 },
      properties: {},
    })),
    ...(withTransitions ? { transitions: workflow.transitions.map(renderTransition) } : {}),
    version: { id: workflow.versionId, versionNumber: workflow.versionNumber },
  };
}

function statusesOfWorkflows(ctx: RequestContext, workflows: readonly StoredWorkflow[]): unknown[] {
  const ids = new Set(workflows.flatMap((w) => w.statusIds));
  return ctx.store.statusesOf([...ids]).map(renderWorkflowStatus);
}

/** Workflows the caller may read: all for Jira admins; for project admins those their projects use or own. */
function readableWorkflows(ctx: RequestContext): StoredWorkflow[] {
  if (ctx.user.jiraAdmin) return [...ctx.store.config.workflows];
  const projects = ctx.store.projects.filter((p) => ctx.store.canAdminister(ctx.user, p));
  if (projects.length === 0) {
    throw forbidden('You need the Administer Jira or Administer Projects permission to read workflows.');
  }
  const used = new Set(projects.flatMap((p) => ctx.store.config.workflowsOfProject(p)));
  return ctx.store.config.workflows.filter(
    (w) => used.has(w) || (w.projectId !== undefined && projects.some((p) => p.id === w.projectId)),
  );
}

// ---- create and validate -----------------------------------------------------------------------------------------

interface PlannedStatus {
  readonly reference: string;
  /** An existing status, or null: created on apply. */
  readonly existing: SeedStatus | null;
  readonly name: string;
  readonly categoryKey: StatusCategoryKey;
  readonly description: string;
}

interface PlannedWorkflow {
  readonly name: string;
  readonly description: string;
  readonly statusReferences: string[];
  readonly transitions: (Omit<StoredTransition, 'toStatusId' | 'fromStatusIds'> & {
    readonly toReference: string;
    readonly fromReferences: string[];
  })[];
}

interface CreatePlan {
  readonly errors: WorkflowValidationError[];
  readonly project: SeedProject | undefined;
  readonly statuses: PlannedStatus[];
  readonly workflows: PlannedWorkflow[];
}

function error(
  type: ErrorType,
  code: string,
  message: string,
  ref?: { statusReference?: string; transitionId?: string },
): WorkflowValidationError {
  return { code, level: 'ERROR', message, type, ...(ref === undefined ? {} : { elementReference: ref }) };
}

function stringMap(value: unknown): Record<string, string> | null {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') return null;
    out[k] = v;
  }
  return out;
}

/** Checks a `WorkflowCreateRequest` the way Jira's validation endpoint does; collects every error. */
function planCreate(ctx: RequestContext, payload: Record<string, unknown>): CreatePlan {
  const errors: WorkflowValidationError[] = [];
  const scope = payload.scope;
  let project: SeedProject | undefined;
  if (!isRecord(scope) || (scope.type !== 'GLOBAL' && scope.type !== 'PROJECT')) {
    errors.push(
      error(
        'SCOPE',
        'INVALID_SCOPE',
        "The scope must be { type: 'GLOBAL' } or { type: 'PROJECT', project: { id } }.",
      ),
    );
  } else if (scope.type === 'PROJECT') {
    const id = isRecord(scope.project) ? scope.project.id : undefined;
    project = typeof id === 'string' ? ctx.store.projectById(id) : undefined;
    if (project === undefined) {
      errors.push(
        error('SCOPE', 'PROJECT_NOT_FOUND', `The project of the scope (${String(id)}) was not found.`),
      );
    } else if (project.style !== 'next-gen') {
      errors.push(
        error(
          'SCOPE',
          'INVALID_SCOPE',
          `Project ${project.key} is company-managed: its workflows are GLOBAL and assigned through a workflow scheme.`,
        ),
      );
    }
  }
  const statuses: PlannedStatus[] = [];
  const rawStatuses = Array.isArray(payload.statuses) ? (payload.statuses as unknown[]) : [];
  for (const raw of rawStatuses) {
    if (!isRecord(raw) || typeof raw.statusReference !== 'string' || raw.statusReference === '') {
      errors.push(error('STATUS', 'MISSING_STATUS_REFERENCE', 'Every status needs a statusReference.'));
      continue;
    }
    const reference = raw.statusReference;
    if (statuses.some((s) => s.reference === reference)) {
      errors.push(
        error('STATUS', 'DUPLICATE_STATUS_REFERENCE', `The status reference '${reference}' is used twice.`, {
          statusReference: reference,
        }),
      );
      continue;
    }
    const categoryKey =
      typeof raw.statusCategory === 'string' ? CATEGORY_KEYS[raw.statusCategory] : undefined;
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (name === '' || categoryKey === undefined) {
      errors.push(
        error(
          'STATUS',
          'INVALID_STATUS',
          `Status '${reference}' needs a name and a statusCategory (TODO, IN_PROGRESS or DONE).`,
          { statusReference: reference },
        ),
      );
      continue;
    }
    let existing: SeedStatus | undefined;
    if (typeof raw.id === 'string') {
      existing = ctx.store.status(raw.id);
      if (existing === undefined) {
        errors.push(
          error('STATUS', 'STATUS_NOT_FOUND', `The status with id '${raw.id}' does not exist.`, {
            statusReference: reference,
          }),
        );
        continue;
      }
    } else {
      existing = statusInScope(ctx.store.statuses, name, project?.id);
      if (existing !== undefined && existing.categoryKey !== categoryKey) {
        errors.push(
          error(
            'STATUS',
            'STATUS_NAME_TAKEN',
            `A status named '${name}' already exists in another status category; give its id to reuse it or choose another name.`,
            { statusReference: reference },
          ),
        );
        continue;
      }
    }
    statuses.push({
      reference,
      existing: existing ?? null,
      name,
      categoryKey,
      description: typeof raw.description === 'string' ? raw.description : '',
    });
  }
  const knownReferences = new Set([
    ...statuses.map((s) => s.reference),
    ...rawStatuses.flatMap((r) =>
      isRecord(r) && typeof r.statusReference === 'string' ? [r.statusReference] : [],
    ),
  ]);
  const workflows: PlannedWorkflow[] = [];
  const rawWorkflows = Array.isArray(payload.workflows) ? (payload.workflows as unknown[]) : [];
  if (rawWorkflows.length === 0)
    errors.push(error('WORKFLOW', 'NO_WORKFLOWS', 'Give at least one workflow to create.'));
  for (const raw of rawWorkflows) {
    if (!isRecord(raw)) {
      errors.push(error('WORKFLOW', 'INVALID_WORKFLOW', 'Every workflow must be an object.'));
      continue;
    }
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (name === '') {
      errors.push(error('WORKFLOW', 'MISSING_NAME', 'Every workflow needs a name.'));
    } else if (
      ctx.store.config.workflows.some((w) => sameName(w.name, name)) ||
      workflows.some((w) => sameName(w.name, name))
    ) {
      errors.push(
        error(
          'WORKFLOW',
          'NON_UNIQUE_WORKFLOW_NAME',
          `A workflow with the name '${name}' already exists. Workflow names must be unique.`,
        ),
      );
    }
    const statusReferences: string[] = [];
    for (const s of Array.isArray(raw.statuses) ? (raw.statuses as unknown[]) : []) {
      const reference = isRecord(s) && typeof s.statusReference === 'string' ? s.statusReference : '';
      if (!knownReferences.has(reference)) {
        errors.push(
          error(
            'STATUS',
            'STATUS_REFERENCE_NOT_FOUND',
            `Workflow '${name}' uses the status reference '${reference}', which is not in the request's statuses.`,
            { statusReference: reference },
          ),
        );
      } else if (!statusReferences.includes(reference)) {
        statusReferences.push(reference);
      }
    }
    if (statusReferences.length === 0) {
      errors.push(error('WORKFLOW', 'NO_STATUSES', `Workflow '${name}' needs at least one status.`));
    }
    const transitions: PlannedWorkflow['transitions'] = [];
    let nextId = 11;
    for (const t of Array.isArray(raw.transitions) ? (raw.transitions as unknown[]) : []) {
      if (!isRecord(t)) continue;
      const type = t.type;
      const tName = typeof t.name === 'string' ? t.name.trim() : '';
      const id = typeof t.id === 'string' && t.id !== '' ? t.id : type === 'INITIAL' ? '1' : String(nextId);
      if (typeof t.id !== 'string' && type !== 'INITIAL') nextId += 10;
      const ref = { transitionId: id };
      if (type !== 'INITIAL' && type !== 'DIRECTED' && type !== 'GLOBAL') {
        errors.push(
          error(
            'TRANSITION',
            'INVALID_TRANSITION_TYPE',
            `Transition '${tName}' needs a type: INITIAL, DIRECTED or GLOBAL.`,
            ref,
          ),
        );
        continue;
      }
      if (tName === '')
        errors.push(error('TRANSITION', 'MISSING_NAME', `Transition ${id} needs a name.`, ref));
      if (transitions.some((x) => x.id === id)) {
        errors.push(
          error(
            'TRANSITION',
            'DUPLICATE_TRANSITION_ID',
            `The transition id '${id}' is used twice in workflow '${name}'.`,
            ref,
          ),
        );
      }
      const toReference = typeof t.toStatusReference === 'string' ? t.toStatusReference : '';
      if (!statusReferences.includes(toReference)) {
        errors.push(
          error(
            'TRANSITION',
            'TRANSITION_TARGET_NOT_IN_WORKFLOW',
            `Transition '${tName}' leads to '${toReference}', which is not a status of workflow '${name}'.`,
            ref,
          ),
        );
      }
      const fromReferences: string[] = [];
      for (const link of recordListSafe(t.links)) {
        const from = typeof link.fromStatusReference === 'string' ? link.fromStatusReference : undefined;
        if (from === undefined) continue;
        if (!statusReferences.includes(from)) {
          errors.push(
            error(
              'TRANSITION',
              'TRANSITION_SOURCE_NOT_IN_WORKFLOW',
              `Transition '${tName}' starts at '${from}', which is not a status of workflow '${name}'.`,
              ref,
            ),
          );
        } else fromReferences.push(from);
      }
      if (type === 'DIRECTED' && fromReferences.length === 0) {
        errors.push(
          error(
            'TRANSITION',
            'MISSING_FROM_STATUS',
            `The directed transition '${tName}' needs links with a fromStatusReference.`,
            ref,
          ),
        );
      }
      const validators: SeedWorkflowRule[] = [];
      for (const v of recordListSafe(t.validators)) {
        const parameters = stringMap(v.parameters);
        if (typeof v.ruleKey !== 'string' || v.ruleKey === '' || parameters === null) {
          errors.push(
            error(
              'RULE',
              'INVALID_RULE',
              `A validator of transition '${tName}' needs a ruleKey and string parameters.`,
              ref,
            ),
          );
          continue;
        }
        if (v.ruleKey.startsWith('forge:') && (parameters.key ?? '') === '') {
          errors.push(
            error(
              'RULE',
              'MISSING_EXTENSION_KEY',
              `The Forge validator of transition '${tName}' needs parameters.key (the extension ARI).`,
              ref,
            ),
          );
          continue;
        }
        // A rule of an installed app that its module does not declare for this kind of project is not offered.
        const forgeRule = v.ruleKey.startsWith('forge:')
          ? ctx.features.forgeRules.find((rule) => rule.id === parameters.key)
          : undefined;
        if (forgeRule !== undefined && !forgeRuleAvailableIn(forgeRule, project !== undefined)) {
          errors.push(
            error(
              'RULE',
              'RULE_NOT_AVAILABLE',
              `The rule '${forgeRule.name}' of transition '${tName}' is not available in ${project === undefined ? 'company-managed' : 'team-managed'} projects: the app's module does not list them in its projectTypes.`,
              ref,
            ),
          );
          continue;
        }
        validators.push({ id: ctx.store.config.newUuid(), ruleKey: v.ruleKey, parameters });
      }
      transitions.push({
        id,
        name: tName,
        description: typeof t.description === 'string' ? t.description : '',
        type,
        toReference,
        fromReferences,
        validators,
      });
    }
    const initial = transitions.filter((t) => t.type === 'INITIAL').length;
    if (initial !== 1) {
      errors.push(
        error(
          'WORKFLOW',
          initial === 0 ? 'MISSING_INITIAL_TRANSITION' : 'MULTIPLE_INITIAL_TRANSITIONS',
          `Workflow '${name}' needs exactly one INITIAL transition (it has ${initial}).`,
        ),
      );
    }
    workflows.push({
      name,
      description: typeof raw.description === 'string' ? raw.description : '',
      statusReferences,
      transitions,
    });
  }
  return { errors, project, statuses, workflows };
}

function recordListSafe(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function canCreate(ctx: RequestContext, project: SeedProject | undefined): boolean {
  return project === undefined ? ctx.user.jiraAdmin : ctx.store.canAdminister(ctx.user, project);
}

function validateCreate(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['payload', 'validationOptions']);
  if (!isRecord(body.payload))
    throw badRequest('', { payload: "The request needs a 'payload' (a workflow create request)." });
  const plan = planCreate(ctx, body.payload);
  if (!canCreate(ctx, plan.project)) throw forbidden(ADMIN_MESSAGE);
  const levels =
    isRecord(body.validationOptions) && Array.isArray(body.validationOptions.levels)
      ? (body.validationOptions.levels as unknown[])
      : ['ERROR', 'WARNING'];
  return { status: 200, body: { errors: plan.errors.filter((e) => levels.includes(e.level)) } };
}

function createWorkflows(ctx: RequestContext): Reply {
  const payload = objectBody(ctx);
  rejectUnknownMembers(payload, ['scope', 'statuses', 'workflows']);
  const plan = planCreate(ctx, payload);
  if (!canCreate(ctx, plan.project)) throw forbidden(ADMIN_MESSAGE);
  if (plan.errors.length > 0)
    throw new JiraHttpError(
      400,
      plan.errors.map((e) => e.message),
    );
  const nowMs = ctx.now();
  const byReference = new Map<string, SeedStatus>();
  for (const s of plan.statuses) {
    byReference.set(
      s.reference,
      s.existing ??
        ctx.store.addStatus({
          name: s.name,
          categoryKey: s.categoryKey,
          description: s.description,
          ...(plan.project === undefined ? {} : { projectId: plan.project.id }),
        }),
    );
  }
  const idOf = (reference: string): string => byReference.get(reference)?.id ?? reference;
  const created = plan.workflows.map((w) => {
    const workflow: StoredWorkflow = {
      id: ctx.store.config.newUuid(),
      name: w.name,
      description: w.description,
      ...(plan.project === undefined ? {} : { projectId: plan.project.id }),
      statusIds: w.statusReferences.map(idOf),
      transitions: w.transitions.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        type: t.type,
        toStatusId: idOf(t.toReference),
        fromStatusIds: t.fromReferences.map(idOf),
        validators: t.validators,
      })),
      editable: true,
      createdMs: nowMs,
      updatedMs: nowMs,
      versionId: ctx.store.config.newUuid(),
      versionNumber: 0,
    };
    ctx.store.config.workflows.push(workflow);
    return workflow;
  });
  ctx.store.version++;
  return {
    status: 200,
    body: {
      statuses: [...new Set(byReference.values())].map(renderWorkflowStatus),
      workflows: created.map((w) => renderWorkflow(w, true)),
    },
  };
}

// ---- read --------------------------------------------------------------------------------------------------------

function readWorkflows(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['workflowNames', 'workflowIds', 'projectAndIssueTypes']);
  const names = body.workflowNames === undefined ? [] : stringArrayOr400(body.workflowNames, 'workflowNames');
  const ids = body.workflowIds === undefined ? [] : stringArrayOr400(body.workflowIds, 'workflowIds');
  const pairs = recordList(body.projectAndIssueTypes, 'projectAndIssueTypes');
  const readable = readableWorkflows(ctx);
  const wanted = new Set<StoredWorkflow>();
  for (const w of readable) if (names.includes(w.name) || ids.includes(w.id)) wanted.add(w);
  for (const pair of pairs) {
    const project = typeof pair.projectId === 'string' ? ctx.store.projectById(pair.projectId) : undefined;
    const typeId = typeof pair.issueTypeId === 'string' ? pair.issueTypeId : undefined;
    if (project === undefined || typeId === undefined) continue;
    const w = ctx.store.config.workflowOf(project, typeId);
    if (w !== undefined && readable.includes(w)) wanted.add(w);
  }
  const workflows = [...wanted];
  return {
    status: 200,
    body: {
      statuses: statusesOfWorkflows(ctx, workflows),
      workflows: workflows.map((w) => renderWorkflow(w, true)),
    },
  };
}

function stringArrayOr400(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw badRequest(`'${name}' must be an array of strings.`);
  }
  return value;
}

function searchWorkflows(ctx: RequestContext): Reply {
  const text = ctx.query.get('queryString')?.toLowerCase() ?? '';
  const scope = ctx.query.get('scope');
  const active = ctx.query.get('isActive');
  const orderBy = ctx.query.get('orderBy') ?? 'name';
  const expand = queryList(ctx, 'expand');
  const inUse = new Set(ctx.store.projects.flatMap((p) => ctx.store.config.workflowsOfProject(p)));
  const matching = readableWorkflows(ctx).filter(
    (w) =>
      w.name.toLowerCase().includes(text) &&
      (scope === null || scope === (w.projectId === undefined ? 'GLOBAL' : 'PROJECT')) &&
      (active === null || (active === 'true') === inUse.has(w)),
  );
  const field = orderBy.replace(/^[+-]/, '').split(' ')[0];
  matching.sort((a, b) =>
    field === 'created'
      ? a.createdMs - b.createdMs
      : field === 'updated'
        ? a.updatedMs - b.updatedMs
        : a.name.localeCompare(b.name),
  );
  if (orderBy.startsWith('-') || orderBy.endsWith(' DESC')) matching.reverse();
  const page = pageOf(ctx, '/rest/api/3/workflows/search', matching, { defaultMax: 50, cap: 50 });
  return {
    status: 200,
    body: {
      ...page,
      statuses: statusesOfWorkflows(ctx, page.values),
      values: page.values.map((w) => renderWorkflow(w, expand.includes('values.transitions'))),
    },
  };
}

const SYSTEM_RULES = [
  {
    ruleKey: 'system:check-permission-validator',
    ruleType: 'Validator',
    name: 'Restrict by permission',
    description: 'Only users with a specific permission can move the issue.',
  },
  {
    ruleKey: 'system:validate-field-value',
    ruleType: 'Validator',
    name: 'Validate a field',
    description: 'Checks that a field has a value before the transition.',
  },
  {
    ruleKey: 'system:update-field',
    ruleType: 'Function',
    name: 'Update an issue field',
    description: 'Sets a field when the transition runs.',
  },
] as const;

/**
 * The rules a workflow's editor offers. Jira needs the workflow: its id, or a project and an issue type (the
 * workflow the project's scheme gives that type); anything else is a 400. Forge rules are listed only where their
 * module's `projectTypes` allow (company-managed only when the manifest says nothing).
 */
function capabilities(ctx: RequestContext): Reply {
  const workflowId = ctx.query.get('workflowId');
  const projectId = ctx.query.get('projectId');
  const issueTypeId = ctx.query.get('issueTypeId');
  if (workflowId === null && (projectId === null || issueTypeId === null)) {
    throw badRequest(
      'Either workflowId, or projectId and issueTypeId must be provided to get the workflow capabilities.',
    );
  }
  const workflow = workflowId === null ? undefined : ctx.store.config.workflowById(workflowId);
  if (workflowId !== null && workflow === undefined)
    throw badRequest(`The workflow '${workflowId}' was not found.`);
  const project =
    workflowId !== null
      ? workflow?.projectId === undefined
        ? undefined
        : ctx.store.projectById(workflow.projectId)
      : ctx.store.projectById(projectId ?? '');
  if (workflowId === null) {
    if (project === undefined) throw badRequest(`The project '${String(projectId)}' was not found.`);
    const types = ctx.store.issueTypesOfProject(project);
    if (!types.some((type) => type.id === issueTypeId)) {
      throw badRequest(`The issue type '${String(issueTypeId)}' is not used in project '${project.key}'.`);
    }
  }
  const projectScoped = workflow?.projectId !== undefined || project?.style === 'next-gen';
  if (!(ctx.user.jiraAdmin || (project !== undefined && ctx.store.canAdminister(ctx.user, project)))) {
    throw forbidden(ADMIN_MESSAGE);
  }
  return {
    status: 200,
    body: {
      connectRules: [],
      editorScope: projectScoped ? 'PROJECT' : 'GLOBAL',
      forgeRules: ctx.features.forgeRules
        .filter((r) => forgeRuleAvailableIn(r, projectScoped))
        .map((r) => ({
          id: r.id,
          name: r.name,
          ruleKey: r.ruleKey,
          ruleType: r.ruleType,
          ...(r.description === undefined ? {} : { description: r.description }),
        })),
      projectTypes: ['software', 'service_desk', 'business'],
      systemRules: SYSTEM_RULES.map((r) => ({
        ...r,
        incompatibleRuleKeys: [],
        isAvailableForInitialTransition: true,
        isVisible: true,
      })),
      triggerRules: [],
    },
  };
}

export const workflowRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/workflows/create/validation', handler: validateCreate },
  { method: 'POST', path: '/rest/api/3/workflows/create', handler: createWorkflows },
  { method: 'POST', path: '/rest/api/3/workflows', handler: readWorkflows },
  { method: 'GET', path: '/rest/api/3/workflows/search', handler: searchWorkflows },
  { method: 'GET', path: '/rest/api/3/workflows/capabilities', handler: capabilities },
];
