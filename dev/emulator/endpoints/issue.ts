/**
 * Issues: `GET /rest/api/3/issue/{issueIdOrKey}` (fields projection, `expand`, `properties`), `POST
 * /rest/api/3/issue` (create), `PUT /rest/api/3/issue/{issueIdOrKey}` (field edits with changelog) and
 * `GET/POST /rest/api/3/issue/{issueIdOrKey}/transitions` (the transitions of the issue's workflow from its
 * status; Forge validators run first and may refuse with 400; entering a done-category status sets the
 * resolution and `resolutiondate`, leaving one clears them). A new issue starts in the initial status of the
 * workflow its project's workflow scheme gives its issue type.
 */
import type { JiraChangeItem } from '../../../src/domain/flow/types';
import { adfText, isAdfDocument } from '../adf';
import { resolutionChangeItem, statusChangeItem } from '../change-items';
import type { RequestContext, Reply, Route } from '../context';
import { forgeRuleAvailableIn, isRecord, objectBody, param } from '../context';
import { JiraHttpError, badRequest, issueNotFound } from '../errors';
import { issueCreatedEvent, issueUpdatedEvent } from '../events';
import {
  FLAGGED_FIELD_ID,
  FLAGGED_FIELD_NAME,
  IMPEDIMENT_OPTION,
  parseFieldSelection,
  priorityId,
  renderChangelogExpansion,
  renderFields,
  renderNames,
  renderSchema,
  renderStatus,
  resolutionId,
} from '../render';
import { JiraConfiguration } from '../config';
import type { StoredTransition, StoredWorkflow } from '../config';
import type { AdfNode, SeedStatus } from '../seed';
import { securityEdit } from '../security';
import type { StoredIssue } from '../store';
import { formatJiraInstant } from '../store';

const ADF_REQUIRED = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const DEFAULT_PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const DEFAULT_RESOLUTION = 'Done';

function visibleIssueOr404(ctx: RequestContext): StoredIssue {
  const issue = ctx.store.visibleIssue(ctx.user, param(ctx, 'issueIdOrKey'));
  if (issue === undefined) throw issueNotFound();
  return issue;
}

