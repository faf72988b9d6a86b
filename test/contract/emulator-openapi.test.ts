/**
 * Contract test: every endpoint and method the local Jira emulator serves exists in Jira's published OpenAPI
 * description, and every response it gives (successes and the errors the app handles) validates against the
 * response schema documented for that operation and status.
 *
 * The description is `../shared/jira-openapi/jira-platform-openapi-2025-12.json` relative to the repository root;
 * it may not be copied into the repository, so without it this suite reports the skip and passes.
 *
 * Conversion of OpenAPI 3.0 schemas to JSON Schema: `nullable: true` becomes a union with `null`, `x-*`
 * extension keywords are dropped, local `$ref`s point into the registered description. Statuses the description
 * documents without a body schema are checked as Jira's `ErrorCollection` (errors) or as empty (successes).
 *
 * One documented deviation: bulkfetch's `Changelog.created` is typed as a date-time string in the schema, while
 * the same operation's example (and Jira Cloud) answers epoch milliseconds; the emulator follows the example, so
 * for that operation `created` is validated as an integer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { adfParagraph } from '../../dev/emulator/adf';
import { EMULATOR_ROUTE_KEYS } from '../../dev/emulator/routes';
import type { SeedUser } from '../../dev/emulator/seed';
import { ADMIN, AGENT, CSI_ID, HD_ID, NEU_ID, SEC_ID, TYPE, buildSeed } from '../emulator/seed-builder';
import { clientFor, obj } from '../emulator/http-client';
import { closeTransition, workflowCreateRequest } from '../emulator/workflow-fixtures';

const REPO_ROOT = path.resolve(__dirname, '../..');
const OPENAPI_FILE = path.join(
  REPO_ROOT,
  '..',
  'shared',
  'jira-openapi',
  'jira-platform-openapi-2025-12.json',
);
const SCHEMA_ID = 'jira-openapi';

type Json = Record<string, unknown>;

interface Case {
  readonly name: string;
  /** Route key as the OpenAPI description names the operation. */
  readonly routeKey: string;
  /** Concrete path and query. */
  readonly url: string;
  readonly body?: unknown;
  /** Default: the administrator; null: no credentials. */
  readonly user?: SeedUser | null;
  readonly status: number;
}

/** Statuses the emulator answers that the description does not list for the operation, with the reason. */
const UNDOCUMENTED_STATUSES: Readonly<Record<string, string>> = {
  'GET /rest/api/3/statuses/search 403':
    'the description lists 401 for "caller doesn\'t have permissions"; the emulator answers 403 to a non-admin, ' +
    'as for other admin operations, and with ErrorCollection',
};

/**
 * Successes the description documents with the empty schema `{}` but whose body its text defines: PUT issue
 * with `returnIssue=true` answers "the issue … in the same format as in the Get issue API".
 */
const BODY_SCHEMA_FROM_DESCRIPTION: Readonly<Record<string, string>> = {
  'PUT /rest/api/3/issue/{issueIdOrKey} 200': '#/components/schemas/IssueBean',
};

/** A workflow "CSI-Flow": a new status and an existing one, INITIAL/DIRECTED transitions, a Forge validator. */
const CREATE_WORKFLOW = workflowCreateRequest({
  transitions: [closeTransition('ari:cloud:ecosystem::extension/a/e/static/v')],
});

