/**
 * The JQL subset the local Jira emulator understands: tokenizer, parser and evaluator.
 *
 * Supported (what the app sends):
 * - `project = X` / `project in (A, B)` (key, id or name)
 * - `issuetype = "…"` / `in (…)` (alias `type`; name or id)
 * - `status = "…"` / `in (…)` (name or id)
 * - `statusCategory = "To Do" | "In Progress" | "Done"` / `in (…)` (also the keys `new`, `indeterminate`, `done`
 *   and the ids 2, 4, 3)
 * - `created | updated | resolved  >=, <=, >, <` a date `"2026-01-31"`, `"2026-01-31 10:00"` (also with `/`),
 *   interpreted in the user's time zone as Jira does, or a relative period `-30d` (units w, d, h, m) against the
 *   emulator's clock (aliases `createdDate`, `updatedDate`, `resolutiondate`)
 * - `key = HD-1` / `key in (HD-1, HD-2)` (alias `issuekey`; keys or ids)
 * - `AND`, `OR`, parentheses; `ORDER BY created | updated | key | resolved [ASC | DESC], …` (at most 7 fields)
 *
 * - indexed issue entity properties (the app's `jira:entityProperty` modules): by search alias (`csiScore > 7`)
 *   or as `issue.property[three-ways-csi].score`, with `=, !=, >, >=, <, <=, in, not in, is EMPTY, is not EMPTY`
 *   (`~` for `text` values; range operators for `number` and `date` values), and in `ORDER BY`; an array value
 *   matches when one of its elements does
 *
 * Everything else (other fields, `!=` on system fields, `NOT`, `~`, `IS EMPTY` on system fields, `WAS`,
 * functions such as `currentUser()`) is rejected with a {@link JqlError} naming the unsupported part; the server
 * answers 400 with it.
 */
import { TZDate } from '@date-fns/tz';
import type { EntityPropertyIndex } from './context';
import type { StatusCategoryKey } from './seed';

/** A query the emulator cannot run: the message is the 400 answer's `errorMessages` entry. */
export class JqlError extends Error {
  override readonly name = 'JqlError';
}

type TokenKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based character position, as Jira's messages count. */
  readonly position: number;
}

const OPERATOR_CHARS = new Set(['=', '!', '<', '>', '~']);
const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '"', "'", '=', '!', '<', '>', '~']);

/** Splits a JQL string into tokens; quoted strings may use `"` or `'` and backslash escapes. */
export function tokenizeJql(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const position = i + 1;
    if (ch === '(') tokens.push({ kind: 'lparen', text: ch, position });
    else if (ch === ')') tokens.push({ kind: 'rparen', text: ch, position });
    else if (ch === ',') tokens.push({ kind: 'comma', text: ch, position });
    if (ch === '(' || ch === ')' || ch === ',') {
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) {
          throw new JqlError(
            `Error in the JQL Query: The quoted string '${value}' has not been completed. (line 1, character ${position})`,
          );
        }
        const c = text.charAt(j);
        if (c === '\\' && j + 1 < text.length) {
          value += text.charAt(j + 1);
          j += 2;
        } else if (c === ch) {
          break;
        } else {
          value += c;
          j++;
        }
      }
      tokens.push({ kind: 'string', text: value, position });
      i = j + 1;
      continue;
    }
    if (OPERATOR_CHARS.has(ch)) {
      const two = text.slice(i, i + 2);
      const op = two === '>=' || two === '<=' || two === '!=' || two === '!~' ? two : ch;
      tokens.push({ kind: 'op', text: op, position });
      i += op.length;
      continue;
    }
    let j = i;
    while (j < text.length && !WORD_STOP.has(text.charAt(j))) j++;
    tokens.push({ kind: 'word', text: text.slice(i, j), position });
    i = j;
  }
  return tokens;
}

export type JqlListField = 'project' | 'issuetype' | 'status' | 'statusCategory' | 'key' | 'labels';
export type JqlDateField = 'created' | 'updated' | 'resolved';
export type JqlSortField = JqlDateField | 'key' | 'property';