function listParam(ctx: RequestContext, name: string): string[] {
  return ctx.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

interface AvailableTransition {
  readonly transition: StoredTransition;
  readonly workflow: StoredWorkflow;
  readonly to: SeedStatus;
}

/**
 * The transitions of the issue's workflow (its project's workflow scheme for its issue type) that leave its
 * status: DIRECTED ones from it and GLOBAL ones to another status.
 */
function availableTransitions(ctx: RequestContext, issue: StoredIssue): AvailableTransition[] {
  const project = ctx.store.projectById(issue.projectId);
  const workflow =
    project === undefined ? undefined : ctx.store.config.workflowOf(project, issue.issueTypeId);
  if (workflow === undefined) return [];
  return workflow.transitions.flatMap((transition) => {
    const leaves =
      transition.type === 'DIRECTED'
        ? transition.fromStatusIds.includes(issue.statusId)
        : transition.type === 'GLOBAL' && transition.toStatusId !== issue.statusId;
    const to = ctx.store.status(transition.toStatusId);
    return leaves && to !== undefined ? [{ transition, workflow, to }] : [];
  });
}

function transitionsOf(ctx: RequestContext, issue: StoredIssue): Record<string, unknown>[] {
  return availableTransitions(ctx, issue).map(({ transition, to }) => ({
    id: transition.id,
    name: transition.name,
    to: renderStatus(ctx, to),
    hasScreen: false,
    isGlobal: transition.type === 'GLOBAL',
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    looped: false,
  }));
}

/** The `IssueBean` of an issue with the selected fields and expansions. */
export function renderIssueBean(ctx: RequestContext, issue: StoredIssue): Record<string, unknown> {
  const selection = parseFieldSelection(ctx.query.getAll('fields'), 'all');
  const expand = listParam(ctx, 'expand');
  const bean: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields: renderFields(ctx, issue, selection.fieldIds),
  };
  if (expand.includes('names')) bean.names = renderNames(selection.fieldIds);
  if (expand.includes('schema')) bean.schema = renderSchema(selection.fieldIds);
  if (expand.includes('changelog')) bean.changelog = renderChangelogExpansion(ctx, issue);
  if (expand.includes('transitions')) bean.transitions = transitionsOf(ctx, issue);
  const propertyTokens = listParam(ctx, 'properties');
  if (propertyTokens.length > 0) {
    const all = propertyTokens.includes('*all');
    const excluded = new Set(propertyTokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
    const properties: Record<string, unknown> = {};
    for (const [key, value] of issue.properties) {
      if ((all || propertyTokens.includes(key)) && !excluded.has(key)) properties[key] = value;
    }
    bean.properties = properties;
  }
  return bean;
}

function getIssue(ctx: RequestContext): Reply {
  return { status: 200, body: renderIssueBean(ctx, visibleIssueOr404(ctx)) };
}

// ---- field edits ----------------------------------------------------------------------------------------------

type Edit = (issue: StoredIssue) => JiraChangeItem | null;

function knownPriorities(ctx: RequestContext): Set<string> {
  return new Set([...DEFAULT_PRIORITIES, ...ctx.store.issues.map((i) => i.priority)]);
}

function cannotBeSet(field: string): string {
  return `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

/**
 * Validates one field value of a create or edit request and returns the edit that applies it (null: the value
 * is invalid and `errors` has the reason).
 */
function fieldEdit(
  ctx: RequestContext,
  field: string,
  value: unknown,
  errors: Record<string, string>,
): Edit | null {
  switch (field) {
    case 'summary': {
      if (typeof value !== 'string' || value.trim() === '') {
        errors.summary = 'You must specify a summary of the issue.';
        return null;
      }
      if (value.length > 255) {
        errors.summary = 'Summary must be less than 255 characters.';
        return null;
      }
      return (issue) => {
        if (issue.summary === value) return null;
        const from = issue.summary;
        issue.summary = value;
        return {
          field: 'summary',
          fieldtype: 'jira',
          fieldId: 'summary',
          from: null,
          fromString: from,
          to: null,
          toString: value,
        };
      };
    }
    case 'description': {
      if (value !== null && !isAdfDocument(value)) {
        errors.description = ADF_REQUIRED;
        return null;
      }
      const description: AdfNode | null = value;
      return (issue) => {
        const from = issue.description;
        issue.description = description;
        if (JSON.stringify(from) === JSON.stringify(description)) return null;
        return {
          field: 'description',
          fieldtype: 'jira',
          fieldId: 'description',
          from: null,
          fromString: from === null ? null : adfText(from),
          to: null,
          toString: description === null ? null : adfText(description),
        };
      };
    }
    case 'labels': {
      if (
        !Array.isArray(value) ||
        !value.every((l): l is string => typeof l === 'string' && /^\S+$/.test(l))
      ) {
        errors.labels = 'Labels must be an array of strings without spaces.';
        return null;
      }
      const labels = [...new Set(value)];
      return (issue) => {
        const from = issue.labels.join(' ');
        issue.labels = labels;
        const to = labels.join(' ');
        return from === to
          ? null
          : {
              field: 'labels',
              fieldtype: 'jira',
              fieldId: 'labels',
              from: null,
              fromString: from,
              to: null,
              toString: to,
            };
      };
    }
    case 'priority': {
      const priorities = knownPriorities(ctx);
      const name = !isRecord(value)
        ? undefined
        : typeof value.name === 'string'
          ? value.name
          : [...priorities].find((p) => priorityId(p) === value.id);
      if (name === undefined || !priorities.has(name)) {
        errors.priority = 'The priority selected is invalid.';
        return null;
      }
      return (issue) => {
        const from = issue.priority;
        if (from === name) return null;
        issue.priority = name;
        return {
          field: 'priority',
          fieldtype: 'jira',
          fieldId: 'priority',
          from: priorityId(from),
          fromString: from,
          to: priorityId(name),
          toString: name,
        };
      };
    }
    case 'assignee': {
      const accountId = value === null ? null : isRecord(value) ? value.accountId : undefined;
      if (
        accountId !== null &&
        (typeof accountId !== 'string' || ctx.store.userByAccountId(accountId) === undefined)
      ) {
        errors.assignee = `User '${typeof accountId === 'string' ? accountId : '(no accountId)'}' cannot be assigned issues.`;
        return null;
      }
      return (issue) => {
        const from = issue.assigneeAccountId;
        if (from === accountId) return null;
        issue.assigneeAccountId = accountId;
        const nameOf = (id: string | null): string | null =>
          id === null ? null : (ctx.store.userByAccountId(id)?.displayName ?? id);
        return {
          field: 'assignee',
          fieldtype: 'jira',
          fieldId: 'assignee',
          from,
          fromString: nameOf(from),
          to: accountId,
          toString: nameOf(accountId),
        };
      };
    }
    case FLAGGED_FIELD_ID: {
      const options = value === null ? [] : value;
      const valid =
        Array.isArray(options) &&
        options.every(
          (o: unknown) =>
            isRecord(o) && (o.value === IMPEDIMENT_OPTION.value || o.id === IMPEDIMENT_OPTION.id),
        );
      if (!valid) {
        errors[FLAGGED_FIELD_ID] = `Option value must be [{"value": "${IMPEDIMENT_OPTION.value}"}] or null.`;
        return null;
      }
      const flagged = options.length > 0;
      return (issue) => {
        if (issue.flagged === flagged) return null;
        issue.flagged = flagged;
        return {
          field: FLAGGED_FIELD_NAME,
          fieldtype: 'custom',
          fieldId: FLAGGED_FIELD_ID,
          from: flagged ? null : `[${IMPEDIMENT_OPTION.id}]`,
          fromString: flagged ? null : IMPEDIMENT_OPTION.value,
          to: flagged ? `[${IMPEDIMENT_OPTION.id}]` : null,
          toString: flagged ? IMPEDIMENT_OPTION.value : null,
        };
      };
    }
    case 'security':
      return securityEdit(ctx, value, errors);
    default:
      errors[field] = cannotBeSet(field);
      return null;
  }
}

/** `update: { field: [{ set | add | remove }] }` turned into plain field values (labels support add/remove). */
function updateValues(
  issue: StoredIssue,
  update: Record<string, unknown>,
  errors: Record<string, string>,
): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const [field, operations] of Object.entries(update)) {
    if (!Array.isArray(operations)) {
      errors[field] = `Field '${field}': the update value must be an array of operations.`;
      continue;
    }
    let current: unknown = field === 'labels' ? [...issue.labels] : undefined;
    for (const op of operations as unknown[]) {
      if (isRecord(op) && 'set' in op) current = op.set;
      else if (isRecord(op) && field === 'labels' && Array.isArray(current) && typeof op.add === 'string') {
        current = [...(current as string[]), op.add];
      } else if (
        isRecord(op) &&
        field === 'labels' &&
        Array.isArray(current) &&
        typeof op.remove === 'string'
      ) {
        const removed = op.remove;
        current = (current as string[]).filter((l) => l !== removed);
      } else {
        errors[field] =
          `Field '${field}': the local Jira emulator supports only 'set' (and 'add'/'remove' for labels).`;
      }
    }
    values.set(field, current);
  }
  return values;
}

function editIssue(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const body = objectBody(ctx);
  const fields = body.fields === undefined ? {} : body.fields;
  const update = body.update === undefined ? {} : body.update;
  if (!isRecord(fields) || !isRecord(update)) throw badRequest("'fields' and 'update' must be JSON objects.");
  const errors: Record<string, string> = {};
  const values = new Map<string, unknown>(Object.entries(fields));
  for (const [field, value] of updateValues(issue, update, errors)) {
    if (values.has(field)) errors[field] = `Field '${field}' cannot be set in both 'fields' and 'update'.`;
    else values.set(field, value);
  }
  const edits: Edit[] = [];
  for (const [field, value] of values) {
    const edit = fieldEdit(ctx, field, value, errors);
    if (edit !== null) edits.push(edit);
  }
  if (Object.keys(errors).length > 0) throw new JiraHttpError(400, [], errors);
  const items = edits.map((edit) => edit(issue)).filter((item): item is JiraChangeItem => item !== null);
  if (items.length > 0) {
    const history = ctx.store.recordChange(issue, ctx.user.accountId, items, ctx.now());
    ctx.emit(issueUpdatedEvent(ctx, issue, history));
  }
  if (ctx.query.get('returnIssue') === 'true') return { status: 200, body: renderIssueBean(ctx, issue) };
  return { status: 204 };
}

// ---- create -----------------------------------------------------------------------------------------------------

function createIssue(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  const fields = body.fields;
  if (!isRecord(fields)) throw badRequest('', { fields: "The request must contain 'fields'." });
  const errors: Record<string, string> = {};
  const projectRef = fields.project;
  const projectIdOrKey = isRecord(projectRef)
    ? typeof projectRef.key === 'string'
      ? projectRef.key
      : typeof projectRef.id === 'string'
        ? projectRef.id
        : undefined
    : undefined;
  const named = projectIdOrKey === undefined ? undefined : ctx.store.project(projectIdOrKey);
  // A project the caller may not browse is treated as unknown (Jira does not reveal that it exists).
  const project = named !== undefined && ctx.store.canBrowse(ctx.user, named) ? named : undefined;
  if (project === undefined) errors.project = 'Specify a valid project ID or key';
  const typeRef = fields.issuetype;
  // Only the types of the project's issue type scheme (team-managed: its own types) can be created in it.
  const issueType =
    project === undefined || !isRecord(typeRef)
      ? undefined
      : ctx.store
          .issueTypesOfProject(project)
          .find((t) => t.id === typeRef.id || (typeof typeRef.name === 'string' && t.name === typeRef.name));
  if (issueType === undefined) {
    errors.issuetype =
      project !== undefined && isRecord(typeRef)
        ? 'The issue type selected is invalid.'
        : 'Specify an issue type';
  }
  const workflow =
    project === undefined || issueType === undefined
      ? undefined
      : ctx.store.config.workflowOf(project, issueType.id);
  const firstStatusId = workflow === undefined ? undefined : JiraConfiguration.initialStatusId(workflow);
  const firstStatus = firstStatusId === undefined ? undefined : ctx.store.status(firstStatusId);
  const initial: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'project' || field === 'issuetype') continue;
    if (fieldEdit(ctx, field, value, errors) !== null) initial[field] = value;
  }
  if (fields.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
  if (Object.keys(errors).length > 0 || project === undefined || issueType === undefined) {
    throw new JiraHttpError(400, [], errors);
  }
  if (firstStatus === undefined)
    throw new JiraHttpError(422, [
      `The workflow of issue type ${issueType.name} in project ${project.key} has no initial status. Check the project's workflow scheme.`,
    ]);
  const issue = ctx.store.createIssue({
    project,
    issueTypeId: issueType.id,
    statusId: firstStatus.id,
    summary: typeof initial.summary === 'string' ? initial.summary : '',
    description: null,
    labels: [],
    priority: 'Medium',
    reporterAccountId: ctx.user.accountId,
    assigneeAccountId: null,
    nowMs: ctx.now(),
  });
  // Fields beyond the summary are applied by the same edits as PUT; creation writes no changelog, as in Jira.
  for (const [field, value] of Object.entries(initial)) fieldEdit(ctx, field, value, {})?.(issue);
  ctx.emit(issueCreatedEvent(ctx, issue));
  return {
    status: 201,
    body: { id: issue.id, key: issue.key, self: `${ctx.baseUrl}/rest/api/3/issue/${issue.id}` },
  };
}