const CASES: readonly Case[] = [
  {
    name: 'search ids only',
    routeKey: 'POST /rest/api/3/search/jql',
    url: '/rest/api/3/search/jql',
    body: { jql: 'project = HD', maxResults: 2 },
    status: 200,
  },
  {
    name: 'search with all fields and expansions',
    routeKey: 'POST /rest/api/3/search/jql',
    url: '/rest/api/3/search/jql',
    body: {
      jql: 'project in (HD, CSI) ORDER BY created DESC',
      fields: ['*all'],
      expand: 'names,schema,changelog',
      maxResults: 5,
    },
    status: 200,
  },
  {
    name: 'search via GET',
    routeKey: 'GET /rest/api/3/search/jql',
    url: `/rest/api/3/search/jql?jql=${encodeURIComponent('project = HD')}&fields=summary,status,customfield_10021`,
    status: 200,
  },
  {
    name: 'search unbounded',
    routeKey: 'POST /rest/api/3/search/jql',
    url: '/rest/api/3/search/jql',
    body: { jql: 'order by key' },
    status: 400,
  },
  {
    name: 'search without credentials',
    routeKey: 'POST /rest/api/3/search/jql',
    url: '/rest/api/3/search/jql',
    body: { jql: 'project = HD' },
    user: null,
    status: 401,
  },
  {
    name: 'bulkfetch',
    routeKey: 'POST /rest/api/3/changelog/bulkfetch',
    url: '/rest/api/3/changelog/bulkfetch',
    body: {
      issueIdsOrKeys: ['HD-1', 'HD-2', 'HD-3'],
      fieldIds: ['status', 'customfield_10021'],
      maxResults: 2,
    },
    status: 200,
  },
  { name: 'fields', routeKey: 'GET /rest/api/3/field', url: '/rest/api/3/field', status: 200 },
  {
    name: 'bulkfetch over 1000 issues',
    routeKey: 'POST /rest/api/3/changelog/bulkfetch',
    url: '/rest/api/3/changelog/bulkfetch',
    body: { issueIdsOrKeys: Array.from({ length: 1001 }, (_, i) => `HD-${i + 1}`) },
    status: 400,
  },
  {
    name: 'issue get with expansions and properties',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-1?expand=changelog,names,schema,transitions&properties=*all',
    status: 200,
  },
  {
    name: 'team-managed issue get',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/CSI-1',
    status: 200,
  },
  {
    name: 'issue get of a hidden issue',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/SEC-1',
    user: AGENT,
    status: 404,
  },
  {
    name: 'issue edit',
    routeKey: 'PUT /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-2',
    body: { fields: { summary: 'Neu formuliert' } },
    status: 204,
  },
  {
    name: 'issue edit returning the issue',
    routeKey: 'PUT /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-2?returnIssue=true',
    body: { fields: { labels: ['neu'] } },
    status: 200,
  },
  {
    name: 'issue edit of an unknown field',
    routeKey: 'PUT /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-2',
    body: { fields: { duedate: 'x' } },
    status: 400,
  },
  {
    name: 'issue create',
    routeKey: 'POST /rest/api/3/issue',
    url: '/rest/api/3/issue',
    body: {
      fields: {
        project: { key: 'HD' },
        issuetype: { id: '10100' },
        summary: 'Neues Ticket',
        description: adfParagraph('Text'),
      },
    },
    status: 201,
  },
  {
    name: 'issue create with a plain-text description',
    routeKey: 'POST /rest/api/3/issue',
    url: '/rest/api/3/issue',
    body: {
      fields: { project: { key: 'HD' }, issuetype: { id: '10100' }, summary: 'x', description: 'Text' },
    },
    status: 400,
  },
  {
    name: 'issue changelog',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/changelog',
    url: '/rest/api/3/issue/HD-1/changelog?maxResults=1',
    status: 200,
  },
  {
    name: 'transitions',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/transitions',
    url: '/rest/api/3/issue/HD-1/transitions',
    status: 200,
  },
  {
    name: 'transition',
    routeKey: 'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
    url: '/rest/api/3/issue/HD-1/transitions',
    body: { transition: { id: '3' } },
    status: 204,
  },
  {
    name: 'invalid transition',
    routeKey: 'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
    url: '/rest/api/3/issue/HD-1/transitions',
    body: { transition: { id: '999' } },
    status: 400,
  },
  {
    name: 'comments',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/comment',
    url: '/rest/api/3/issue/HD-1/comment',
    status: 200,
  },
  {
    name: 'add comment',
    routeKey: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
    url: '/rest/api/3/issue/HD-1/comment',
    body: { body: adfParagraph('Erledigt.') },
    status: 201,
  },
  {
    name: 'add plain-text comment',
    routeKey: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
    url: '/rest/api/3/issue/HD-1/comment',
    body: { body: 'Erledigt.' },
    status: 400,
  },
  {
    name: 'property keys',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/properties',
    url: '/rest/api/3/issue/HD-1/properties',
    status: 200,
  },
  {
    name: 'create property',
    routeKey: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    url: '/rest/api/3/issue/HD-1/properties/contract',
    body: { a: 1 },
    status: 201,
  },
  {
    name: 'replace property',
    routeKey: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    url: '/rest/api/3/issue/HD-1/properties/contract',
    body: { a: 2 },
    status: 200,
  },
  {
    name: 'get property',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    url: '/rest/api/3/issue/HD-1/properties/contract',
    status: 200,
  },
  {
    name: 'delete property',
    routeKey: 'DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    url: '/rest/api/3/issue/HD-1/properties/contract',
    status: 204,
  },
  {
    name: 'get missing property',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    url: '/rest/api/3/issue/HD-1/properties/contract',
    status: 404,
  },
  {
    name: 'create link',
    routeKey: 'POST /rest/api/3/issueLink',
    url: '/rest/api/3/issueLink',
    body: { type: { name: 'Blocks' }, inwardIssue: { key: 'HD-1' }, outwardIssue: { key: 'HD-2' } },
    status: 201,
  },
  {
    name: 'create link of an unknown type',
    routeKey: 'POST /rest/api/3/issueLink',
    url: '/rest/api/3/issueLink',
    body: { type: { name: 'Nope' }, inwardIssue: { key: 'HD-1' }, outwardIssue: { key: 'HD-2' } },
    status: 404,
  },
  {
    name: 'issue with links',
    routeKey: 'GET /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-2?fields=issuelinks',
    status: 200,
  },
  {
    name: 'link types',
    routeKey: 'GET /rest/api/3/issueLinkType',
    url: '/rest/api/3/issueLinkType',
    status: 200,
  },
  {
    name: 'project statuses',
    routeKey: 'GET /rest/api/3/project/{projectIdOrKey}/statuses',
    url: '/rest/api/3/project/HD/statuses',
    status: 200,
  },
  {
    name: 'status search',
    routeKey: 'GET /rest/api/3/statuses/search',
    url: `/rest/api/3/statuses/search?projectId=${CSI_ID}&maxResults=2`,
    status: 200,
  },
  {
    name: 'status search without admin rights',
    routeKey: 'GET /rest/api/3/statuses/search',
    url: `/rest/api/3/statuses/search?projectId=${HD_ID}`,
    user: AGENT,
    status: 403,
  },
  {
    name: 'project issue types',
    routeKey: 'GET /rest/api/3/issuetype/project',
    url: `/rest/api/3/issuetype/project?projectId=${CSI_ID}`,
    status: 200,
  },
  { name: 'issue types', routeKey: 'GET /rest/api/3/issuetype', url: '/rest/api/3/issuetype', status: 200 },
  {
    name: 'project search',
    routeKey: 'GET /rest/api/3/project/search',
    url: '/rest/api/3/project/search?maxResults=2',
    status: 200,
  },
  {
    name: 'project',
    routeKey: 'GET /rest/api/3/project/{projectIdOrKey}',
    url: '/rest/api/3/project/CSI',
    status: 200,
  },
  {
    name: 'the System Dashboard (an administrator may edit it)',
    routeKey: 'GET /rest/api/3/dashboard/{id}',
    url: '/rest/api/3/dashboard/10000',
    status: 200,
  },
  {
    name: 'the System Dashboard as an agent (read only)',
    routeKey: 'GET /rest/api/3/dashboard/{id}',
    url: '/rest/api/3/dashboard/10000',
    user: AGENT,
    status: 200,
  },
  {
    name: 'a dashboard not shared with the caller',
    routeKey: 'GET /rest/api/3/dashboard/{id}',
    url: '/rest/api/3/dashboard/10999',
    status: 404,
  },
  {
    name: 'missing project',
    routeKey: 'GET /rest/api/3/project/{projectIdOrKey}',
    url: '/rest/api/3/project/NOPE',
    status: 404,
  },
  { name: 'myself', routeKey: 'GET /rest/api/3/myself', url: '/rest/api/3/myself', status: 200 },
  {
    name: 'my permissions',
    routeKey: 'GET /rest/api/3/mypermissions',
    url: '/rest/api/3/mypermissions?permissions=ADMINISTER,ADMINISTER_PROJECTS&projectKey=HD',
    status: 200,
  },
  {
    name: 'my permissions without keys',
    routeKey: 'GET /rest/api/3/mypermissions',
    url: '/rest/api/3/mypermissions',
    status: 400,
  },
  {
    name: 'bulk users',
    routeKey: 'GET /rest/api/3/user/bulk',
    url: `/rest/api/3/user/bulk?accountId=${ADMIN.accountId}`,
    status: 200,
  },
  // ---- configuration (order matters: later cases use what earlier ones create). Scheme ids of the seed:
  // issue type schemes 10000 (default), 10001 HD, 10002 SEC, 10003 NEU; workflow schemes 10000 (default),
  // 10004 HD, 10005 CSI, 10006 SEC, 10007 NEU; the first created scheme below gets 10008, the next 10009.
  {
    name: 'create issue type',
    routeKey: 'POST /rest/api/3/issuetype',
    url: '/rest/api/3/issuetype',
    body: { name: 'Verbesserung (CSI)', description: 'CSI', type: 'standard' },
    status: 201,
  },
  {
    name: 'create issue type with a taken name',
    routeKey: 'POST /rest/api/3/issuetype',
    url: '/rest/api/3/issuetype',
    body: { name: 'Verbesserung (CSI)' },
    status: 409,
  },
  {
    name: 'create issue type without admin rights',
    routeKey: 'POST /rest/api/3/issuetype',
    url: '/rest/api/3/issuetype',
    body: { name: 'Andere' },
    user: AGENT,
    status: 403,
  },
  {
    // Without expand: the description's IssueTypeScheme has no `projects` member although its example shows it.
    name: 'issue type schemes',
    routeKey: 'GET /rest/api/3/issuetypescheme',
    url: '/rest/api/3/issuetypescheme?maxResults=2',
    status: 200,
  },
  {
    name: 'issue type schemes without admin rights',
    routeKey: 'GET /rest/api/3/issuetypescheme',
    url: '/rest/api/3/issuetypescheme',
    user: AGENT,
    status: 403,
  },
  {
    name: 'create issue type scheme',
    routeKey: 'POST /rest/api/3/issuetypescheme',
    url: '/rest/api/3/issuetypescheme',
    body: { name: 'CSI-Vorgangstypen', issueTypeIds: ['10100'] },
    status: 201,
  },
  {
    name: 'create issue type scheme with a taken name',
    routeKey: 'POST /rest/api/3/issuetypescheme',
    url: '/rest/api/3/issuetypescheme',
    body: { name: 'CSI-Vorgangstypen', issueTypeIds: ['10100'] },
    status: 409,
  },
  {
    name: 'add issue types to a scheme',
    routeKey: 'PUT /rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype',
    url: '/rest/api/3/issuetypescheme/10008/issuetype',
    body: { issueTypeIds: ['10101'] },
    status: 204,
  },
  {
    name: 'add issue types to the default scheme',
    routeKey: 'PUT /rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype',
    url: '/rest/api/3/issuetypescheme/10000/issuetype',
    body: { issueTypeIds: ['10101'] },
    status: 400,
  },
  {
    name: 'issue type scheme mapping',
    routeKey: 'GET /rest/api/3/issuetypescheme/mapping',
    url: '/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=10008',
    status: 200,
  },
  {
    name: 'issue type schemes of projects',
    routeKey: 'GET /rest/api/3/issuetypescheme/project',
    url: `/rest/api/3/issuetypescheme/project?projectId=${HD_ID}&projectId=${NEU_ID}`,
    status: 200,
  },
  {
    name: 'assign issue type scheme',
    routeKey: 'PUT /rest/api/3/issuetypescheme/project',
    url: '/rest/api/3/issuetypescheme/project',
    body: { issueTypeSchemeId: '10008', projectId: HD_ID },
    status: 204,
  },
  {
    name: 'assign issue type scheme missing types of issues',
    routeKey: 'PUT /rest/api/3/issuetypescheme/project',
    url: '/rest/api/3/issuetypescheme/project',
    body: { issueTypeSchemeId: '10002', projectId: HD_ID },
    status: 400,
  },
  {
    name: 'create statuses',
    routeKey: 'POST /rest/api/3/statuses',
    url: '/rest/api/3/statuses',
    body: { scope: { type: 'GLOBAL' }, statuses: [{ name: 'Bewertet', statusCategory: 'TODO' }] },
    status: 200,
  },
  {
    name: 'create a status with a taken name',
    routeKey: 'POST /rest/api/3/statuses',
    url: '/rest/api/3/statuses',
    body: { scope: { type: 'GLOBAL' }, statuses: [{ name: 'Bewertet', statusCategory: 'TODO' }] },
    status: 400,
  },
  {
    name: 'statuses by id',
    routeKey: 'GET /rest/api/3/statuses',
    url: '/rest/api/3/statuses?id=1&id=3',
    status: 200,
  },
  {
    name: 'validate a workflow',
    routeKey: 'POST /rest/api/3/workflows/create/validation',
    url: '/rest/api/3/workflows/create/validation',
    body: { payload: CREATE_WORKFLOW },
    status: 200,
  },
  {
    name: 'create a workflow',
    routeKey: 'POST /rest/api/3/workflows/create',
    url: '/rest/api/3/workflows/create',
    body: CREATE_WORKFLOW,
    status: 200,
  },
  {
    name: 'create a workflow with a taken name',
    routeKey: 'POST /rest/api/3/workflows/create',
    url: '/rest/api/3/workflows/create',
    body: CREATE_WORKFLOW,
    status: 400,
  },
  {
    name: 'read workflows',
    routeKey: 'POST /rest/api/3/workflows',
    url: '/rest/api/3/workflows',
    body: { workflowNames: ['CSI-Flow'], projectAndIssueTypes: [{ projectId: HD_ID, issueTypeId: '10100' }] },
    status: 200,
  },
  {
    name: 'search workflows',
    routeKey: 'GET /rest/api/3/workflows/search',
    url: '/rest/api/3/workflows/search?maxResults=2&expand=values.transitions',
    status: 200,
  },
  {
    name: 'workflow capabilities',
    routeKey: 'GET /rest/api/3/workflows/capabilities',
    url: `/rest/api/3/workflows/capabilities?projectId=${HD_ID}&issueTypeId=${TYPE.incident.id}`,
    status: 200,
  },
  {
    name: 'workflow capabilities without the workflow (no issue type)',
    routeKey: 'GET /rest/api/3/workflows/capabilities',
    url: `/rest/api/3/workflows/capabilities?projectId=${HD_ID}`,
    status: 400,
  },
  {
    name: 'create workflow scheme',
    routeKey: 'POST /rest/api/3/workflowscheme',
    url: '/rest/api/3/workflowscheme',
    body: { name: 'HD-Schema 2', description: 'HD', defaultWorkflow: 'HD: Workflow', issueTypeMappings: {} },
    status: 201,
  },
  {
    name: 'workflow scheme',
    routeKey: 'GET /rest/api/3/workflowscheme/{id}',
    url: '/rest/api/3/workflowscheme/10009',
    status: 200,
  },
  {
    name: 'missing workflow scheme',
    routeKey: 'GET /rest/api/3/workflowscheme/{id}',
    url: '/rest/api/3/workflowscheme/99999',
    status: 404,
  },
  {
    name: 'workflow schemes of projects',
    routeKey: 'GET /rest/api/3/workflowscheme/project',
    url: `/rest/api/3/workflowscheme/project?projectId=${HD_ID}&projectId=${NEU_ID}`,
    status: 200,
  },
  {
    name: 'assign workflow scheme to an empty project',
    routeKey: 'PUT /rest/api/3/workflowscheme/project',
    url: '/rest/api/3/workflowscheme/project',
    body: { projectId: NEU_ID, workflowSchemeId: '10009' },
    status: 204,
  },
  {
    name: 'assign workflow scheme to a project with issues',
    routeKey: 'PUT /rest/api/3/workflowscheme/project',
    url: '/rest/api/3/workflowscheme/project',
    body: { projectId: HD_ID, workflowSchemeId: '10009' },
    status: 400,
  },
  {
    name: 'read workflow schemes',
    routeKey: 'POST /rest/api/3/workflowscheme/read',
    url: '/rest/api/3/workflowscheme/read',
    body: { workflowSchemeIds: ['10000', '10009'], projectIds: [CSI_ID] },
    status: 200,
  },
  {
    name: 'update workflow scheme',
    routeKey: 'POST /rest/api/3/workflowscheme/update',
    url: '/rest/api/3/workflowscheme/update',
    body: { id: '10009', name: 'HD-Schema 3', description: '', version: { versionNumber: 1 } },
    status: 200,
  },
  {
    name: 'update workflow scheme with a stale version',
    routeKey: 'POST /rest/api/3/workflowscheme/update',
    url: '/rest/api/3/workflowscheme/update',
    body: { id: '10009', name: 'HD-Schema 4', description: '', version: { versionNumber: 1 } },
    status: 400,
  },
  {
    name: 'switch workflow scheme',
    routeKey: 'POST /rest/api/3/workflowscheme/project/switch',
    url: '/rest/api/3/workflowscheme/project/switch',
    body: { projectId: HD_ID, targetSchemeId: '10009' },
    status: 303,
  },
  {
    name: 'switch to an unknown workflow scheme',
    routeKey: 'POST /rest/api/3/workflowscheme/project/switch',
    url: '/rest/api/3/workflowscheme/project/switch',
    body: { projectId: SEC_ID, targetSchemeId: '99999' },
    status: 400,
  },
  {
    name: 'task',
    routeKey: 'GET /rest/api/3/task/{taskId}',
    url: '/rest/api/3/task/10000',
    status: 200,
  },
  {
    name: 'workflow scheme project usages',
    routeKey: 'GET /rest/api/3/workflowscheme/{workflowSchemeId}/projectUsages',
    url: '/rest/api/3/workflowscheme/10009/projectUsages?maxResults=1',
    status: 200,
  },
  // Last: deleting the seed's link changes what later link reads would show.
  {
    name: 'delete a link that does not exist',
    routeKey: 'DELETE /rest/api/3/issueLink/{linkId}',
    url: '/rest/api/3/issueLink/49999',
    status: 404,
  },
  {
    name: 'delete link',
    routeKey: 'DELETE /rest/api/3/issueLink/{linkId}',
    url: '/rest/api/3/issueLink/40001',
    status: 204,
  },
  {
    name: 'bulk set issue properties (asynchronous: 303 with the task in Location, no body)',
    routeKey: 'POST /rest/api/3/issue/properties/multi',
    url: '/rest/api/3/issue/properties/multi',
    body: { issues: [{ issueID: 100001, properties: { contract: { a: 3 } } }] },
    status: 303,
  },
  {
    name: 'bulk set issue properties of more than 100 issues',
    routeKey: 'POST /rest/api/3/issue/properties/multi',
    url: '/rest/api/3/issue/properties/multi',
    body: {
      issues: Array.from({ length: 101 }, (_, i) => ({ issueID: 100001 + i, properties: { contract: i } })),
    },
    status: 400,
  },
  {
    name: 'delete an issue that does not exist',
    routeKey: 'DELETE /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-999',
    status: 404,
  },
  {
    name: 'delete an issue',
    routeKey: 'DELETE /rest/api/3/issue/{issueIdOrKey}',
    url: '/rest/api/3/issue/HD-5',
    status: 204,
  },
];