/** An indexed value of an issue entity property, as a JQL field. */
export interface JqlPropertyField {
  /** The name the query used (`csiScore`, `issue.property[three-ways-csi].score`). */
  readonly name: string;
  readonly propertyKey: string;
  readonly path: string;
  readonly type: 'number' | 'string' | 'text' | 'user' | 'date';
}

export type PropertyOperator =
  '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | 'IN' | 'NOT IN' | 'IS EMPTY' | 'IS NOT EMPTY';
export type DateOperator = '>=' | '<=' | '>' | '<';

export interface JqlValue {
  readonly text: string;
  readonly position: number;
}

export type JqlExpr =
  | { readonly kind: 'and' | 'or'; readonly left: JqlExpr; readonly right: JqlExpr }
  | { readonly kind: 'list'; readonly field: JqlListField; readonly values: readonly JqlValue[] }
  | {
      readonly kind: 'date';
      readonly field: JqlDateField;
      readonly operator: DateOperator;
      readonly value: JqlValue;
    }
  | {
      readonly kind: 'property';
      readonly field: JqlPropertyField;
      readonly operator: PropertyOperator;
      readonly values: readonly JqlValue[];
    };

export interface JqlSort {
  readonly field: JqlSortField;
  readonly direction: 'ASC' | 'DESC';
  /** Set when `field` is `property`. */
  readonly property?: JqlPropertyField;
}

const PROPERTY_REFERENCE = /^issue\.property\[([^\]]+)\]\.(.+)$/i;

/**
 * The entity property field a JQL name stands for: a search alias (case-insensitive) or
 * `issue.property[<key>].<path>` of an indexed value; null for other names. An `issue.property[…]` name that is
 * not indexed is a {@link JqlError}, as in Jira.
 */
export function resolvePropertyField(
  name: string,
  indexes: readonly EntityPropertyIndex[],
): JqlPropertyField | null {
  const reference = PROPERTY_REFERENCE.exec(name);
  for (const index of indexes) {
    for (const value of index.values) {
      const matches =
        reference === null
          ? value.searchAlias?.toLowerCase() === name.toLowerCase()
          : reference[1] === index.propertyKey && reference[2] === value.path;
      if (matches) return { name, propertyKey: index.propertyKey, path: value.path, type: value.type };
    }
  }
  if (reference !== null) {
    throw new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
  }
  return null;
}

export interface JqlQuery {
  /** Null for a query without a search restriction (empty or only `ORDER BY`): Jira calls it unbounded. */
  readonly where: JqlExpr | null;
  readonly orderBy: readonly JqlSort[];
}

const FIELD_ALIASES: Readonly<Record<string, JqlListField | JqlDateField>> = {
  project: 'project',
  issuetype: 'issuetype',
  type: 'issuetype',
  status: 'status',
  statuscategory: 'statusCategory',
  created: 'created',
  createddate: 'created',
  updated: 'updated',
  updateddate: 'updated',
  resolved: 'resolved',
  resolutiondate: 'resolved',
  key: 'key',
  issuekey: 'key',
  labels: 'labels',
};

const DATE_FIELDS = new Set<string>(['created', 'updated', 'resolved']);
const SUPPORTED_FIELDS_TEXT =
  'project, issuetype, status, statusCategory, created, updated, resolved, key, labels (operators =, in, >=, <=, >, <)';
const KEYWORDS = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'WAS',
  'CHANGED',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'EMPTY',
  'NULL',
]);
const MAX_ORDER_BY_FIELDS = 7;

function upper(token: Token | undefined): string {
  return token?.kind === 'word' ? token.text.toUpperCase() : '';
}

function describe(token: Token | undefined): string {
  return token === undefined ? 'the end of the query' : `'${token.text}'`;
}

