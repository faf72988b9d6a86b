/**
 * Workflow schemes and their asynchronous migrations:
 * - classic API: `GET /rest/api/3/workflowscheme/{id}`, `POST /rest/api/3/workflowscheme`,
 *   `GET/PUT /rest/api/3/workflowscheme/project` (assigning is refused once the project has issues: Jira then
 *   requires the switch, which migrates statuses);
 * - new API: `POST /rest/api/3/workflowscheme/read` (with `version`), `POST /rest/api/3/workflowscheme/update`
 *   (optimistic `version`; 200 without migration, 303 + task when issues' statuses must move),
 *   `POST /rest/api/3/workflowscheme/project/switch` (303 + task), `GET …/{workflowSchemeId}/projectUsages`;
 * - `GET /rest/api/3/task/{taskId}`: a task is ENQUEUED when submitted, RUNNING at the first poll and COMPLETE
 *   (its change applied) at the second; 303 answers carry the task's URL in `Location`, as Jira's async API.
 *
 * The Default Workflow Scheme (id 10000) cannot be edited (400), as in Jira.
 */
import { statusChangeItem } from '../change-items';
import type { RequestContext, Reply, Route } from '../context';
import { isRecord, objectBody, param, rejectUnknownMembers } from '../context';
import { DEFAULT_SCHEME_ID, JiraConfiguration } from '../config';
import type { StoredTask, StoredWorkflow, StoredWorkflowScheme } from '../config';
import { JiraHttpError, badRequest, forbidden, notFound } from '../errors';
import { intParam } from '../context';
import type { SeedProject } from '../seed';
import type { StoredIssue } from '../store';
import { formatJiraInstant } from '../store';
import {
  queryList,
  recordList,
  requireJiraAdmin,
  requiredString,
  optionalString,
  sameName,
} from './config-common';

const ASSOCIATIONS_ADMIN_ONLY = 'Only Jira administrators can access workflow scheme associations.';
const SCHEMES_ADMIN_ONLY = 'Only Jira administrators can access workflow schemes.';
const DEFAULT_SCHEME_READ_ONLY =
  "The default workflow scheme can't be edited. Create a workflow scheme of your own and assign it to the project (switch).";

// ---- rendering ----------------------------------------------------------------------------------------------

function renderClassicScheme(ctx: RequestContext, scheme: StoredWorkflowScheme): Record<string, unknown> {
  return {
    id: Number(scheme.id),
    name: scheme.name,
    description: scheme.description,
    defaultWorkflow: scheme.defaultWorkflow,
    issueTypeMappings: { ...scheme.issueTypeMappings },
    draft: false,
    lastModified: formatJiraInstant(scheme.lastModifiedMs),
    self: `${ctx.baseUrl}/rest/api/3/workflowscheme/${scheme.id}`,
  };
}

function workflowMetadata(workflow: StoredWorkflow | undefined, name: string): Record<string, unknown> {
  return {
    id: workflow?.id ?? '',
    name: workflow?.name ?? name,
    description: workflow?.description ?? '',
    version: { id: workflow?.versionId ?? '', versionNumber: workflow?.versionNumber ?? 0 },
  };
}

function renderSchemeRead(ctx: RequestContext, scheme: StoredWorkflowScheme): Record<string, unknown> {
  const config = ctx.store.config;
  const byWorkflow = new Map<string, string[]>();
  for (const [typeId, name] of Object.entries(scheme.issueTypeMappings)) {
    const list = byWorkflow.get(name) ?? [];
    list.push(typeId);
    byWorkflow.set(name, list);
  }
  const running = [...config.tasks.values()].find(
    (t) => t.schemeId === scheme.id && (t.status === 'ENQUEUED' || t.status === 'RUNNING'),
  );
  return {
    id: scheme.id,
    name: scheme.name,
    description: scheme.description,
    scope:
      scheme.projectId === undefined
        ? { type: 'GLOBAL' }
        : { type: 'PROJECT', project: { id: scheme.projectId } },
    version: { id: scheme.versionId, versionNumber: scheme.versionNumber },
    defaultWorkflow: workflowMetadata(config.workflowByName(scheme.defaultWorkflow), scheme.defaultWorkflow),
    workflowsForIssueTypes: [...byWorkflow].map(([name, issueTypeIds]) => ({
      issueTypeIds,
      workflow: workflowMetadata(config.workflowByName(name), name),
    })),
    ...(running === undefined ? {} : { taskId: running.id }),
  };
}