// ---- OpenAPI 3.0 → JSON Schema -------------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const VALUE_KEYWORDS = new Set(['enum', 'const', 'default', 'example', 'examples']);
const SCHEMA_MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/** Converts one OpenAPI 3.0 schema (recursively) into JSON Schema for ajv. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'nullable') continue;
    if (VALUE_KEYWORDS.has(key)) out[key] = value;
    else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/'))
      out[key] = `${SCHEMA_ID}${value}`;
    else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]),
      );
    } else out[key] = toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** Route keys that name no operation of the description (a fake endpoint shows up here). */
export function undocumentedRouteKeys(spec: Json, routeKeys: readonly string[]): string[] {
  const paths = isObject(spec.paths) ? spec.paths : {};
  return routeKeys.filter((key) => {
    const [method = '', route = ''] = key.split(' ');
    const operations = paths[route];
    return !isObject(operations) || !isObject(operations[method.toLowerCase()]);
  });
}

function responseOf(spec: Json, routeKey: string, status: number): Json | undefined {
  const [method = '', route = ''] = routeKey.split(' ');
  const operations = (spec.paths as Json)[route];
  const operation = isObject(operations) ? operations[method.toLowerCase()] : undefined;
  const responses = isObject(operation) ? operation.responses : undefined;
  const response = isObject(responses) ? responses[String(status)] : undefined;
  return isObject(response) ? response : undefined;
}