function at(token: Token | undefined): string {
  return token === undefined ? '' : ` (line 1, character ${token.position})`;
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly indexes: readonly EntityPropertyIndex[],
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index++;
    return token;
  }

  parse(): JqlQuery {
    let where: JqlExpr | null = null;
    if (this.peek() !== undefined && upper(this.peek()) !== 'ORDER') where = this.parseOr();
    let orderBy: JqlSort[] = [];
    if (upper(this.peek()) === 'ORDER') orderBy = this.parseOrderBy();
    const rest = this.peek();
    if (rest !== undefined) {
      throw new JqlError(
        `Error in the JQL Query: Expecting either 'OR' or 'AND' but got ${describe(rest)}.${at(rest)}`,
      );
    }
    return { where, orderBy };
  }

  private parseOr(): JqlExpr {
    let left = this.parseAnd();
    while (upper(this.peek()) === 'OR') {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JqlExpr {
    let left = this.parseUnary();
    while (upper(this.peek()) === 'AND') {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): JqlExpr {
    const token = this.peek();
    if (token === undefined) {
      throw new JqlError('Error in the JQL Query: Expecting a field name but reached the end of the query.');
    }
    if (token.kind === 'lparen') {
      this.next();
      const inner = this.parseOr();
      const close = this.next();
      if (close?.kind !== 'rparen') {
        throw new JqlError(`Error in the JQL Query: Expecting ')' but got ${describe(close)}.${at(close)}`);
      }
      return inner;
    }
    if (upper(token) === 'NOT' || (token.kind === 'op' && token.text === '!')) {
      throw new JqlError(
        `The local Jira emulator does not support the 'NOT' operator${at(token)}. Supported: ${SUPPORTED_FIELDS_TEXT}.`,
      );
    }
    return this.parseClause();
  }

  private parseClause(): JqlExpr {
    const fieldToken = this.next();
    if (fieldToken === undefined || (fieldToken.kind !== 'word' && fieldToken.kind !== 'string')) {
      throw new JqlError(
        `Error in the JQL Query: Expecting a field name but got ${describe(fieldToken)}.${at(fieldToken)}`,
      );
    }
    if (fieldToken.kind === 'word' && KEYWORDS.has(fieldToken.text.toUpperCase())) {
      throw new JqlError(
        `Error in the JQL Query: '${fieldToken.text}' is a reserved JQL word: expecting a field name.${at(fieldToken)}`,
      );
    }
    if (this.peek()?.kind === 'lparen') {
      throw new JqlError(
        `The local Jira emulator does not support the JQL function '${fieldToken.text}()'${at(fieldToken)}. Supported: ${SUPPORTED_FIELDS_TEXT}.`,
      );
    }
    const property = resolvePropertyField(fieldToken.text, this.indexes);
    if (property !== null) return this.parsePropertyClause(property, fieldToken);
    const field = FIELD_ALIASES[fieldToken.text.toLowerCase()];
    if (field === undefined) {
      throw new JqlError(
        `The local Jira emulator does not support the field '${fieldToken.text}'${at(fieldToken)}. Supported: ${SUPPORTED_FIELDS_TEXT}.`,
      );
    }
    const opToken = this.next();
    const opText = opToken?.kind === 'op' ? opToken.text : upper(opToken);
    const operator = opText === 'NOT' && upper(this.peek()) === 'IN' ? 'NOT IN' : opText;
    if (operator === 'NOT IN') this.next();
    if (DATE_FIELDS.has(field)) {
      if (operator !== '>=' && operator !== '<=' && operator !== '>' && operator !== '<') {
        throw this.unsupportedOperator(operator, opToken, fieldToken.text, '>=, <=, >, <');
      }
      return { kind: 'date', field: field as JqlDateField, operator, value: this.parseValue() };
    }
    const listField = field as JqlListField;
    if (operator === '=') return { kind: 'list', field: listField, values: [this.parseValue()] };
    if (operator === 'IN') return { kind: 'list', field: listField, values: this.parseList() };
    throw this.unsupportedOperator(operator, opToken, fieldToken.text, '=, in');
  }

  private parsePropertyClause(field: JqlPropertyField, fieldToken: Token): JqlExpr {
    const opToken = this.next();
    let operator: string = opToken?.kind === 'op' ? opToken.text : upper(opToken);
    if (operator === 'NOT' && upper(this.peek()) === 'IN') {
      this.next();
      operator = 'NOT IN';
    } else if (operator === 'IS') {
      const not = upper(this.peek()) === 'NOT';
      if (not) this.next();
      const empty = this.next();
      if (upper(empty) !== 'EMPTY' && upper(empty) !== 'NULL') {
        throw new JqlError(
          `Error in the JQL Query: Expecting 'EMPTY' after 'is${not ? ' not' : ''}' but got ${describe(empty)}.${at(empty)}`,
        );
      }
      return { kind: 'property', field, operator: not ? 'IS NOT EMPTY' : 'IS EMPTY', values: [] };
    }
    const ranged = field.type === 'number' || field.type === 'date';
    const allowed = [
      '=',
      '!=',
      'IN',
      'NOT IN',
      ...(ranged ? ['>', '>=', '<', '<='] : []),
      ...(field.type === 'text' ? ['~'] : []),
    ];
    if (!allowed.includes(operator)) {
      throw this.unsupportedOperator(
        operator,
        opToken,
        fieldToken.text,
        `${allowed.map((o) => o.toLowerCase()).join(', ')}, is EMPTY, is not EMPTY`,
      );
    }
    const values = operator === 'IN' || operator === 'NOT IN' ? this.parseList() : [this.parseValue()];
    return { kind: 'property', field, operator: operator as PropertyOperator, values };
  }

  private unsupportedOperator(
    operator: string,
    token: Token | undefined,
    field: string,
    allowed: string,
  ): JqlError {
    if (token === undefined || operator === '') {
      return new JqlError(
        `Error in the JQL Query: Expecting an operator after '${field}' but got ${describe(token)}.${at(token)}`,
      );
    }
    return new JqlError(
      `The local Jira emulator does not support the operator '${operator}' for the field '${field}'${at(token)}. Supported operators for '${field}': ${allowed}.`,
    );
  }

  private parseValue(): JqlValue {
    const token = this.next();
    if (token === undefined || (token.kind !== 'word' && token.kind !== 'string')) {
      throw new JqlError(`Error in the JQL Query: Expecting a value but got ${describe(token)}.${at(token)}`);
    }
    if (token.kind === 'word' && this.peek()?.kind === 'lparen') {
      throw new JqlError(
        `The local Jira emulator does not support the JQL function '${token.text}()'${at(token)}. Use a literal value.`,
      );
    }
    if (
      token.kind === 'word' &&
      (token.text.toUpperCase() === 'EMPTY' || token.text.toUpperCase() === 'NULL')
    ) {
      throw new JqlError(
        `The local Jira emulator does not support '${token.text}' values${at(token)}. Supported: ${SUPPORTED_FIELDS_TEXT}.`,
      );
    }
    return { text: token.text, position: token.position };
  }

  private parseList(): JqlValue[] {
    const open = this.next();
    if (open?.kind !== 'lparen') {
      throw new JqlError(
        `Error in the JQL Query: Expecting '(' after 'in' but got ${describe(open)}.${at(open)}`,
      );
    }
    const values = [this.parseValue()];
    for (;;) {
      const token = this.next();
      if (token?.kind === 'rparen') return values;
      if (token?.kind !== 'comma') {
        throw new JqlError(
          `Error in the JQL Query: Expecting ',' or ')' but got ${describe(token)}.${at(token)}`,
        );
      }
      values.push(this.parseValue());
    }
  }

  private parseOrderBy(): JqlSort[] {
    this.next();
    const by = this.next();
    if (upper(by) !== 'BY') {
      throw new JqlError(
        `Error in the JQL Query: Expecting 'BY' after 'ORDER' but got ${describe(by)}.${at(by)}`,
      );
    }
    const sorts: JqlSort[] = [];
    for (;;) {
      const token = this.next();
      if (token === undefined || (token.kind !== 'word' && token.kind !== 'string')) {
        throw new JqlError(
          `Error in the JQL Query: Expecting a field name but got ${describe(token)}.${at(token)}`,
        );
      }
      const property = resolvePropertyField(token.text, this.indexes);
      const field = property === null ? FIELD_ALIASES[token.text.toLowerCase()] : 'property';
      if (
        field !== 'created' &&
        field !== 'updated' &&
        field !== 'resolved' &&
        field !== 'key' &&
        field !== 'property'
      ) {
        throw new JqlError(
          `The local Jira emulator cannot order by '${token.text}'${at(token)}. Supported: created, updated, key, resolved and indexed entity properties.`,
        );
      }
      const direction = upper(this.peek());
      if (direction === 'ASC' || direction === 'DESC') this.next();
      sorts.push({
        field,
        direction: direction === 'DESC' ? 'DESC' : 'ASC',
        ...(property === null ? {} : { property }),
      });
      if (sorts.length > MAX_ORDER_BY_FIELDS) {
        throw new JqlError('JQL can be ordered by at most 7 fields.');
      }
      if (this.peek()?.kind !== 'comma') return sorts;
      this.next();
    }
  }
}

/**
 * Parses a JQL string of the supported subset; throws {@link JqlError} with a Jira-like message otherwise.
 * `indexes`: the installed apps' indexed entity properties (their aliases and `issue.property[…]` names).
 */
export function parseJql(text: string, indexes: readonly EntityPropertyIndex[] = []): JqlQuery {
  return new Parser(tokenizeJql(text), indexes).parse();
}

// ---- evaluation ---------------------------------------------------------------------------------------------

/** What the evaluator reads of an issue. */
export interface JqlIssue {
  readonly id: string;
  readonly projectId: string;
  readonly projectKey: string;
  readonly keyNumber: number;
  readonly issueTypeId: string;
  readonly statusId: string;
  readonly statusCategory: StatusCategoryKey;
  readonly createdMs: number;
  readonly updatedMs: number;
  readonly resolvedMs: number | null;
  /** The issue's labels (Jira matches them exactly, case-sensitively; an unknown label finds nothing). */
  readonly labels?: readonly string[];
  /** Issue entity properties by key (for indexed property fields). */
  readonly properties?: ReadonlyMap<string, unknown>;
}

/**
 * How the evaluator resolves values against the site's data: each lookup returns the ids a value stands for, or
 * null when the value names nothing the user can see (Jira's "does not exist" 400).
 */
export interface JqlCatalog {
  projectIds(value: string): readonly string[] | null;
  issueTypeIds(value: string): readonly string[] | null;
  statusIds(value: string): readonly string[] | null;
  issueId(keyOrId: string): string | null;
  /** The user's IANA time zone: absolute dates are local dates there, as in Jira. */
  readonly timeZone: string;
  readonly nowMs: number;
}

const CATEGORY_VALUES: Readonly<Record<string, StatusCategoryKey>> = {
  'to do': 'new',
  new: 'new',
  '2': 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  complete: 'done',
  '3': 'done',
};

const RELATIVE = /^([+-]?)(\d+)([wdhm])$/i;
const ABSOLUTE = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const UNIT_MS: Readonly<Record<string, number>> = {
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
};

/**
 * The instant a JQL date value stands for: a relative period against `nowMs`, or a local date/time in
 * `timeZone` (midnight when no time is given).
 */
export function jqlDateMs(value: JqlValue, field: string, timeZone: string, nowMs: number): number {
  const text = value.text.trim();
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const sign = relative[1] === '-' ? -1 : 1;
    const unit = UNIT_MS[(relative[3] ?? 'd').toLowerCase()] ?? 0;
    return nowMs + sign * Number(relative[2]) * unit;
  }
  const absolute = ABSOLUTE.exec(text);
  if (absolute !== null) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(absolute[i] ?? 0)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const date = new TZDate(year, month - 1, day, hour, minute, 0, 0, timeZone);
    const valid = date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
    if (valid && hour < 24 && minute < 60) return date.getTime();
  }
  throw new JqlError(
    `Date value '${value.text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w'. (line 1, character ${value.position})`,
  );
}