export function renderTask(ctx: RequestContext, task: StoredTask): Record<string, unknown> {
  const last = task.finishedMs ?? task.startedMs ?? task.submittedMs;
  return {
    self: `${ctx.baseUrl}/rest/api/3/task/${task.id}`,
    id: task.id,
    description: task.description,
    status: task.status,
    ...(task.message === undefined ? {} : { message: task.message }),
    ...(task.result === undefined ? {} : { result: task.result }),
    submittedBy: 10000,
    progress: task.status === 'ENQUEUED' ? 0 : task.status === 'RUNNING' ? 50 : 100,
    elapsedRuntime: task.startedMs === undefined ? 0 : (task.finishedMs ?? task.startedMs) - task.startedMs,
    submitted: task.submittedMs,
    ...(task.startedMs === undefined ? {} : { started: task.startedMs }),
    ...(task.finishedMs === undefined ? {} : { finished: task.finishedMs }),
    lastUpdate: last,
  };
}

function taskReply(ctx: RequestContext, task: StoredTask): Reply {
  const body = renderTask(ctx, task);
  return { status: 303, body, headers: { location: `${ctx.baseUrl}/rest/api/3/task/${task.id}` } };
}

// ---- status migration -------------------------------------------------------------------------------------------

/** Old status id → new status id, per issue type (from `mappingsByIssueTypeOverride` / `statusMappingsBy…`). */
type Mappings = Map<string, Map<string, string>>;

function parseOverrides(raw: unknown, name: string): Mappings {
  const mappings: Mappings = new Map();
  for (const entry of recordList(raw, name)) {
    if (typeof entry.issueTypeId !== 'string')
      throw badRequest(`Every entry of '${name}' needs an issueTypeId.`);
    const map = mappings.get(entry.issueTypeId) ?? new Map<string, string>();
    for (const m of recordList(entry.statusMappings, `${name}.statusMappings`)) {
      if (typeof m.oldStatusId !== 'string' || typeof m.newStatusId !== 'string') {
        throw badRequest(`Every status mapping of '${name}' needs oldStatusId and newStatusId.`);
      }
      map.set(m.oldStatusId, m.newStatusId);
    }
    mappings.set(entry.issueTypeId, map);
  }
  return mappings;
}

interface Move {
  readonly issue: StoredIssue;
  readonly toStatusId: string;
}

/**
 * The status moves that giving `project` the workflows of `target` needs: every issue whose status is not in its
 * new workflow must be mapped (by issue type, else by its old → new workflow); missing mappings are a 400 naming
 * each (issue type, status) pair.
 */
function planMoves(
  ctx: RequestContext,
  project: SeedProject,
  workflowFor: (issueTypeId: string) => StoredWorkflow | undefined,
  byType: Mappings,
  byWorkflow: readonly { oldWorkflowId: string; newWorkflowId: string; map: Map<string, string> }[],
): Move[] {
  const moves: Move[] = [];
  const missing = new Set<string>();
  for (const issue of ctx.store.issuesOfProject(project.id)) {
    const target = workflowFor(issue.issueTypeId);
    if (target === undefined) {
      throw badRequest(`The workflow scheme gives issue type ${issue.issueTypeId} no existing workflow.`);
    }
    if (target.statusIds.includes(issue.statusId)) continue;
    const old = ctx.store.config.workflowOf(project, issue.issueTypeId);
    const viaWorkflow = byWorkflow.find(
      (m) => m.newWorkflowId === target.id && (old === undefined || m.oldWorkflowId === old.id),
    );
    const to = byType.get(issue.issueTypeId)?.get(issue.statusId) ?? viaWorkflow?.map.get(issue.statusId);
    if (to === undefined || !target.statusIds.includes(to)) {
      const status = ctx.store.status(issue.statusId);
      missing.add(
        `issue type ${issue.issueTypeId}: status ${issue.statusId} (${status?.name ?? '?'}) → one of ${target.statusIds.join(', ')} of '${target.name}'`,
      );
      continue;
    }
    moves.push({ issue, toStatusId: to });
  }
  if (missing.size > 0) {
    throw badRequest(
      `Status mappings are missing for issues of project ${project.key} whose status does not exist in the new workflow: ${[...missing].join('; ')}. Give them in the mappings (oldStatusId → newStatusId per issue type).`,
    );
  }
  return moves;
}