function bodySchemaOf(response: Json): unknown {
  const content = response.content;
  if (!isObject(content)) return undefined;
  const media = content['application/json'] ?? Object.values(content)[0];
  return isObject(media) ? media.schema : undefined;
}

function withBulkfetchCreatedAsEpochMs(schemas: Json): Json {
  const changelog = structuredClone(schemas.Changelog) as Json;
  (changelog.properties as Json).created = {
    type: 'integer',
    description: 'Epoch milliseconds (bulkfetch).',
  };
  const issueChangeLog = structuredClone(schemas.IssueChangeLog) as Json;
  ((issueChangeLog.properties as Json).changeHistories as Json).items = {
    $ref: `${SCHEMA_ID}#/components/schemas/EmulatorChangelogEpochCreated`,
  };
  const bean = structuredClone(schemas.BulkChangelogResponseBean) as Json;
  ((bean.properties as Json).issueChangeLogs as Json).items = {
    $ref: `${SCHEMA_ID}#/components/schemas/EmulatorIssueChangeLogEpochCreated`,
  };
  return {
    ...schemas,
    EmulatorChangelogEpochCreated: changelog,
    EmulatorIssueChangeLogEpochCreated: issueChangeLog,
    EmulatorBulkChangelogResponseBean: bean,
  };
}