const DATE_TESTS: Readonly<Record<DateOperator, (ms: number, limit: number) => boolean>> = {
  '>=': (ms, limit) => ms >= limit,
  '<=': (ms, limit) => ms <= limit,
  '>': (ms, limit) => ms > limit,
  '<': (ms, limit) => ms < limit,
};

function doesNotExist(value: JqlValue, field: string): JqlError {
  return new JqlError(`The value '${value.text}' does not exist for the field '${field}'.`);
}

/**
 * Compiles a parsed query into a predicate over issues, resolving every value once; throws {@link JqlError} for
 * values that name nothing (unknown project, status, issue type, key) or malformed dates.
 */
export function compileJql(where: JqlExpr, catalog: JqlCatalog): (issue: JqlIssue) => boolean {
  switch (where.kind) {
    case 'and': {
      const left = compileJql(where.left, catalog);
      const right = compileJql(where.right, catalog);
      return (issue) => left(issue) && right(issue);
    }
    case 'or': {
      const left = compileJql(where.left, catalog);
      const right = compileJql(where.right, catalog);
      return (issue) => left(issue) || right(issue);
    }
    case 'date':
      return compileDate(where.field, where.operator, where.value, catalog);
    case 'list':
      return compileList(where.field, where.values, catalog);
    case 'property':
      return compileProperty(where.field, where.operator, where.values, catalog);
  }
}

