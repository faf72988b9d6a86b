/**
 * The part of Forge's display conditions the preview honours, so a module the manifest hides on an issue is hidden
 * in the preview too. Pure (no Node, no DOM): the server reads the condition from `manifest.yml`, the host page
 * evaluates it per issue.
 *
 * Supported: `displayConditions.jiraExpression` comparing the issue type's name, joined with `||`:
 * `issue.issueType.name == 'Verbesserung (CSI)' || issue.issueType.name == 'Improvement (CSI)'`. Any other display
 * condition makes the preview refuse the manifest (a module would otherwise show where Jira hides it).
 */

/** A module's display condition as the preview evaluates it; null: no condition, shown everywhere. */
export type PreviewDisplayCondition = { readonly issueTypeNames: readonly string[] } | null;

/** One `issue.issueType.name == '…'` comparison (single or double quotes, no escapes inside). */
const ISSUE_TYPE_COMPARISON = /^issue\.issueType\.name\s*==\s*(?:'([^'\\]*)'|"([^"\\]*)")$/;

/**
 * The condition of a manifest module's `displayConditions` value.
 *
 * @throws Error naming the condition the preview cannot evaluate.
 * @example parseDisplayCondition({ jiraExpression: "issue.issueType.name == 'Bug'" }) // { issueTypeNames: ['Bug'] }
 */
export function parseDisplayCondition(
  displayConditions: unknown,
  moduleKey: string,
): PreviewDisplayCondition {
  if (displayConditions === undefined || displayConditions === null) return null;
  if (typeof displayConditions !== 'object' || Array.isArray(displayConditions))
    throw new Error(`${moduleKey}: displayConditions must be an object`);
  const entries = Object.entries(displayConditions as Record<string, unknown>);
  const unsupported = entries.filter(([name]) => name !== 'jiraExpression').map(([name]) => name);
  if (unsupported.length > 0)
    throw new Error(
      `${moduleKey}: the preview cannot evaluate the display condition(s) ${unsupported.join(', ')}; ` +
        'use jiraExpression on issue.issueType.name, or extend dev/preview/display-condition.ts',
    );
  const expression = (displayConditions as { jiraExpression?: unknown }).jiraExpression;
  if (typeof expression !== 'string') throw new Error(`${moduleKey}: jiraExpression must be a string`);
  const issueTypeNames = expression.split('||').map((part) => {
    const match = ISSUE_TYPE_COMPARISON.exec(part.trim());
    if (match === null)
      throw new Error(
        `${moduleKey}: the preview evaluates only "issue.issueType.name == '…'" joined with ||, not: ${part.trim()}`,
      );
    return match[1] ?? match[2] ?? '';
  });
  return { issueTypeNames };
}

/** Whether a module with `condition` is shown on an issue of the type named `issueTypeName`. */
export function shownOnIssue(condition: PreviewDisplayCondition | undefined, issueTypeName: string): boolean {
  return condition === null || condition === undefined || condition.issueTypeNames.includes(issueTypeName);
}
