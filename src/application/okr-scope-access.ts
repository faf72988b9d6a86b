/**
 * Who may define the Jira scope of a measured key result. The app measures as itself (a value is a shared
 * aggregate, the same whoever looks), so a scope holding issues its author may not browse would let them learn
 * about those issues by editing the JQL and measuring again. Jira administrators may define any scope; everyone
 * else only one in which they see every issue the app sees. Checked when a save defines a measurement anew
 * ({@link measurementDefinitionChanged}): both searches are ids-only and bounded.
 */
import { measuredScopeCondition, measurementDefinitionChanged } from '../domain/okr/measured-scope';
import type { KeyResultKind } from '../domain/okr/types';
import { JiraBadRequestError } from './errors';
import { OkrForbiddenError } from './okr-permissions';
import type { JiraPort } from './ports/jira-port';
import { OkrValidationError } from './ports/okr-store-port';

/** Ids read at most per side (4 ids-only pages of 5,000); a scope the app sees this many issues of is refused. */
export const SCOPE_CHECK_MAX_IDS = 20_000;

export interface ScopeAccessDeps {
  /** Jira as the user who saves. */
  readonly userJira: Pick<JiraPort, 'searchIssueIds'>;
  /** Jira as the app (what the measurement counts); null when this environment has none. */
  readonly appJira: Pick<JiraPort, 'searchIssueIds'> | null;
  /** The saving user holds Administer Jira. */
  readonly isJiraAdmin: boolean;
}

/**
 * Refuses ({@link OkrForbiddenError}) a non-admin's key result whose new or changed scope holds an issue the app
 * sees and the user does not, or one larger than {@link SCOPE_CHECK_MAX_IDS} issues for the app (too large to
 * compare). Does nothing for admins, for kinds without a Jira scope and for unchanged definitions (no search).
 */
export async function requireVisibleScope(
  deps: ScopeAccessDeps,
  keyResultId: string | undefined,
  stored: KeyResultKind | null,
  edited: KeyResultKind,
): Promise<void> {
  if (deps.isJiraAdmin || !measurementDefinitionChanged(stored, edited)) return;
  const condition = measuredScopeCondition(edited);
  if (condition === null) return;
  const what = keyResultId === undefined ? 'this key result' : keyResultId;
  if (deps.appJira === null)
    throw new OkrForbiddenError(
      `The app cannot check here which issues the scope of ${what} holds: ask a Jira administrator to define its scope.`,
    );
  const jql = `(${condition})`;
  let appIds: readonly string[];
  try {
    appIds = await deps.appJira.searchIssueIds(jql, { maxIds: SCOPE_CHECK_MAX_IDS });
  } catch (error) {
    // Refused for the app too: the JQL itself is wrong (the form names the field), not the user's access.
    if (error instanceof JiraBadRequestError)
      throw new OkrValidationError(
        [
          {
            path: 'keyResult.kind',
            message: `Jira cannot search the scope (${error.message}): correct the JQL`,
          },
        ],
        'key result',
      );
    throw error;
  }
  const tooLarge = new OkrForbiddenError(
    `The scope of ${what} holds ${String(SCOPE_CHECK_MAX_IDS)} issues or more, too many to check that you may browse each of them (only Jira administrators may define such a scope): narrow the JQL, or ask a Jira administrator to define it.`,
  );
  if (appIds.length >= SCOPE_CHECK_MAX_IDS) throw tooLarge;
  // Searched as the user even when the app finds nothing: Jira refuses a JQL naming a project hidden from them.
  const hiddenScope = new OkrForbiddenError(
    `The scope of ${what} contains issues you may not browse (a key result is measured as the app, so only Jira administrators may define a scope beyond what its author sees): narrow the scope to issues you may browse, or ask a Jira administrator to define this key result's scope.`,
  );
  let userIds: ReadonlySet<string>;
  try {
    userIds = new Set(await deps.userJira.searchIssueIds(jql, { maxIds: SCOPE_CHECK_MAX_IDS }));
  } catch (error) {
    // The app's search of the same JQL worked: Jira refuses it for the user because it names a project, value
    // or field hidden from them (Jira answers 400 "does not exist" rather than an empty list).
    if (error instanceof JiraBadRequestError) throw hiddenScope;
    throw error;
  }
  const hidden = appIds.filter((id) => !userIds.has(id)).length;
  if (hidden === 0) return;
  // The user's reading was cut short: the missing ids may lie beyond it, so this is "too large", not "hidden".
  if (userIds.size >= SCOPE_CHECK_MAX_IDS) throw tooLarge;
  throw hiddenScope;
}