// ---- transitions ------------------------------------------------------------------------------------------------

function getTransitions(ctx: RequestContext): Reply {
  const issue = visibleIssueOr404(ctx);
  const wanted = ctx.query.get('transitionId');
  const transitions = transitionsOf(ctx, issue).filter((t) => wanted === null || t.id === wanted);
  return { status: 200, body: { expand: 'transitions', transitions } };
}

function resolutionItems(
  from: SeedStatus,
  to: SeedStatus,
  issue: StoredIssue,
  requested: string | undefined,
  nowMs: number,
): JiraChangeItem[] {
  const wasDone = from.categoryKey === 'done';
  const isDone = to.categoryKey === 'done';
  if (!wasDone && isDone) {
    const name = requested ?? DEFAULT_RESOLUTION;
    issue.resolution = name;
    issue.resolvedMs = nowMs;
    issue.resolutiondate = formatJiraInstant(nowMs);
    return [resolutionChangeItem(null, { id: resolutionId(name), name })];
  }
  if (wasDone && !isDone) {
    const previous = issue.resolution;
    issue.resolution = null;
    issue.resolvedMs = null;
    issue.resolutiondate = null;
    if (previous === null) return [];
    return [resolutionChangeItem({ id: resolutionId(previous), name: previous }, null)];
  }
  return [];
}