/** The primitive values at a dot path of a property value; arrays contribute each element. */
export function propertyValues(issue: JqlIssue, field: JqlPropertyField): unknown[] {
  let current: unknown[] = [issue.properties?.get(field.propertyKey)];
  for (const segment of field.path.split('.')) {
    current = current.flatMap((v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
      const next = (v as Record<string, unknown>)[segment];
      return Array.isArray(next) ? (next as unknown[]) : [next];
    });
  }
  return current.filter((v) => v !== undefined && v !== null && v !== '');
}

/** A property value as a comparable: number for number/date fields, string otherwise; null when unusable. */
function comparable(value: unknown, field: JqlPropertyField): number | string | null {
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? n : null;
    }
    case 'date': {
      const ms =
        typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isFinite(ms) ? ms : null;
    }
    default:
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : null;
  }
}

function queryComparable(value: JqlValue, field: JqlPropertyField, catalog: JqlCatalog): number | string {
  if (field.type === 'number') {
    const n = Number(value.text.trim());
    if (value.text.trim() === '' || !Number.isFinite(n)) {
      throw new JqlError(
        `The value '${value.text}' is not a valid number for the field '${field.name}'. (line 1, character ${value.position})`,
      );
    }
    return n;
  }
  if (field.type === 'date') return jqlDateMs(value, field.name, catalog.timeZone, catalog.nowMs);
  return value.text;
}

