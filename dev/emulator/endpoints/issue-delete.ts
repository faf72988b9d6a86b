/**
 * `DELETE /rest/api/3/issue/{issueIdOrKey}` (Delete issue): 204 without a body. 404 when the issue does not
 * exist or the caller cannot browse it, 403 without the Delete Issues permission, 400 when the issue has subtasks
 * and `deleteSubtasks` is not `true` (with `true` they go with it). Each deleted issue's links go too, and each
 * causes an `avi:jira:deleted:issue` event carrying the issue as it was (it can no longer be read).
 */
import type { RequestContext, Reply, Route } from '../context';
import { param } from '../context';
import { badRequest, forbidden, issueNotFound } from '../errors';
import { issueDeletedEvent } from '../events';
import type { StoredIssue } from '../store';

function deleteIssue(ctx: RequestContext): Reply {
  const raw = ctx.query.get('deleteSubtasks');
  if (raw !== null && raw !== 'true' && raw !== 'false') {
    throw badRequest("The 'deleteSubtasks' parameter must be 'true' or 'false'.");
  }
  const issue = ctx.store.visibleIssue(ctx.user, param(ctx, 'issueIdOrKey'));
  if (issue === undefined) throw issueNotFound();
  const project = ctx.store.projectById(issue.projectId);
  if (project === undefined || !ctx.store.hasIssuePermission(ctx.user, project, 'DELETE_ISSUES')) {
    throw forbidden(`You do not have permission to delete issue ${issue.key}.`);
  }
  const subtasks = ctx.store
    .subtaskIdsOf(issue.id)
    .map((id) => ctx.store.issue(id))
    .filter((subtask): subtask is StoredIssue => subtask !== undefined);
  if (subtasks.length > 0 && raw !== 'true') {
    throw badRequest(`The issue ${issue.key} has subtasks; set deleteSubtasks=true to delete them with it.`);
  }
  for (const gone of [...subtasks, issue]) {
    // Rendered before the issue leaves the store: its fields name its project, status and type.
    ctx.emit(issueDeletedEvent(ctx, gone));
    ctx.store.deleteIssue(gone);
  }
  return { status: 204 };
}

export const issueDeleteRoutes: readonly Route[] = [
  { method: 'DELETE', path: '/rest/api/3/issue/{issueIdOrKey}', handler: deleteIssue },
];
