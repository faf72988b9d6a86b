/**
 * The part of Jira expressions a product trigger's `filter.expression` may use that the preview evaluates, so an
 * emulator event reaches a trigger function exactly when Forge would deliver it. Pure (no Node).
 *
 * Supported: the variable `event`; member access `a.b` and `a[0]`; string (single or double quotes, `\` escapes),
 * number, `true`, `false`, `null` and list `[…]` literals; `==`, `!=`, `&&`, `||`, `!`, parentheses; arrow
 * functions `x => …` as arguments; the methods `some`, `every`, `filter`, `map`, `includes`, `trim`,
 * `toLowerCase`, `toUpperCase` and the property `length`. A missing member is `null`; a member of `null` is an
 * evaluation error (the trigger's `onError` decides, as on Forge). Anything else is refused when the preview starts
 * ({@link parseTriggerFilter} throws naming the form), as `display-condition.ts` does for display conditions.
 */

type Node =
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'list'; readonly items: readonly Node[] }
  | { readonly kind: 'member'; readonly target: Node; readonly name: string }
  | { readonly kind: 'index'; readonly target: Node; readonly index: Node }
  | { readonly kind: 'call'; readonly target: Node; readonly method: string; readonly args: readonly Node[] }
  | { readonly kind: 'arrow'; readonly parameter: string; readonly body: Node }
  | { readonly kind: 'not'; readonly operand: Node }
  | {
      readonly kind: 'binary';
      readonly operator: '==' | '!=' | '&&' | '||';
      readonly left: Node;
      readonly right: Node;
    };

/** A parsed filter expression, ready to be evaluated against events. */
export interface TriggerFilter {
  readonly expression: string;
  readonly root: Node;
}

/** The methods the preview evaluates; any other is refused at start. */
export const FILTER_METHODS: readonly string[] = [
  'some',
  'every',
  'filter',
  'map',
  'includes',
  'trim',
  'toLowerCase',
  'toUpperCase',
];

/** An expression that cannot be evaluated for one event (Forge's `onError` applies). */
export class FilterEvaluationError extends Error {
  override readonly name = 'FilterEvaluationError';
}

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: string };

