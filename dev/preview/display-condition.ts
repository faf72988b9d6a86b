/**
 * The part of Forge's display conditions the preview honours, so a module the manifest hides on an issue is hidden
 * in the preview too. Pure (no Node, no DOM): the server reads the condition from `manifest.yml`, the host page
 * evaluates it per issue.
 *
 * Supported: `displayConditions.jiraExpression` comparing the issue type's name, comparisons joined with `||`, all
 * in one of two forms:
 * - exact: `issue.issueType.name == 'Verbesserung (CSI)' || issue.issueType.name == 'Improvement (CSI)'`;
 * - trimmed and lower-cased, as the app itself recognises a type's name (Jira expressions' strings have `trim()`
 *   and `toLowerCase()`): `issue.issueType.name.trim().toLowerCase() == 'improvement (csi)' || …`.
 * Any other display condition makes the preview refuse the manifest (a module would otherwise show where Jira
 * hides it).
 */

/**
 * A module's display condition as the preview evaluates it; null: no condition, shown everywhere. `match`: whether
 * the issue type's name is compared as it is or trimmed and lower-cased (then every listed name is lower-case).
 */
export type PreviewDisplayCondition = {
  readonly issueTypeNames: readonly string[];
  readonly match: 'exact' | 'trimmed-lower-case';
} | null;

/**
 * One comparison of the issue type's name with a string literal (single or double quotes, no escapes inside);
 * group 1: `.trim().toLowerCase()` when the name is normalised, groups 2/3: the literal's text.
 */
const ISSUE_TYPE_COMPARISON =
  /^issue\.issueType\.name(\.trim\(\)\.toLowerCase\(\))?\s*==\s*(?:'([^'\\]*)'|"([^"\\]*)")$/;

/**
 * The condition of a manifest module's `displayConditions` value.
 *
 * @throws Error naming the condition the preview cannot evaluate.
 * @example parseDisplayCondition({ jiraExpression: "issue.issueType.name == 'Bug'" }, 'p')
 * // { issueTypeNames: ['Bug'], match: 'exact' }
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
  const comparisons = expression.split('||').map((part) => {
    const match = ISSUE_TYPE_COMPARISON.exec(part.trim());
    if (match === null)
      throw new Error(
        `${moduleKey}: the preview evaluates only "issue.issueType.name == '…'" (or ` +
          `"issue.issueType.name.trim().toLowerCase() == '…'") joined with ||, not: ${part.trim()}`,
      );
    const name = match[2] ?? match[3] ?? '';
    return { name, lowerCase: match[1] !== undefined };
  });
  const lowerCase = comparisons.every((comparison) => comparison.lowerCase);
  if (!lowerCase && comparisons.some((comparison) => comparison.lowerCase))
    throw new Error(
      `${moduleKey}: compare the issue type's name in one form throughout (exact or lower-cased)`,
    );
  const unmatchable = comparisons.filter(({ name }) => lowerCase && name !== name.trim().toLowerCase());
  if (unmatchable.length > 0)
    throw new Error(
      `${moduleKey}: ${unmatchable.map(({ name }) => `'${name}'`).join(', ')} can never equal a trimmed, ` +
        'lower-cased issue type name; write it in lower case',
    );
  return {
    issueTypeNames: comparisons.map(({ name }) => name),
    match: lowerCase ? 'trimmed-lower-case' : 'exact',
  };
}

/** Whether a module with `condition` is shown on an issue of the type named `issueTypeName`. */
export function shownOnIssue(condition: PreviewDisplayCondition | undefined, issueTypeName: string): boolean {
  if (condition === null || condition === undefined) return true;
  const name = condition.match === 'exact' ? issueTypeName : issueTypeName.trim().toLowerCase();
  return condition.issueTypeNames.includes(name);
}
