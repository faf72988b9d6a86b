/**
 * `POST /rest/api/3/issue/properties/multi` (Bulk set issue properties by issue, `MultiIssueEntityProperties`):
 * up to 100 issues per request, each `{ issueID: <int64>, properties: { key: value } }` with 1–10 properties whose
 * values are valid, non-empty JSON of at most 32,768 characters. A request outside these limits is a 400 as a
 * whole. Jira runs the rest as an asynchronous, non-transactional task: the answer is `303 See Other` with the
 * task's URL in `Location` (no body); an issue that does not exist or the caller cannot see is ignored, one
 * the caller may not edit (Edit Issues) fails on its own, recorded in the task result, while the others are
 * written. The emulator writes at once, so the task is COMPLETE when `GET /rest/api/3/task/{taskId}` first
 * reads it. Values are stored like a single `PUT …/properties/{key}`, so the entity property indexes (JQL) see
 * them.
 *
 * The task result's shape is not documented by Atlassian; the emulator's is `{ updatedIssueIds: number[],
 * failedIssues: [{ issueID, errorMessages }] }`.
 */
import type { RequestContext, Reply, Route } from '../context';
import { isRecord, objectBody, rejectUnknownMembers } from '../context';
import { badRequest } from '../errors';
import type { StoredIssue } from '../store';
import { PROPERTY_KEY_MAX_CHARS, PROPERTY_VALUE_MAX_CHARS } from './properties';

/** Issues per request: Jira's documented maximum. */
export const BULK_PROPERTY_MAX_ISSUES = 100;
/** Properties per issue in one request: Jira's documented maximum. */
export const BULK_PROPERTY_MAX_PER_ISSUE = 10;

interface Entry {
  readonly issueId: string;
  readonly properties: readonly (readonly [string, unknown])[];
}

/** The request's entries, or a 400 naming the first limit or shape it breaks. */
function parseEntries(ctx: RequestContext): Entry[] {
  const body = objectBody(ctx);
  rejectUnknownMembers(body, ['issues']);
  const { issues } = body;
  if (!Array.isArray(issues)) throw badRequest("The 'issues' parameter must be an array.");
  if (issues.length === 0) throw badRequest('At least one issue must be given.');
  if (issues.length > BULK_PROPERTY_MAX_ISSUES) {
    throw badRequest(`At most ${BULK_PROPERTY_MAX_ISSUES} issues can be updated in one request.`);
  }
  return issues.map((raw: unknown, index): Entry => {
    if (!isRecord(raw)) throw badRequest(`Issue ${index} must be an object.`);
    rejectUnknownMembers(raw, ['issueID', 'properties']);
    const { issueID, properties } = raw;
    if (typeof issueID !== 'number' || !Number.isSafeInteger(issueID) || issueID <= 0) {
      throw badRequest(`The issueID of issue ${index} must be a positive integer (an issue id, not a key).`);
    }
    if (!isRecord(properties)) throw badRequest(`The properties of issue ${issueID} must be an object.`);
    const entries = Object.entries(properties);
    if (entries.length === 0) throw badRequest(`Issue ${issueID} needs at least one property.`);
    if (entries.length > BULK_PROPERTY_MAX_PER_ISSUE) {
      throw badRequest(
        `At most ${BULK_PROPERTY_MAX_PER_ISSUE} properties can be set per issue; issue ${issueID} has ${entries.length}.`,
      );
    }
    for (const [key, value] of entries) {
      if (key === '' || key.length > PROPERTY_KEY_MAX_CHARS) {
        throw badRequest(`The property key must be 1 to ${PROPERTY_KEY_MAX_CHARS} characters long.`);
      }
      if (value === null || value === undefined) {
        throw badRequest(`The value of property '${key}' of issue ${issueID} must not be empty.`);
      }
      const length = JSON.stringify(value).length;
      if (length > PROPERTY_VALUE_MAX_CHARS) {
        throw badRequest(
          `The value of property '${key}' of issue ${issueID} must not be longer than ${PROPERTY_VALUE_MAX_CHARS} characters (it has ${length}).`,
        );
      }
    }
    return { issueId: String(issueID), properties: entries };
  });
}

function bulkSetProperties(ctx: RequestContext): Reply {
  const entries = parseEntries(ctx);
  const updatedIssueIds: number[] = [];
  const failedIssues: { issueID: number; errorMessages: string[] }[] = [];
  for (const entry of entries) {
    // By id only: the bean's issueID is a number, so a key can never name an issue here.
    const issue: StoredIssue | undefined = ctx.store.issue(entry.issueId);
    if (issue?.id !== entry.issueId) continue;
    const project = ctx.store.projectById(issue.projectId);
    // Jira ignores an issue that is not found; one the caller cannot browse or see (its security level) is not
    // found for them.
    if (project === undefined || ctx.store.visibleIssue(ctx.user, issue.id) === undefined) continue;
    if (!ctx.store.hasIssuePermission(ctx.user, project, 'EDIT_ISSUES')) {
      failedIssues.push({
        issueID: Number(issue.id),
        errorMessages: [`You do not have permission to edit issue ${issue.key}.`],
      });
      continue;
    }
    for (const [key, value] of entry.properties) ctx.store.setProperty(issue, key, structuredClone(value));
    updatedIssueIds.push(Number(issue.id));
  }
  const nowMs = ctx.now();
  const result = { updatedIssueIds, failedIssues };
  const task = ctx.store.config.addTask({
    description: 'Bulk set issue properties by issue',
    submittedMs: nowMs,
    submittedByAccountId: ctx.user.accountId,
    run: () => result,
  });
  // Already done: the first poll reads COMPLETE with the result.
  task.status = 'COMPLETE';
  task.startedMs = nowMs;
  task.finishedMs = nowMs;
  task.result = result;
  return { status: 303, headers: { location: `${ctx.baseUrl}/rest/api/3/task/${task.id}` } };
}

export const bulkPropertyRoutes: readonly Route[] = [
  { method: 'POST', path: '/rest/api/3/issue/properties/multi', handler: bulkSetProperties },
];
