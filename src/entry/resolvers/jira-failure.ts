import {
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../../application/errors';

/**
 * The contract failure of one of Jira's typed errors as the settings and CSI resolvers answer it (a 400 on a
 * project or issue path means the key names none: `not-found`); null for any other error.
 */
export function jiraFailure(
  error: unknown,
): { readonly code: 'not-found' | 'forbidden' | 'jira-unavailable'; readonly detail: string } | null {
  if (error instanceof JiraNotFoundError || error instanceof JiraBadRequestError) {
    return { code: 'not-found', detail: error.message };
  }
  if (error instanceof JiraForbiddenError) return { code: 'forbidden', detail: error.message };
  if (error instanceof JiraUnavailableError) return { code: 'jira-unavailable', detail: error.message };
  return null;
}
