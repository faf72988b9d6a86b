/**
 * Who may point an effect check at a Jira scope. The check measures as the app and posts its figures (counts, lead
 * times, CSAT) on the improvement for everyone who may see it, so a JQL naming issues the configuring user may not
 * browse would let them (and every reader of the improvement) learn aggregates of those issues. The same rule as a
 * measured key result's scope (`okr-scope-access.ts`): Jira administrators may name any scope; everyone else only
 * one in which they see every issue the app sees. Checked when a save names a JQL anew (a new configuration, or
 * another JQL than the stored one): both searches are ids-only and bounded.
 */
import type { EffectCheckConfig } from '../domain/feedback/effect-check';
import { CsiEditForbiddenError } from './csi-record';
import { JiraBadRequestError } from './errors';
import { SCOPE_CHECK_MAX_IDS } from './okr-scope-access';
import type { JiraPort } from './ports/jira-port';

/** The configuration breaks a rule (answered `invalid-settings`); the message names it. */
export class InvalidEffectConfigError extends Error {
  override readonly name = 'InvalidEffectConfigError';
}

/** The JQL an effect check's target searches; null for a key-result target (no Jira scope). */
export function effectScopeJql(config: EffectCheckConfig | null): string | null {
  if (config === null || config.target.kind === 'key-result') return null;
  return config.target.jql.trim();
}

export interface EffectScopeDeps {
  /** Jira as the user who saves. */
  readonly userJira: Pick<JiraPort, 'searchIssueIds' | 'getMyPermissions'>;
  /** Jira as the app (what the check measures); null when this environment has none. */
  readonly appJira: Pick<JiraPort, 'searchIssueIds'> | null;
}

/**
 * Refuses ({@link CsiEditForbiddenError}) a non-admin's configuration whose new or changed JQL finds an issue the
 * app sees and the user does not, or {@link SCOPE_CHECK_MAX_IDS} issues or more for the app (too many to compare);
 * {@link InvalidEffectConfigError} when Jira refuses the JQL for the app too. Nothing for a key-result target, an
 * unchanged JQL or a Jira administrator.
 */
export async function requireVisibleEffectScope(
  deps: EffectScopeDeps,
  issueKey: string,
  stored: EffectCheckConfig | null,
  edited: EffectCheckConfig | null,
): Promise<void> {
  const jql = effectScopeJql(edited);
  if (jql === null || jql === effectScopeJql(stored)) return;
  const admin = (await deps.userJira.getMyPermissions(['ADMINISTER']))['ADMINISTER'] === true;
  if (admin) return;
  if (deps.appJira === null)
    throw new CsiEditForbiddenError(
      `The app cannot check here which issues the JQL of ${issueKey}'s effect check finds: ask a Jira administrator to configure it.`,
    );
  const scoped = `(${jql})`;
  let appIds: readonly string[];
  try {
    appIds = await deps.appJira.searchIssueIds(scoped, { maxIds: SCOPE_CHECK_MAX_IDS });
  } catch (error) {
    if (error instanceof JiraBadRequestError)
      throw new InvalidEffectConfigError(
        `The effect check cannot be saved: Jira cannot search its JQL (${
          error.jiraMessages.length > 0 ? error.jiraMessages.join('; ') : error.message
        }). Correct the target's JQL.`,
      );
    throw error;
  }
  const tooLarge = new CsiEditForbiddenError(
    `The JQL of ${issueKey}'s effect check finds ${String(SCOPE_CHECK_MAX_IDS)} issues or more, too many to check that you may browse each of them (only Jira administrators may configure such a scope): narrow the JQL, or ask a Jira administrator to configure it.`,
  );
  if (appIds.length >= SCOPE_CHECK_MAX_IDS) throw tooLarge;
  const hiddenScope = new CsiEditForbiddenError(
    `The JQL of ${issueKey}'s effect check finds issues you may not browse (the check measures as the app and shows its figures to everyone who sees the improvement, so only Jira administrators may configure a scope beyond what they see): narrow the JQL to issues you may browse, or ask a Jira administrator to configure it.`,
  );
  let userIds: ReadonlySet<string>;
  try {
    userIds = new Set(await deps.userJira.searchIssueIds(scoped, { maxIds: SCOPE_CHECK_MAX_IDS }));
  } catch (error) {
    // The app's search of the same JQL worked: Jira refuses it for the user because it names a project, value or
    // field hidden from them.
    if (error instanceof JiraBadRequestError) throw hiddenScope;
    throw error;
  }
  if (appIds.every((id) => userIds.has(id))) return;
  if (userIds.size >= SCOPE_CHECK_MAX_IDS) throw tooLarge;
  throw hiddenScope;
}