// ---- the suite -----------------------------------------------------------------------------------------------

if (!existsSync(OPENAPI_FILE)) {
  console.log('contract tests skipped: ../shared/jira-openapi not present');
  describe('emulator contract against the Jira OpenAPI description', () => {
    it('is skipped: ../shared/jira-openapi not present (the description may not be copied into the repository)', () => {
      expect(existsSync(OPENAPI_FILE)).toBe(false);
    });
  });
} else {
  const spec = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Json;
  const components = spec.components as Json;
  const schemas = withBulkfetchCreatedAsEpochMs(toJsonSchema(components.schemas) as Json);
  // ownProperties: a change item without `toString` must not be checked against Object.prototype.toString.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, ownProperties: true });
  addFormats(ajv);
  ajv.addSchema({ $id: SCHEMA_ID, components: { schemas } });
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (schema: unknown, cacheKey: string): ValidateFunction => {
    let validate = validators.get(cacheKey);
    if (validate === undefined) {
      validate = ajv.compile(toJsonSchema(schema) as Json);
      validators.set(cacheKey, validate);
    }
    return validate;
  };
  const errorCollection = { $ref: '#/components/schemas/ErrorCollection' };

  describe('emulator contract against the Jira OpenAPI description', () => {
    let emulator: RunningEmulator;

    beforeAll(async () => {
      emulator = await startEmulator({
        seed: buildSeed({ hd: 5, csi: 2, sec: 1, extraItems: true, emptyProject: true }),
        forgeRules: [
          {
            id: 'ari:cloud:ecosystem::extension/a/e/static/v',
            name: 'CSI rules',
            ruleKey: 'forge:expression-validator',
            ruleType: 'Validator',
          },
        ],
      });
    });

    afterAll(async () => {
      await emulator.stop();
    });

    it('serves only operations the description documents (and the check catches a fake one)', () => {
      expect(undocumentedRouteKeys(spec, EMULATOR_ROUTE_KEYS)).toEqual([]);
      expect(
        undocumentedRouteKeys(spec, [
          'GET /rest/api/3/issue/{issueIdOrKey}/fake',
          'PATCH /rest/api/3/myself',
        ]),
      ).toEqual(['GET /rest/api/3/issue/{issueIdOrKey}/fake', 'PATCH /rest/api/3/myself']);
    });

    it('validates strictly: wrong types, unknown properties and the other created type are rejected', () => {
      const search = validatorFor(
        { $ref: '#/components/schemas/SearchAndReconcileResults' },
        'SearchAndReconcileResults',
      );
      expect(search({ issues: [{ id: '1', key: 'HD-1' }], isLast: true })).toBe(true);
      expect(search({ issues: 'HD-1' })).toBe(false);
      expect(search({ issues: [], isLast: true, total: 3 })).toBe(false);
      const bulk = validatorFor(
        { $ref: '#/components/schemas/EmulatorBulkChangelogResponseBean' },
        'bulkfetch-200',
      );
      const page = (created: unknown) => ({
        issueChangeLogs: [{ issueId: '1', changeHistories: [{ id: '2', created, items: [] }] }],
      });
      expect(bulk(page(1767600000000))).toBe(true);
      expect(bulk(page('2026-01-05T09:00:00.000+0100'))).toBe(false);
      // Nullable schemas accept null after conversion (ProjectId is `nullable: true` in the description).
      expect(validatorFor({ $ref: '#/components/schemas/ProjectId' }, 'ProjectId')(null)).toBe(true);
    });

    it('has a successful contract case for every route key it serves', () => {
      // 303 See Other is the documented success of the asynchronous workflow scheme operations.
      const covered = new Set(CASES.filter((c) => c.status < 400).map((c) => c.routeKey));
      expect(EMULATOR_ROUTE_KEYS.filter((key) => !covered.has(key))).toEqual([]);
    });

    for (const testCase of CASES) {
      it(`${testCase.routeKey} → ${testCase.status} (${testCase.name}) matches the documented response`, async () => {
        const [method = 'GET'] = testCase.routeKey.split(' ');
        const user = testCase.user === undefined ? ADMIN : testCase.user;
        emulator.requests.reset();
        const reply = await clientFor(emulator.url, user).request(method, testCase.url, testCase.body);
        expect([reply.status, reply.text.slice(0, 300)]).toEqual([testCase.status, expect.any(String)]);
        // The request was routed to the operation the case names.
        expect(emulator.requests.log()).toEqual([{ routeKey: testCase.routeKey, status: testCase.status }]);

        const documented = responseOf(spec, testCase.routeKey, testCase.status);
        if (documented === undefined) {
          expect(UNDOCUMENTED_STATUSES[`${testCase.routeKey} ${testCase.status}`]).toEqual(
            expect.any(String),
          );
        }
        const declared = documented === undefined ? undefined : bodySchemaOf(documented);
        let schema: unknown;
        let cacheKey: string;
        const fromDescription = BODY_SCHEMA_FROM_DESCRIPTION[`${testCase.routeKey} ${testCase.status}`];
        if (testCase.routeKey === 'POST /rest/api/3/changelog/bulkfetch' && testCase.status === 200) {
          schema = { $ref: '#/components/schemas/EmulatorBulkChangelogResponseBean' };
          cacheKey = 'bulkfetch-200';
        } else if (fromDescription !== undefined) {
          schema = { $ref: fromDescription };
          cacheKey = fromDescription;
        } else if (declared !== undefined && !(isObject(declared) && Object.keys(declared).length === 0)) {
          schema = declared;
          cacheKey = `${testCase.routeKey} ${testCase.status}`;
        } else if (testCase.status >= 400) {
          // Documented without a body schema: Jira's error body is an ErrorCollection.
          schema = errorCollection;
          cacheKey = 'ErrorCollection';
        } else {
          // A success documented without a body (or with the empty schema `{}`): the emulator sends none.
          expect(reply.text).toBe('');
          return;
        }
        const validate = validatorFor(schema, cacheKey);
        const valid = validate(reply.body);
        expect(valid ? [] : validate.errors?.slice(0, 5)).toEqual([]);
        if (testCase.status >= 400) {
          // Jira's error body always carries both members, even when one is empty.
          const errorBody = obj(reply.body);
          expect([Array.isArray(errorBody.errorMessages), typeof errorBody.errors]).toEqual([true, 'object']);
        }
      });
    }
  });
}