function applyMoves(ctx: RequestContext, moves: readonly Move[], nowMs: number): void {
  for (const { issue, toStatusId } of moves) {
    const from = ctx.store.status(issue.statusId);
    const to = ctx.store.status(toStatusId);
    if (from === undefined || to === undefined) continue;
    issue.statusId = to.id;
    ctx.store.recordChange(issue, ctx.user.accountId, [statusChangeItem(from, to)], nowMs);
  }
}

// ---- classic API -----------------------------------------------------------------------------------------------

function schemeOr404(ctx: RequestContext, id: string): StoredWorkflowScheme {
  const scheme = ctx.store.config.workflowScheme(id);
  if (scheme === undefined) throw notFound('The workflow scheme was not found.');
  return scheme;
}

function getScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEMES_ADMIN_ONLY);
  return { status: 200, body: renderClassicScheme(ctx, schemeOr404(ctx, param(ctx, 'id'))) };
}

function createScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, SCHEMES_ADMIN_ONLY);
  const body = objectBody(ctx);
  rejectUnknownMembers(body, [
    'name',
    'description',
    'defaultWorkflow',
    'issueTypeMappings',
    'updateDraftIfNeeded',
  ]);
  const name = requiredString(body, 'name', 'workflow scheme name');
  const description = optionalString(body, 'description') ?? '';
  const defaultWorkflow = optionalString(body, 'defaultWorkflow') ?? 'jira';
  const config = ctx.store.config;
  if (config.workflowSchemes.some((s) => sameName(s.name, name))) {
    throw badRequest('', { name: `A workflow scheme with the name '${name.trim()}' already exists.` });
  }
  const rawMappings = body.issueTypeMappings ?? {};
  if (!isRecord(rawMappings))
    throw badRequest("'issueTypeMappings' must map issue type ids to workflow names.");
  const issueTypeMappings: Record<string, string> = {};
  for (const [typeId, workflowName] of Object.entries(rawMappings)) {
    if (typeof workflowName !== 'string')
      throw badRequest("'issueTypeMappings' must map issue type ids to workflow names.");
    if (ctx.store.issueType(typeId) === undefined)
      throw badRequest(`The issue type ${typeId} does not exist.`);
    issueTypeMappings[typeId] = workflowName;
  }
  for (const workflowName of [defaultWorkflow, ...Object.values(issueTypeMappings)]) {
    const workflow = config.workflowByName(workflowName);
    if (workflow === undefined) throw badRequest(`The workflow '${workflowName}' does not exist.`);
    if (workflow.projectId !== undefined) {
      throw badRequest(
        `The workflow '${workflowName}' belongs to a team-managed project and can't be used in a workflow scheme.`,
      );
    }
  }
  const scheme: StoredWorkflowScheme = {
    id: config.newSchemeId(),
    name: name.trim(),
    description,
    defaultWorkflow,
    issueTypeMappings,
    versionId: config.newUuid(),
    versionNumber: 1,
    lastModifiedMs: ctx.now(),
  };
  config.workflowSchemes.push(scheme);
  ctx.store.version++;
  return { status: 201, body: renderClassicScheme(ctx, scheme) };
}

function schemesOfProjects(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, ASSOCIATIONS_ADMIN_ONLY);
  const ids = queryList(ctx, 'projectId');
  if (ids.length === 0) throw badRequest('The projectId query parameter is required.');
  if (ids.length > 100) throw badRequest('At most 100 project ids can be given.');
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const project = ctx.store.projectById(id);
    if (project === undefined) continue;
    const scheme = ctx.store.config.workflowSchemeOf(project);
    if (scheme === undefined) continue;
    groups.set(scheme.id, [...(groups.get(scheme.id) ?? []), project.id]);
  }
  return {
    status: 200,
    body: {
      values: [...groups].map(([schemeId, projectIds]) => ({
        projectIds,
        workflowScheme: renderClassicScheme(ctx, schemeOr404(ctx, schemeId)),
      })),
    },
  };
}

function classicProjectOr4xx(ctx: RequestContext, projectId: string): SeedProject {
  const project = ctx.store.projectById(projectId);
  if (project === undefined) throw notFound(`The project with id '${projectId}' was not found.`);
  if (project.style === 'next-gen')
    throw badRequest('Only classic projects can have workflow schemes assigned.');
  return project;
}

function assignScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, ASSOCIATIONS_ADMIN_ONLY);
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['projectId', 'workflowSchemeId']);
  const projectId = requiredString(body, 'projectId');
  const schemeId = optionalString(body, 'workflowSchemeId') ?? DEFAULT_SCHEME_ID;
  const scheme = schemeOr404(ctx, schemeId);
  const project = classicProjectOr4xx(ctx, projectId);
  if (scheme.projectId !== undefined)
    throw badRequest('A team-managed workflow scheme cannot be assigned to another project.');
  const count = ctx.store.issuesOfProject(project.id).length;
  if (count > 0) {
    throw badRequest(
      `The workflow scheme can't be assigned: project ${project.key} has ${count} issues. Use the workflow scheme switch (POST /rest/api/3/workflowscheme/project/switch), which migrates their statuses.`,
    );
  }
  ctx.store.config.projectWorkflowScheme.set(project.id, scheme.id);
  ctx.store.version++;
  return { status: 204 };
}

// ---- new API ------------------------------------------------------------------------------------------------------

function readSchemes(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['projectIds', 'workflowSchemeIds']);
  const projectIds = body.projectIds === undefined ? [] : stringsOr400(body.projectIds, 'projectIds');
  const schemeIds =
    body.workflowSchemeIds === undefined ? [] : stringsOr400(body.workflowSchemeIds, 'workflowSchemeIds');
  const config = ctx.store.config;
  const found = new Set<StoredWorkflowScheme>();
  for (const id of schemeIds) {
    const scheme = config.workflowScheme(id);
    if (scheme !== undefined) found.add(scheme);
  }
  for (const id of projectIds) {
    const project = ctx.store.projectById(id);
    const scheme = project === undefined ? undefined : config.workflowSchemeOf(project);
    if (scheme !== undefined) found.add(scheme);
  }
  const readable = [...found].filter((s) => {
    if (ctx.user.jiraAdmin) return true;
    const projects =
      s.projectId === undefined
        ? config.projectsUsingWorkflowScheme(s.id)
        : ctx.store.projects.filter((p) => p.id === s.projectId);
    return projects.some((p) => ctx.store.canAdminister(ctx.user, p));
  });
  if (found.size > 0 && readable.length === 0) {
    throw forbidden(
      'You need the Administer Jira or Administer Projects permission to read these workflow schemes.',
    );
  }
  return { status: 200, body: readable.map((s) => renderSchemeRead(ctx, s)) };
}

function stringsOr400(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw badRequest(`'${name}' must be an array of strings.`);
  }
  return value;
}

