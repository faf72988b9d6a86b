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

  it("refuses the control characters and noncharacters Jira's JQL grammar refuses, C1 and U+FFFE included", () => {
    for (const character of ['\u0001', '\u007f', '\u0085', '\u009f', '\ufdd0', '\ufffe', '\uffff']) {
      expect(() => validateJqlRefinement(`summary ~ "a${character}b"`)).toThrow('control characters');
    }
    // Jira's white space stays allowed.
    expect(validateJqlRefinement('type = Bug\tAND\r\nstatus = Open')).toBe(
      'type = Bug\tAND\r\nstatus = Open',
    );
    expect(validateJqlRefinement('summary ~ "Störung ü 𝔁"')).toBe('summary ~ "Störung ü 𝔁"');
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

  it("keeps the scope closed and lets no ORDER BY through as Jira's own JQL grammar lexes it (property)", () => {
    // Pieces a hostile user would try: escapes Jira knows (\u0029 is a `)` inside a value) and ones it refuses,
    // both quotes, JQL's white space (space, tab, CR, LF) and other Unicode spaces, ORDER BY in any case, the
    // operators `|` `&` `~` `,` `!`, comment-like `--` and `/*`, C1 control characters and non-ASCII letters.
    const piece = fc.constantFrom(
      '(',
      ')',
      '\\',
      '"',
      "'",
      ' ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\u0085',
      'order',
      'ORDER',
      'Order',
      'by',
      'BY',
      ' order by x',
      '\\u0029',
      '\\u0028',
      '\\ ',
      '\\"',
      "\\'",
      '\\\\',
      '\\(',
      '\\)',
      'a',
      'ü',
      '𝔁',
      '=',
      '~',
      ',',
      '!',
      '|',
      '||',
      '&',
      '--',
      '/*',
      '*/',
      'x = 1',
      ' OR ',
      ' AND ',
      'fn(',
      'membersOf("g")',
    );
    let accepts = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const refinement = pieces.join('');
        if (!accepted(refinement)) return;
        accepts++;
        const trimmed = validateJqlRefinement(refinement);
        if (trimmed === '') return;
        const tokens = jiraTokens(`(${trimmed})`);
        if (tokens === null) return; // Jira's lexer refuses it: the query fails, nothing runs outside the scope
        let depth = 0;
        tokens.forEach((token, index) => {
          if (token === '(') depth++;
          if (token === ')') depth--;
          // The scope's `(` closes only with the last token.
          if (depth === 0) expect(index).toBe(tokens.length - 1);
          if (token === 'ORDER') expect(tokens[index + 1]).not.toBe('BY');
        });
      }),
      { numRuns: 20_000, seed: 20261205 },
    );
    // The pieces make valid refinements often enough for the property to say something.
    expect(accepts).toBeGreaterThan(2_000);
  });
});

/**
 * The tokens of `jql` as the lexer of Jira's JQL grammar (Jql.g, ANTLR) reads them, written from that grammar and
 * independently of the guard: white space is space, tab, CR and LF only; a backslash escapes only `t n r " ' \`,
 * space and `uXXXX` (anything else is a lexer error); quoted strings may hold no control characters (C0 but CR
 * and LF, DEL, C1, U+FDD0–U+FDEF, U+FFFE–U+FFFF); an unquoted string ends at white space, quotes, operators,
 * parentheses, reserved and control characters; `order` and `by` alone are keywords. Returns `(`, `)`, `ORDER`,
 * `BY` and `·` for any other token; null when the lexer fails (Jira answers the query with an error).
 */
function jiraTokens(jql: string): string[] | null {
  const isWhite = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const isControl = (c: string) => {
    const code = c.charCodeAt(0);
    return (
      (code <= 0x1f && c !== '\n' && c !== '\r') ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xfdd0 && code <= 0xfdef) ||
      code >= 0xfffe
    );
  };
  const reserved = '{}*/%+^$#@?;';
  const stringStop = `"'=!<>()~,[]|&${reserved}`;
  /** Length of the escape at `at` (a backslash there), or null when Jira's lexer knows no such escape. */
  const escapeAt = (at: number): number | null => {
    const next = jql.charAt(at + 1);
    if ('tnr"\'\\ '.includes(next) && next !== '') return 2;
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(jql.slice(at + 2, at + 6))) return 6;
    return null;
  };
  const tokens: string[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql.charAt(i);
    if (isWhite(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= jql.length) return null;
        const d = jql.charAt(j);
        if (d === c) break;
        if (d === '\\') {
          const length = escapeAt(j);
          if (length === null) return null;
          j += length;
        } else if (isControl(d)) {
          return null;
        } else {
          j++;
        }
      }
      tokens.push('·');
      i = j + 1;
    } else if (isControl(c) || reserved.includes(c)) {
      return null;
    } else if (stringStop.includes(c)) {
      tokens.push('·'); // an operator (`=`, `!=`, `~`, `,`, `|`, `&`, …): never a parenthesis or a keyword
      i++;
    } else {
      let j = i;
      while (j < jql.length) {
        const d = jql.charAt(j);
        if (d === '\\') {
          const length = escapeAt(j);
          if (length === null) return null;
          j += length;
        } else if (isWhite(d) || isControl(d) || stringStop.includes(d)) {
          break;
        } else {
          j++;
        }
      }
      const text = jql.slice(i, j).toLowerCase();
      tokens.push(text === 'order' ? 'ORDER' : text === 'by' ? 'BY' : '·');
      i = j;
    }
  }
  return tokens;
}
