/**
 * Who may do what with OKRs (issue 10): reading follows the app's access (anyone who can call the resolvers);
 * creating objectives is for Jira admins and the OKR editor group; editing an objective, its key results and
 * checking in also for the objective's owner, and a key result's owner on that key result only; closing a period,
 * the OKR settings and imports for Jira admins only; linking an issue for whoever may edit the issue in Jira.
 *
 * The rule is pure ({@link OkrAccess} in, booleans out); {@link loadOkrAccess} asks Jira as the acting user. The
 * invocation context is trusted for the account id only: admin and group membership come from Jira.
 */
import type { JiraPort, JiraUserAccessPort } from './ports/jira-port';
import type { KeyResult, Objective } from '../domain/okr/types';

/** What the rule needs to know of the acting user. */
export interface OkrAccess {
  /** Atlassian account id of the acting user; null when the invocation named none (no owner rights then). */
  readonly accountId: string | null;
  /** Holds Jira's global permission Administer Jira. */
  readonly isAdmin: boolean;
  /** Member of the configured OKR editor group (false when none is configured). */
  readonly isEditor: boolean;
}

/** The acting user may not do this; the message names what is needed. */
export class OkrForbiddenError extends Error {
  override readonly name = 'OkrForbiddenError';
}

/** May create objectives: Jira admins and the OKR editor group. */
export function canCreateObjectives(access: OkrAccess): boolean {
  return access.isAdmin || access.isEditor;
}

/** May close periods, change the OKR settings and import periods: Jira admins. */
export function canAdministerOkrs(access: OkrAccess): boolean {
  return access.isAdmin;
}

/** May edit the objective and all its key results (and check in on them): admins, editors, its owner. */
export function canEditObjective(access: OkrAccess, objective: Pick<Objective, 'ownerAccountId'>): boolean {
  return (
    canCreateObjectives(access) ||
    (access.accountId !== null && access.accountId === objective.ownerAccountId)
  );
}

/** May edit the key result and check in on it: who may edit its objective, and the key result's owner. */
export function canEditKeyResult(
  access: OkrAccess,
  objective: Pick<Objective, 'ownerAccountId'>,
  keyResult: Pick<KeyResult, 'ownerAccountId'>,
): boolean {
  return (
    canEditObjective(access, objective) ||
    (access.accountId !== null && access.accountId === keyResult.ownerAccountId)
  );
}

/**
 * The acting user's OKR access, read from Jira as that user: `ADMINISTER` (one `mypermissions` request) and,
 * when an editor group is configured, their groups (`myself?expand=groups`), both at once.
 */
export async function loadOkrAccess(
  jira: Pick<JiraPort, 'getMyPermissions'> & Pick<JiraUserAccessPort, 'getMyGroupNames'>,
  editorGroupName: string | null,
  accountId: string | null,
): Promise<OkrAccess> {
  const [permissions, groups] = await Promise.all([
    jira.getMyPermissions(['ADMINISTER']),
    editorGroupName === null ? Promise.resolve([] as readonly string[]) : jira.getMyGroupNames(),
  ]);
  return {
    accountId,
    isAdmin: permissions['ADMINISTER'] === true,
    // Jira's group names are case-insensitive.
    isEditor:
      editorGroupName !== null &&
      groups.some((group) => group.toLowerCase() === editorGroupName.toLowerCase()),
  };
}

/** Whether the acting user may edit the issue in Jira (`EDIT_ISSUES` on it): linking it to a key result edits it. */
export async function canLinkIssue(
  jira: Pick<JiraUserAccessPort, 'getMyIssuePermissions'>,
  issueIdOrKey: string,
): Promise<boolean> {
  const permissions = await jira.getMyIssuePermissions(issueIdOrKey, ['EDIT_ISSUES']);
  return permissions['EDIT_ISSUES'] === true;
}

/** @throws OkrForbiddenError with `message` unless `allowed`. */
export function requireAllowed(allowed: boolean, message: string): void {
  if (!allowed) throw new OkrForbiddenError(message);
}