function parseConfig(raw: string | undefined): unknown {
  if (raw === undefined) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * Runs the transition's Forge validators (`forge:*` rules; the handler registered for the rule's extension key)
 * and answers Jira's 400 with the validator's message when one refuses.
 */
async function runForgeValidators(
  ctx: RequestContext,
  issue: StoredIssue,
  available: AvailableTransition,
): Promise<void> {
  const { transition, workflow, to } = available;
  for (const rule of transition.validators) {
    if (!rule.ruleKey.startsWith('forge:')) continue;
    const extensionKey = rule.parameters.key ?? '';
    const definition = ctx.features.forgeRules.find((r) => r.id === extensionKey);
    if (definition !== undefined && !forgeRuleAvailableIn(definition, workflow.projectId !== undefined)) {
      // Jira does not run a module's rule in a kind of project its manifest does not list; like a rule of an
      // app that is not installed, it refuses the transition.
      throw badRequest(
        `The workflow validator ${extensionKey} of transition '${transition.name}' is not available in ${workflow.projectId === undefined ? 'company-managed' : 'team-managed'} projects (the module's projectTypes do not list them).`,
      );
    }
    const config = parseConfig(rule.parameters.config);
    const outcome = await ctx.features.runValidator(extensionKey, {
      issue: { id: issue.id, key: issue.key },
      transition: {
        id: transition.id,
        name: transition.name,
        from: { id: issue.statusId },
        to: { id: to.id },
      },
      workflow: { id: workflow.id, name: workflow.name },
      configuration: config,
      config,
      context: { accountId: ctx.user.accountId, cloudId: '' },
      extensionKey,
    });
    if (outcome === null) {
      throw badRequest(
        `The workflow validator ${extensionKey} of transition '${transition.name}' is not available: the app that provides it is not installed (no handler registered in the emulator).`,
      );
    }
    if (!outcome.result) {
      throw badRequest(
        outcome.errorMessage ?? `The transition '${transition.name}' was refused by a workflow validator.`,
      );
    }
  }
}