function compileProperty(
  field: JqlPropertyField,
  operator: PropertyOperator,
  values: readonly JqlValue[],
  catalog: JqlCatalog,
): (issue: JqlIssue) => boolean {
  const actual = (issue: JqlIssue): (number | string)[] =>
    propertyValues(issue, field)
      .map((v) => comparable(v, field))
      .filter((v): v is number | string => v !== null);
  if (operator === 'IS EMPTY') return (i) => actual(i).length === 0;
  if (operator === 'IS NOT EMPTY') return (i) => actual(i).length > 0;
  const wanted = values.map((v) => queryComparable(v, field, catalog));
  const first = wanted[0] ?? '';
  const equal = (a: number | string): boolean => wanted.some((w) => w === a);
  switch (operator) {
    case '=':
    case 'IN':
      return (i) => actual(i).some(equal);
    case '!=':
    case 'NOT IN':
      return (i) => {
        const mine = actual(i);
        return mine.length > 0 && !mine.some(equal);
      };
    case '~': {
      const needle = String(first).toLowerCase();
      return (i) => actual(i).some((a) => String(a).toLowerCase().includes(needle));
    }
    case '>':
      return (i) => actual(i).some((a) => a > first);
    case '>=':
      return (i) => actual(i).some((a) => a >= first);
    case '<':
      return (i) => actual(i).some((a) => a < first);
    case '<=':
      return (i) => actual(i).some((a) => a <= first);
  }
}