function updateScheme(ctx: RequestContext): Reply {
  const body = objectBody(ctx);
  const id = requiredString(body, 'id', 'workflow scheme id');
  const config = ctx.store.config;
  const scheme = config.workflowScheme(id);
  if (scheme === undefined) throw badRequest(`The workflow scheme '${id}' was not found.`);
  const users =
    scheme.projectId === undefined
      ? config.projectsUsingWorkflowScheme(scheme.id)
      : ctx.store.projects.filter((p) => p.id === scheme.projectId);
  const allowed =
    ctx.user.jiraAdmin ||
    (scheme.projectId !== undefined && users.every((p) => ctx.store.canAdminister(ctx.user, p)));
  if (!allowed) throw forbidden('You need the Administer Jira permission to update this workflow scheme.');
  if (scheme.id === DEFAULT_SCHEME_ID) throw badRequest(DEFAULT_SCHEME_READ_ONLY);
  const version = body.version;
  if (!isRecord(version) || typeof version.versionNumber !== 'number') {
    throw badRequest('', {
      version: 'The current version { id, versionNumber } of the workflow scheme is required.',
    });
  }
  if (
    version.versionNumber !== scheme.versionNumber ||
    (typeof version.id === 'string' && version.id !== scheme.versionId)
  ) {
    // A stale version is an invalid request (400); the description documents 409 only for an ongoing task.
    throw badRequest(
      `The workflow scheme was changed by someone else (version ${version.versionNumber} given, current ${scheme.versionNumber}). Read it again and repeat the update.`,
    );
  }
  for (const project of users) {
    if (config.runningTaskOf(project.id) !== undefined) {
      throw new JiraHttpError(409, [
        `A workflow configuration task is still running for project ${project.key}. Wait until it has finished.`,
      ]);
    }
  }
  const name = requiredString(body, 'name', 'workflow scheme name');
  if (config.workflowSchemes.some((s) => s !== scheme && sameName(s.name, name))) {
    throw badRequest('', { name: `A workflow scheme with the name '${name.trim()}' already exists.` });
  }
  const description = typeof body.description === 'string' ? body.description : scheme.description;
  const workflowNamed = (workflowId: string): StoredWorkflow => {
    const workflow = config.workflowById(workflowId);
    if (workflow === undefined) throw badRequest(`The workflow '${workflowId}' does not exist.`);
    return workflow;
  };
  const defaultWorkflow =
    typeof body.defaultWorkflowId === 'string'
      ? workflowNamed(body.defaultWorkflowId).name
      : scheme.defaultWorkflow;
  let issueTypeMappings = { ...scheme.issueTypeMappings };
  if (body.workflowsForIssueTypes !== undefined) {
    issueTypeMappings = {};
    for (const entry of recordList(body.workflowsForIssueTypes, 'workflowsForIssueTypes')) {
      if (typeof entry.workflowId !== 'string')
        throw badRequest('Every entry of workflowsForIssueTypes needs a workflowId.');
      const workflow = workflowNamed(entry.workflowId);
      for (const typeId of stringsOr400(entry.issueTypeIds, 'issueTypeIds'))
        issueTypeMappings[typeId] = workflow.name;
    }
  }
  const byType = parseOverrides(body.statusMappingsByIssueTypeOverride, 'statusMappingsByIssueTypeOverride');
  const byWorkflow = recordList(body.statusMappingsByWorkflows, 'statusMappingsByWorkflows').map((m) => {
    if (typeof m.oldWorkflowId !== 'string' || typeof m.newWorkflowId !== 'string') {
      throw badRequest('Every entry of statusMappingsByWorkflows needs oldWorkflowId and newWorkflowId.');
    }
    const map = new Map<string, string>();
    for (const s of recordList(m.statusMappings, 'statusMappings')) {
      if (typeof s.oldStatusId === 'string' && typeof s.newStatusId === 'string')
        map.set(s.oldStatusId, s.newStatusId);
    }
    return { oldWorkflowId: m.oldWorkflowId, newWorkflowId: m.newWorkflowId, map };
  });
  const next: StoredWorkflowScheme = { ...scheme, defaultWorkflow, issueTypeMappings };
  const moves = users.flatMap((project) =>
    planMoves(
      ctx,
      project,
      (typeId) => config.workflowByName(JiraConfiguration.workflowNameFor(next, typeId)),
      byType,
      byWorkflow,
    ),
  );
  const apply = (nowMs: number): void => {
    scheme.name = name.trim();
    scheme.description = description;
    scheme.defaultWorkflow = defaultWorkflow;
    scheme.issueTypeMappings = issueTypeMappings;
    scheme.lastModifiedMs = nowMs;
    applyMoves(ctx, moves, nowMs);
    ctx.store.version++;
  };
  scheme.versionNumber++;
  if (moves.length === 0) {
    apply(ctx.now());
    return { status: 200 };
  }
  const task = config.addTask({
    description: `Workflow scheme '${scheme.name}': migrating ${moves.length} issues`,
    submittedMs: ctx.now(),
    schemeId: scheme.id,
    ...(users[0] === undefined ? {} : { projectId: users[0].id }),
    run: (nowMs) => {
      apply(nowMs);
      return { migratedIssues: moves.length };
    },
  });
  return taskReply(ctx, task);
}

