/**
 * The JQL refinement guard and JQL's backslash: JQL lets a backslash escape the next character outside quotes as
 * well as inside them, so an escaped parenthesis is part of a value and must not count as syntax. Otherwise a
 * refinement balanced by escaped parentheses would leave the `(…)` scope the flow views wrap it in.
 */
import fc from 'fast-check';
import { flowScopeJql, validateJqlRefinement } from '../../../src/domain/flow/jql-scope';

/**
 * How Jira's lexer splits JQL, written independently of the guard as one sticky regular expression: quoted
 * strings (with backslash escapes), unquoted values (backslash escapes any character, including parentheses and
 * quotes), parentheses, white space, and single operator characters.
 */
const JQL_TOKEN =
  /"(?:\\[\s\S]|[^"\\])*"|'(?:\\[\s\S]|[^'\\])*'|(?:\\[\s\S]|[^\s()"'\\=!<>~,])+|[()]|\s+|[=!<>~,]/y;

/** The parenthesis tokens of `jql` as Jira reads them; null when the lexer cannot read it (Jira would refuse). */
function parenthesesOf(jql: string): string[] | null {
  const parens: string[] = [];
  JQL_TOKEN.lastIndex = 0;
  while (JQL_TOKEN.lastIndex < jql.length) {
    const match = JQL_TOKEN.exec(jql);
    if (match === null) return null;
    if (match[0] === '(' || match[0] === ')') parens.push(match[0]);
  }
  return parens;
}

/** Whether the parenthesis opened first in `wrapped` closes only at its very end (the scope holds). */
function scopeHolds(wrapped: string): boolean {
  const parens = parenthesesOf(wrapped);
  if (parens === null) return true; // Jira refuses the query: nothing runs outside the scope
  let depth = 0;
  for (let i = 0; i < parens.length; i++) {
    depth += parens[i] === '(' ? 1 : -1;
    if (depth === 0 && i < parens.length - 1) return false;
  }
  return depth === 0;
}

function accepted(jql: string): boolean {
  try {
    validateJqlRefinement(jql);
    return true;
  } catch {
    return false;
  }
}

describe('JQL refinement guard: backslash escapes outside quotes', () => {
  it('refuses a refinement whose escaped parentheses balance real ones that leave the scope', () => {
    const crafted = 'summary ~ x\\( ) OR (project = SECRET AND summary ~ y\\)';
    // Jira reads `\(` and `\)` as characters of the values, so `) OR (` closes the scope and opens a new one.
    expect(scopeHolds(`(${crafted})`)).toBe(false);
    expect(() => validateJqlRefinement(crafted)).toThrow('closes a parenthesis it did not open');
  });

  it('accepts escaped parentheses and quotes in unquoted values, which stay values', () => {
    expect(validateJqlRefinement('summary ~ a\\(b AND labels = c\\)')).toBe(
      'summary ~ a\\(b AND labels = c\\)',
    );
    expect(validateJqlRefinement("labels = it\\'s")).toBe("labels = it\\'s");
    expect(validateJqlRefinement('summary ~ "a\\"(" AND x = 1')).toBe('summary ~ "a\\"(" AND x = 1');
  });

  it('refuses a trailing backslash, which would escape the closing parenthesis of the scope', () => {
    expect(() => validateJqlRefinement('summary ~ abc\\')).toThrow('ends with an escape character');
    expect(validateJqlRefinement('summary ~ abc\\\\')).toBe('summary ~ abc\\\\');
  });

  it('does not let an escaped quote outside quotes hide the rest of the query from the checks', () => {
    // Unescaped, `'` would open a quote and hide `) OR (`; escaped, it is a value's character.
    expect(() => validateJqlRefinement("x = a\\' ) OR ( y = '")).toThrow();
  });

  it('every refinement it accepts keeps the scope closed as Jira lexes it (property)', () => {
    const piece = fc.constantFrom('(', ')', '\\', '"', "'", ' ', 'a', ' OR ', '=', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const refinement = pieces.join('');
        if (!accepted(refinement)) return;
        const trimmed = validateJqlRefinement(refinement);
        if (trimmed === '') return;
        expect(scopeHolds(`(${trimmed})`)).toBe(true);
        const query = flowScopeJql({
          projectKey: 'HD',
          refinement,
          issueTypes: [],
          createdBefore: '2026-03-21',
          activeSince: null,
        });
        const scoped = query.slice(query.indexOf(' AND (') + ' AND '.length, query.lastIndexOf(' ORDER BY'));
        expect(scopeHolds(scoped)).toBe(true);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
  });
});