function compareProperty(a: JqlIssue, b: JqlIssue, field: JqlPropertyField): number {
  const first = (issue: JqlIssue): number | string | null => {
    for (const v of propertyValues(issue, field)) {
      const c = comparable(v, field);
      if (c !== null) return c;
    }
    return null;
  };
  const x = first(a);
  const y = first(b);
  if (x === y) return 0;
  // Issues without a value sort after those with one in ascending order, as for dates.
  if (x === null) return 1;
  if (y === null) return -1;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}

function compileDate(
  field: JqlDateField,
  operator: DateOperator,
  value: JqlValue,
  catalog: JqlCatalog,
): (issue: JqlIssue) => boolean {
  const limit = jqlDateMs(value, field, catalog.timeZone, catalog.nowMs);
  const matches = DATE_TESTS[operator];
  switch (field) {
    case 'created':
      return (i) => matches(i.createdMs, limit);
    case 'updated':
      return (i) => matches(i.updatedMs, limit);
    case 'resolved':
      return (i) => i.resolvedMs !== null && matches(i.resolvedMs, limit);
  }
}

function compileList(
  field: JqlListField,
  values: readonly JqlValue[],
  catalog: JqlCatalog,
): (issue: JqlIssue) => boolean {
  const resolve = (lookup: (v: string) => readonly string[] | null, name: string): Set<string> => {
    const ids = new Set<string>();
    for (const value of values) {
      const found = lookup(value.text);
      if (found === null) throw doesNotExist(value, name);
      for (const id of found) ids.add(id);
    }
    return ids;
  };
  switch (field) {
    case 'project': {
      const ids = resolve((v) => catalog.projectIds(v), 'project');
      return (i) => ids.has(i.projectId);
    }
    case 'issuetype': {
      const ids = resolve((v) => catalog.issueTypeIds(v), 'issuetype');
      return (i) => ids.has(i.issueTypeId);
    }
    case 'status': {
      const ids = resolve((v) => catalog.statusIds(v), 'status');
      return (i) => ids.has(i.statusId);
    }
    case 'statusCategory': {
      const keys = new Set<StatusCategoryKey>();
      for (const value of values) {
        const key = CATEGORY_VALUES[value.text.trim().toLowerCase()];
        if (key === undefined) throw doesNotExist(value, 'statusCategory');
        keys.add(key);
      }
      return (i) => keys.has(i.statusCategory);
    }
    case 'labels': {
      const wanted = new Set(values.map((value) => value.text));
      return (i) => (i.labels ?? []).some((label) => wanted.has(label));
    }
    case 'key': {
      const ids = new Set<string>();
      for (const value of values) {
        const id = catalog.issueId(value.text.trim());
        if (id === null) {
          throw new JqlError(`An issue with key '${value.text}' does not exist for field 'key'.`);
        }
        ids.add(id);
      }
      return (i) => ids.has(i.id);
    }
  }
}

/** Jira's issue-key order: by project key, then numerically by the issue number. */
function compareKeys(a: JqlIssue, b: JqlIssue): number {
  if (a.projectKey !== b.projectKey) return a.projectKey < b.projectKey ? -1 : 1;
  return a.keyNumber - b.keyNumber;
}

function compareNullableMs(a: number | null, b: number | null): number {
  // Issues without the date sort after those with one in ascending order (EMPTY is treated as the largest).
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

/**
 * The comparator for an `ORDER BY` list; ties (and a query without `ORDER BY`) fall back to the issue key, so
 * paging over a result is stable.
 */
export function jqlComparator(orderBy: readonly JqlSort[]): (a: JqlIssue, b: JqlIssue) => number {
  return (a, b) => {
    for (const sort of orderBy) {
      let cmp: number;
      switch (sort.field) {
        case 'created':
          cmp = a.createdMs - b.createdMs;
          break;
        case 'updated':
          cmp = a.updatedMs - b.updatedMs;
          break;
        case 'resolved':
          cmp = compareNullableMs(a.resolvedMs, b.resolvedMs);
          break;
        case 'key':
          cmp = compareKeys(a, b);
          break;
        case 'property':
          cmp = sort.property === undefined ? 0 : compareProperty(a, b, sort.property);
          break;
      }
      if (cmp !== 0) return sort.direction === 'DESC' ? -cmp : cmp;
    }
    return compareKeys(a, b);
  };
}