const PUNCTUATION = ['=>', '==', '!=', '&&', '||', '!', '.', ',', '(', ')', '[', ']'];

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const rest = expression.slice(at);
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      at += space[0].length;
      continue;
    }
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      let value = '';
      let end = 1;
      for (; end < rest.length && rest[end] !== quote; end++) {
        if (rest[end] === '\\') end++;
        value += rest[end] ?? '';
      }
      if (end >= rest.length) throw new Error(`unterminated string at ${String(at)}`);
      tokens.push({ kind: 'string', value });
      at += end + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?/.exec(rest);
    if (number !== null) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      at += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_$][\w$]*/.exec(rest);
    if (name !== null) {
      tokens.push({ kind: 'name', value: name[0] });
      at += name[0].length;
      continue;
    }
    const punct = PUNCTUATION.find((candidate) => rest.startsWith(candidate));
    if (punct === undefined) throw new Error(`"${rest.slice(0, 12)}" (operator or character not supported)`);
    tokens.push({ kind: 'punct', value: punct });
    at += punct.length;
  }
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node {
    const node = this.or();
    const extra = this.tokens[this.at];
    if (extra !== undefined) throw new Error(`unexpected "${String(extra.value)}"`);
    return node;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private take(value: string): boolean {
    const token = this.peek();
    if (token?.kind === 'punct' && token.value === value) {
      this.at++;
      return true;
    }
    return false;
  }

  private expect(value: string): void {
    if (!this.take(value)) throw new Error(`expected "${value}"`);
  }

  private or(): Node {
    let left = this.and();
    while (this.take('||')) left = { kind: 'binary', operator: '||', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.take('&&')) left = { kind: 'binary', operator: '&&', left, right: this.equality() };
    return left;
  }

  private equality(): Node {
    const left = this.unary();
    if (this.take('==')) return { kind: 'binary', operator: '==', left, right: this.unary() };
    if (this.take('!=')) return { kind: 'binary', operator: '!=', left, right: this.unary() };
    return left;
  }

  private unary(): Node {
    if (this.take('!')) return { kind: 'not', operand: this.unary() };
    return this.postfix();
  }

  private postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.take('.')) {
        const name = this.peek();
        if (name?.kind !== 'name') throw new Error('expected a member name after "."');
        this.at++;
        if (this.take('(')) {
          if (!FILTER_METHODS.includes(name.value))
            throw new Error(
              `the method ${name.value}() (the preview evaluates ${FILTER_METHODS.join(', ')})`,
            );
          const args: Node[] = [];
          if (!this.take(')')) {
            do args.push(this.argument());
            while (this.take(','));
            this.expect(')');
          }
          node = { kind: 'call', target: node, method: name.value, args };
        } else {
          node = { kind: 'member', target: node, name: name.value };
        }
      } else if (this.take('[')) {
        const index = this.or();
        this.expect(']');
        node = { kind: 'index', target: node, index };
      } else {
        return node;
      }
    }
  }

  private argument(): Node {
    const name = this.peek();
    const arrow = this.peek(1);
    if (name?.kind === 'name' && arrow?.kind === 'punct' && arrow.value === '=>') {
      this.at += 2;
      return { kind: 'arrow', parameter: name.value, body: this.or() };
    }
    return this.or();
  }

  private primary(): Node {
    const token = this.peek();
    if (token === undefined) throw new Error('the expression ends too early');
    this.at++;
    if (token.kind === 'string' || token.kind === 'number') return { kind: 'literal', value: token.value };
    if (token.kind === 'name') {
      if (token.value === 'true') return { kind: 'literal', value: true };
      if (token.value === 'false') return { kind: 'literal', value: false };
      if (token.value === 'null') return { kind: 'literal', value: null };
      return { kind: 'name', name: token.value };
    }
    if (token.value === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (token.value === '[') {
      const items: Node[] = [];
      if (!this.take(']')) {
        do items.push(this.or());
        while (this.take(','));
        this.expect(']');
      }
      return { kind: 'list', items };
    }
    throw new Error(`unexpected "${token.value}"`);
  }
}

/** Names an expression may use besides arrow parameters. */
const ROOT_NAMES = ['event'];

function checkNames(node: Node, scope: readonly string[]): void {
  switch (node.kind) {
    case 'name':
      if (!scope.includes(node.name))
        throw new Error(`the name "${node.name}" (a trigger filter knows only ${ROOT_NAMES.join(', ')})`);
      return;
    case 'literal':
      return;
    case 'list':
      node.items.forEach((item) => {
        checkNames(item, scope);
      });
      return;
    case 'member':
      checkNames(node.target, scope);
      return;
    case 'index':
      checkNames(node.target, scope);
      checkNames(node.index, scope);
      return;
    case 'call':
      checkNames(node.target, scope);
      node.args.forEach((arg) => {
        checkNames(arg, scope);
      });
      return;
    case 'arrow':
      checkNames(node.body, [...scope, node.parameter]);
      return;
    case 'not':
      checkNames(node.operand, scope);
      return;
    case 'binary':
      checkNames(node.left, scope);
      checkNames(node.right, scope);
  }
}

/**
 * Parses a trigger's `filter.expression`.
 *
 * @throws Error naming the trigger and the form the preview cannot evaluate.
 * @example parseTriggerFilter("event.eventType != 'avi:jira:updated:issue'", 't')
 */
export function parseTriggerFilter(expression: string, triggerKey: string): TriggerFilter {
  try {
    const root = new Parser(tokenize(expression)).parse();
    checkNames(root, ROOT_NAMES);
    return { expression, root };
  } catch (error) {
    throw new Error(
      `manifest.yml: trigger ${triggerKey}: the preview cannot evaluate its filter expression: ` +
        `${error instanceof Error ? error.message : String(error)}. Use the forms dev/preview/trigger-filter.ts ` +
        'supports, or extend it.',
    );
  }
}

type Scope = ReadonlyMap<string, unknown>;