function switchScheme(ctx: RequestContext): Reply {
  requireJiraAdmin(ctx, 'Only Jira administrators can switch the workflow scheme of a project.');
  const body = objectBody(ctx);
  const projectId = requiredString(body, 'projectId');
  const targetId = requiredString(body, 'targetSchemeId');
  const project = classicProjectOr4xx(ctx, projectId);
  const config = ctx.store.config;
  const target = config.workflowScheme(targetId);
  if (target === undefined) throw badRequest(`The workflow scheme '${targetId}' was not found.`);
  if (target.projectId !== undefined)
    throw badRequest('A team-managed workflow scheme cannot be assigned to another project.');
  if (config.runningTaskOf(project.id) !== undefined) {
    throw new JiraHttpError(409, [
      `A workflow scheme switch is already running for project ${project.key}. Wait until it has finished.`,
    ]);
  }
  const byType = parseOverrides(body.mappingsByIssueTypeOverride, 'mappingsByIssueTypeOverride');
  const moves = planMoves(
    ctx,
    project,
    (typeId) => config.workflowByName(JiraConfiguration.workflowNameFor(target, typeId)),
    byType,
    [],
  );
  const task = config.addTask({
    description: `Switching project ${project.key} to the workflow scheme '${target.name}'`,
    submittedMs: ctx.now(),
    projectId: project.id,
    schemeId: target.id,
    run: (nowMs) => {
      config.projectWorkflowScheme.set(project.id, target.id);
      applyMoves(ctx, moves, nowMs);
      ctx.store.version++;
      return { projectId: project.id, workflowSchemeId: target.id, migratedIssues: moves.length };
    },
  });
  return taskReply(ctx, task);
}

/** Most projects one `projectUsages` page may ask for. */
const PROJECT_USAGES_MAX_RESULTS = 200;

function projectUsages(ctx: RequestContext): Reply {
  const scheme = ctx.store.config.workflowScheme(param(ctx, 'workflowSchemeId'));
  if (scheme === undefined) throw notFound('The workflow scheme was not found.');
  requireJiraAdmin(ctx, SCHEMES_ADMIN_ONLY);
  // Documented as "an integer between 1 and 200": more is refused, not capped like other pages.
  const maxResults = intParam(ctx.query.get('maxResults') ?? undefined, 'maxResults', {
    defaultValue: 50,
    min: 1,
  });
  if (maxResults > PROJECT_USAGES_MAX_RESULTS) {
    throw badRequest(
      `The 'maxResults' parameter must be an integer between 1 and ${PROJECT_USAGES_MAX_RESULTS}.`,
    );
  }
  const token = ctx.query.get('nextPageToken');
  const offset = token === null ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest('The nextPageToken is not valid.');
  const projects = ctx.store.config.projectsUsingWorkflowScheme(scheme.id);
  const page = projects.slice(offset, offset + maxResults);
  const end = offset + page.length;
  return {
    status: 200,
    body: {
      workflowSchemeId: scheme.id,
      projects: {
        values: page.map((p) => ({ id: p.id })),
        ...(end < projects.length ? { nextPageToken: String(end) } : {}),
      },
    },
  };
}

function getTask(ctx: RequestContext): Reply {
  const task = ctx.store.config.tasks.get(param(ctx, 'taskId'));
  if (task === undefined) throw notFound(`The task '${param(ctx, 'taskId')}' was not found.`);
  // Jira: Administer Jira, or the creator of the task.
  if (!ctx.user.jiraAdmin && task.submittedByAccountId !== ctx.user.accountId) {
    throw forbidden('Only Jira administrators and the creator of the task can see this task.');
  }
  const nowMs = ctx.now();
  task.polls++;
  if (task.status === 'ENQUEUED') {
    task.status = 'RUNNING';
    task.startedMs = nowMs;
  } else if (task.status === 'RUNNING') {
    try {
      task.result = task.run(nowMs);
      task.status = 'COMPLETE';
    } catch (error) {
      task.status = 'FAILED';
      task.message = error instanceof Error ? error.message : String(error);
    }
    task.finishedMs = nowMs;
  }
  return { status: 200, body: renderTask(ctx, task) };
}

export const workflowSchemeRoutes: readonly Route[] = [
  { method: 'GET', path: '/rest/api/3/workflowscheme/project', handler: schemesOfProjects },
  { method: 'PUT', path: '/rest/api/3/workflowscheme/project', handler: assignScheme },
  { method: 'POST', path: '/rest/api/3/workflowscheme/project/switch', handler: switchScheme },
  { method: 'POST', path: '/rest/api/3/workflowscheme/read', handler: readSchemes },
  { method: 'POST', path: '/rest/api/3/workflowscheme/update', handler: updateScheme },
  { method: 'POST', path: '/rest/api/3/workflowscheme', handler: createScheme },
  { method: 'GET', path: '/rest/api/3/workflowscheme/{id}', handler: getScheme },
  {
    method: 'GET',
    path: '/rest/api/3/workflowscheme/{workflowSchemeId}/projectUsages',
    handler: projectUsages,
  },
  { method: 'GET', path: '/rest/api/3/task/{taskId}', handler: getTask },
];