async function postTransition(ctx: RequestContext): Promise<Reply> {
  const issue = visibleIssueOr404(ctx);
  const body = objectBody(ctx);
  const transition = body.transition;
  const transitionId = isRecord(transition) && typeof transition.id === 'string' ? transition.id : undefined;
  if (transitionId === undefined) throw badRequest("Missing 'transition' identifier");
  const available = availableTransitions(ctx, issue).find((t) => t.transition.id === transitionId);
  const from = ctx.store.status(issue.statusId);
  if (available === undefined || from === undefined) {
    throw badRequest(`Transition id '${transitionId}' is not valid for this issue.`);
  }
  await runForgeValidators(ctx, issue, available);
  const to = available.to;
  if (issue.statusId !== from.id) {
    throw new JiraHttpError(409, [
      `${issue.key} changed status while the transition was validated. Try again.`,
    ]);
  }
  const fields = isRecord(body.fields) ? body.fields : {};
  const resolution =
    isRecord(fields.resolution) && typeof fields.resolution.name === 'string'
      ? fields.resolution.name
      : undefined;
  const nowMs = ctx.now();
  issue.statusId = to.id;
  const items: JiraChangeItem[] = [
    statusChangeItem(from, to),
    ...resolutionItems(from, to, issue, resolution, nowMs),
  ];
  const history = ctx.store.recordChange(issue, ctx.user.accountId, items, nowMs);
  ctx.emit(issueUpdatedEvent(ctx, issue, history));
  return { status: 204 };
}

export const issueRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}', handler: getIssue },
  { method: 'PUT', path: '/rest/api/3/issue/{issueIdOrKey}', handler: editIssue },
  { method: 'POST', path: '/rest/api/3/issue', handler: createIssue },
  { method: 'GET', path: '/rest/api/3/issue/{issueIdOrKey}/transitions', handler: getTransitions },
  { method: 'POST', path: '/rest/api/3/issue/{issueIdOrKey}/transitions', handler: postTransition },
];