function memberOf(target: unknown, name: string, node: Node): unknown {
  if (target === null || target === undefined)
    throw new FilterEvaluationError(`cannot read "${name}" of null (${describeNode(node)})`);
  if (name === 'length' && (typeof target === 'string' || Array.isArray(target))) return target.length;
  if (typeof target !== 'object') return null;
  const value = (target as Record<string, unknown>)[name];
  return value === undefined ? null : value;
}

function describeNode(node: Node): string {
  switch (node.kind) {
    case 'name':
      return node.name;
    case 'member':
      return `${describeNode(node.target)}.${node.name}`;
    default:
      return node.kind;
  }
}

function callback(node: Node | undefined, scope: Scope): (value: unknown) => unknown {
  if (node?.kind !== 'arrow') throw new FilterEvaluationError('expected an arrow function argument');
  return (value) => evaluate(node.body, new Map([...scope, [node.parameter, value]]));
}

function truthy(value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new FilterEvaluationError(`expected a boolean, got ${JSON.stringify(value)}`);
  return value;
}

function same(left: unknown, right: unknown): boolean {
  const l = left ?? null;
  const r = right ?? null;
  if (typeof l === 'object' || typeof r === 'object') return l === r;
  return l === r;
}

function callMethod(node: Extract<Node, { kind: 'call' }>, scope: Scope): unknown {
  const target = evaluate(node.target, scope);
  if (target === null || target === undefined)
    throw new FilterEvaluationError(`cannot call ${node.method}() on null (${describeNode(node.target)})`);
  if (Array.isArray(target)) {
    const list = target as readonly unknown[];
    switch (node.method) {
      case 'some':
        return list.some((item) => truthy(callback(node.args[0], scope)(item)));
      case 'every':
        return list.every((item) => truthy(callback(node.args[0], scope)(item)));
      case 'filter':
        return list.filter((item) => truthy(callback(node.args[0], scope)(item)));
      case 'map':
        return list.map((item) => callback(node.args[0], scope)(item));
      case 'includes': {
        const wanted = node.args[0] === undefined ? undefined : evaluate(node.args[0], scope);
        return list.some((item) => same(item, wanted));
      }
    }
  }
  if (typeof target === 'string') {
    switch (node.method) {
      case 'includes': {
        const wanted = node.args[0] === undefined ? undefined : evaluate(node.args[0], scope);
        if (typeof wanted !== 'string') throw new FilterEvaluationError('String.includes needs a string');
        return target.includes(wanted);
      }
      case 'trim':
        return target.trim();
      case 'toLowerCase':
        return target.toLowerCase();
      case 'toUpperCase':
        return target.toUpperCase();
    }
  }
  throw new FilterEvaluationError(`${node.method}() is not defined for ${typeof target}`);
}

function evaluate(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'name':
      return scope.get(node.name) ?? null;
    case 'list':
      return node.items.map((item) => evaluate(item, scope));
    case 'member':
      return memberOf(evaluate(node.target, scope), node.name, node);
    case 'index': {
      const target = evaluate(node.target, scope);
      const index = evaluate(node.index, scope);
      if (Array.isArray(target) && typeof index === 'number') return (target as unknown[])[index] ?? null;
      if (typeof index === 'string') return memberOf(target, index, node);
      throw new FilterEvaluationError(`cannot index ${describeNode(node.target)}`);
    }
    case 'call':
      return callMethod(node, scope);
    case 'arrow':
      throw new FilterEvaluationError('an arrow function is only allowed as a method argument');
    case 'not':
      return !truthy(evaluate(node.operand, scope));
    case 'binary':
      switch (node.operator) {
        case '||':
          return truthy(evaluate(node.left, scope)) || truthy(evaluate(node.right, scope));
        case '&&':
          return truthy(evaluate(node.left, scope)) && truthy(evaluate(node.right, scope));
        case '==':
          return same(evaluate(node.left, scope), evaluate(node.right, scope));
        case '!=':
          return !same(evaluate(node.left, scope), evaluate(node.right, scope));
      }
  }
}

/**
 * Whether `event` passes the filter.
 *
 * @throws FilterEvaluationError when the expression fails for this event (null member, non-boolean result).
 */
export function eventPassesFilter(filter: TriggerFilter, event: unknown): boolean {
  return truthy(evaluate(filter.root, new Map([['event', event]])));
}
