/**
 * Safe JQL for the flow views: validation of a user's JQL refinement and the bounded query the project page and
 * the gadget load. User input is never concatenated without being checked or quoted here. Pure.
 */

/** Longest JQL refinement accepted, in characters. */
export const MAX_JQL_LENGTH = 1000;

/** A project key as Jira allows it. */
export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,49}$/;

/** A calendar date `YYYY-MM-DD` (validity of the day is checked separately by {@link isValidDate}). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export class JqlRefinementError extends Error {
  override readonly name = 'JqlRefinementError';
}

/**
 * Whether `date` is a real calendar date `YYYY-MM-DD` (e.g. not `2026-02-30`).
 * @example isValidDate('2026-02-28') === true; isValidDate('2026-02-30') === false
 */
export function isValidDate(date: string): boolean {
  if (!DATE_PATTERN.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/**
 * Checks a JQL refinement that will be ANDed inside parentheses: at most {@link MAX_JQL_LENGTH} characters, no
 * control characters, quotes closed, parentheses balanced and never closing more than they opened (so
 * `x) OR (y` cannot escape the surrounding scope), and no `ORDER BY` (the caller orders). Jira checks the rest.
 *
 * A backslash escapes the next character both inside quotes and outside them: JQL lets an unquoted value escape
 * reserved characters (`summary ~ a\(b`), so `\(` and `\)` are part of a value, not parentheses. Counting them
 * as parentheses would let `x = y\( ) OR (z = w\)` pass the balance check while Jira reads `) OR (` as real
 * parentheses that leave the scope. A trailing backslash is refused: it would escape the closing parenthesis the
 * caller adds.
 *
 * @returns the trimmed refinement ('' for blank input).
 * @throws JqlRefinementError naming the problem in English.
 * @example validateJqlRefinement(' type = Bug ') === 'type = Bug'
 */
export function validateJqlRefinement(jql: string): string {
  const trimmed = jql.trim();
  if (trimmed.length > MAX_JQL_LENGTH)
    throw new JqlRefinementError(`JQL is longer than ${String(MAX_JQL_LENGTH)} characters.`);
  // The characters Jira's JQL grammar refuses (its CONTROLCHARS but tab, LF and CR): C0, DEL and C1 controls and
  // the noncharacters U+FDD0–U+FDEF, U+FFFE, U+FFFF. Refused here with a message instead of Jira's parse error.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is rejected
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/.test(trimmed))
    throw new JqlRefinementError('JQL contains control characters.');
  let depth = 0;
  let quote: string | null = null;
  let outside = '';
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed.charAt(i);
    if (ch === '\\') {
      if (i === trimmed.length - 1) throw new JqlRefinementError('JQL ends with an escape character (\\).');
      // The escaped character is part of a value wherever it stands; neither it nor the backslash is syntax.
      i++;
      outside += quote === null ? '__' : '  ';
      continue;
    }
    if (quote !== null) {
      if (ch === quote) quote = null;
      outside += ' ';
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      outside += ' ';
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new JqlRefinementError('JQL closes a parenthesis it did not open.');
    outside += ch;
  }
  if (quote !== null) throw new JqlRefinementError('JQL has an unclosed quote.');
  if (depth !== 0) throw new JqlRefinementError('JQL has an unclosed parenthesis.');
  if (/\border\s+by\b/i.test(outside)) throw new JqlRefinementError('JQL must not contain ORDER BY.');
  return trimmed;
}

/**
 * A JQL string literal: the value in double quotes with `"` and `\` escaped.
 * @example jqlString('Say "hi"') === '"Say \\"hi\\""'
 */
export function jqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export interface FlowScopeQuery {
  /** Project key (validated) or null for a JQL-only scope. */
  readonly projectKey: string | null;
  /** Validated refinement ('' for none). */
  readonly refinement: string;
  readonly issueTypes: readonly string[];
  /** Issues created on or after this day are left out (`YYYY-MM-DD`, exclusive upper bound). */
  readonly createdBefore: string;
  /**
   * Finished issues (status category done) untouched since before this day are left out (`YYYY-MM-DD`): they
   * cannot change any number of the range or the window.
   */
  readonly activeSince: string | null;
}

/**
 * The bounded JQL the flow views load, oldest first:
 * `project = "HD" AND created < "…" AND (statusCategory in (2, 4) OR updated >= "…") AND issuetype in (…)
 *  AND (refinement) ORDER BY created ASC`. Status categories by id (2 = To Do, 4 = In Progress), which
 * Jira accepts in every language.
 *
 * @throws JqlRefinementError for an invalid project key, date or refinement.
 * @example flowScopeJql({ projectKey: 'HD', refinement: '', issueTypes: [], createdBefore: '2026-03-21', activeSince: null })
 * // 'project = "HD" AND created < "2026-03-21" ORDER BY created ASC'
 */
export function flowScopeJql(scope: FlowScopeQuery): string {
  const parts: string[] = [];
  if (scope.projectKey !== null) {
    if (!PROJECT_KEY_PATTERN.test(scope.projectKey))
      throw new JqlRefinementError(`Not a project key: ${scope.projectKey}`);
    parts.push(`project = ${jqlString(scope.projectKey)}`);
  }
  if (!isValidDate(scope.createdBefore)) throw new JqlRefinementError(`Not a date: ${scope.createdBefore}`);
  parts.push(`created < ${jqlString(scope.createdBefore)}`);
  if (scope.activeSince !== null) {
    if (!isValidDate(scope.activeSince)) throw new JqlRefinementError(`Not a date: ${scope.activeSince}`);
    parts.push(`(statusCategory in (2, 4) OR updated >= ${jqlString(scope.activeSince)})`);
  }
  if (scope.issueTypes.length > 0) parts.push(`issuetype in (${scope.issueTypes.map(jqlString).join(', ')})`);
  const refinement = validateJqlRefinement(scope.refinement);
  if (refinement !== '') parts.push(`(${refinement})`);
  return `${parts.join(' AND ')} ORDER BY created ASC`;
}

/**
 * A short, stable, non-cryptographic hash (FNV-1a, 2 × 32 bit) of a string, as 16 hex digits: for cache keys,
 * never for security.
 * @example stableHash('a') === stableHash('a') && stableHash('a') !== stableHash('b')
 */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/**
 * JSON with object keys sorted, so equal values give equal strings (for hashing requests).
 * @example canonicalJson({ b: 1, a: [2] }) === '{"a":[2],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  // JSON.stringify answers undefined (despite its typing) for undefined, functions and symbols.
  const json = JSON.stringify(value) as string | undefined;
  return json ?? 'null';
}
