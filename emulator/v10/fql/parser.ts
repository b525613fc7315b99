// A recursive-descent parser for the FQL v10 subset docs/local-server-v10.md lists (after the core's
// `ext/fql/shared/src/main/scala/parser/ExprParser.scala`), with operator precedence
// climbing for binary operators. Statements end at a newline or `;`; an expression goes on past a
// newline only where it cannot end (after an operator, inside brackets, before `.`/`?.`).
import { SHORT_LAMBDA_PARAM, span, type BinaryOp, type Expr, type Span, type Stmt } from './ast.js';
import { invalidQuery } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import type { Value } from './values.js';

// The core's `ExprOpPrecedences` (`ext/fql/shared/src/main/scala/parser/ExprParser.scala`); `**`
// alone groups to the right.
const PRECEDENCE: Record<string, number> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  isa: 6,
  '|': 7,
  '^': 8,
  '&': 9,
  '+': 10,
  '-': 10,
  '*': 11,
  '/': 11,
  '%': 11,
  '**': 12,
};

/** The precedence of a binary operator token: punctuation, or the keyword `isa`. */
function precedenceOf(t: Token): number | undefined {
  if (t.kind === 'punct') return PRECEDENCE[t.text];
  return t.kind === 'ident' && t.text === 'isa' ? PRECEDENCE.isa : undefined;
}

/** Parses query text (a NUL stands for the next of `values`): the statements of a block. */
export function parseQuery(text: string, values: readonly Value[] = []): Expr {
  const p = new Parser(text, tokenize(text, values));
  return p.program();
}

class Parser {
  private pos = 0;
  /** Inside a short lambda's operator chain, where every `.x` reads the same element (`.a + .b`). */
  private inShortLambda = false;
  constructor(
    private readonly text: string,
    private readonly toks: Token[],
  ) {}

  program(): Expr {
    const start = this.peek().span.start;
    const body = this.statements('eof');
    if (body.length === 0) throw invalidQuery('The query is empty.', span(0, this.text.length));
    return this.blockOf(body, start, this.peek().span.end);
  }

  private blockOf(body: Stmt[], start: number, end: number): Expr {
    const last = body[body.length - 1]!;
    if (last.kind === 'let') throw invalidQuery('A block must end with an expression.', last.span);
    return body.length === 1 ? (last as Expr) : { kind: 'block', body, span: span(start, end) };
  }

  private statements(end: 'eof' | '}'): Stmt[] {
    const out: Stmt[] = [];
    while (!this.is(end)) {
      if (this.isPunct(';')) {
        this.pos++;
        continue;
      }
      if (out.length > 0 && !this.peek().newlineBefore && !this.prevIs(';')) {
        throw this.unexpected();
      }
      out.push(this.statement());
    }
    return out;
  }

  private statement(): Stmt {
    const t = this.peek();
    if (t.kind === 'ident' && t.text === 'let') {
      this.pos++;
      const name = this.ident();
      this.expect('=');
      const value = this.expr();
      return { kind: 'let', name, value, span: span(t.span.start, value.span.end) };
    }
    return this.expr();
  }

  expr(): Expr {
    const outer = this.inShortLambda;
    this.inShortLambda = false;
    try {
      return this.expr0();
    } finally {
      this.inShortLambda = outer;
    }
  }

  private expr0(): Expr {
    const t = this.peek();
    if (t.kind === 'ident') {
      if (t.text === 'if' && this.peekAt(1).text === '(') return this.ifExpr();
      if (t.text === 'at' && this.peekAt(1).text === '(') return this.atExpr();
      // A keyword the core parses and then refuses as unimplemented (`Expr.Match` in its `FQLInterpreter.scala`).
      if (t.text === 'match') throw invalidQuery('match expr not supported', t.span);
      if (this.peekAt(1).text === '=>' && this.peekAt(1).kind === 'punct') {
        this.pos += 2;
        const body = this.expr();
        return this.lambda([t.text], body, t.span.start);
      }
    }
    if (this.isPunct('(') && this.isArrowParams()) {
      const params = this.list('(', ')', () => this.ident());
      this.expect('=>');
      const body = this.expr();
      return this.lambda(params, body, t.span.start);
    }
    return this.projection(this.binary(this.unary(), 0));
  }

  /** `e { a, b { c }, d: expr }` on the same line as `e`. */
  private projection(target: Expr): Expr {
    const open = this.peek();
    if (open.kind !== 'punct' || open.text !== '{' || open.newlineBefore) return target;
    const first = this.peekAt(1),
      after = this.peekAt(2);
    if (first.kind !== 'ident' || after.kind !== 'punct' || ![',', '}', '{', ':'].includes(after.text)) return target;
    this.pos++;
    const fields: [string, Expr][] = [];
    while (!this.isPunct('}')) {
      const nameTok = this.peek();
      const name = this.ident();
      let value: Expr;
      if (this.isPunct(':')) {
        this.pos++;
        const e = this.expr();
        // `d: .x + 1` reads the projected value as `.`, as the short lambda would.
        value = e.kind === 'lambda' && e.params[0] === SHORT_LAMBDA_PARAM ? e.body : e;
      } else {
        const self: Expr = { kind: 'id', name: SHORT_LAMBDA_PARAM, span: nameTok.span };
        value = this.projection({ kind: 'field', target: self, name, optional: false, span: nameTok.span });
      }
      fields.push([name, value]);
      if (!this.isPunct('}')) this.expect(',');
    }
    this.expect('}');
    return { kind: 'project', target, fields, span: span(target.span.start, this.prevEnd()) };
  }

  private lambda(params: string[], body: Expr, start: number): Expr {
    return { kind: 'lambda', params, body, span: { start: start, end: body.span.end } };
  }

  /** `(a, b) =>`: a parenthesised identifier list followed by an arrow. */
  private isArrowParams(): boolean {
    let i = 1;
    for (;;) {
      const t = this.peekAt(i);
      if (t.kind === 'punct' && t.text === ')') break;
      if (t.kind !== 'ident') return false;
      const sep = this.peekAt(i + 1);
      if (sep.text === ',') i += 2;
      else if (sep.text === ')') {
        i++;
        break;
      } else return false;
    }
    return this.peekAt(i + 1).kind === 'punct' && this.peekAt(i + 1).text === '=>';
  }

  private ifExpr(): Expr {
    const start = this.next().span.start;
    const cond = this.parenthesized();
    const then = this.expr();
    let otherwise: Expr | undefined;
    if (this.peek().kind === 'ident' && this.peek().text === 'else') {
      this.pos++;
      otherwise = this.expr();
    }
    const end = (otherwise ?? then).span.end;
    return { kind: 'if', cond, then, else: otherwise, span: { start: start, end } };
  }

  private atExpr(): Expr {
    const start = this.next().span.start;
    const time = this.parenthesized();
    const body = this.expr();
    return { kind: 'at', time, body, span: { start: start, end: body.span.end } };
  }

  private parenthesized(): Expr {
    this.expect('(');
    const e = this.expr();
    this.expect(')');
    return e;
  }

  private binary(left: Expr, minPrec: number): Expr {
    for (;;) {
      const t = this.peek();
      const prec = precedenceOf(t);
      // A `-` opening a line starts a new statement.
      if (prec === undefined || prec < minPrec || (t.text === '-' && t.newlineBefore)) return left;
      this.pos++;
      let right = this.unary();
      for (;;) {
        const n = this.peek();
        const np = precedenceOf(n);
        const rightAssoc = np === prec && n.text === '**';
        if (np === undefined || (np <= prec && !rightAssoc) || (n.text === '-' && n.newlineBefore)) break;
        right = this.binary(right, rightAssoc ? prec : prec + 1);
      }
      left = {
        kind: 'binary',
        op: t.text as BinaryOp,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-' || t.text === '~')) {
      this.pos++;
      const operand = this.unary();
      if (
        t.text === '-' &&
        operand.kind === 'lit' &&
        (typeof operand.value === 'number' || typeof operand.value === 'bigint') &&
        operand.span.start === t.span.end
      ) {
        return { kind: 'lit', value: -operand.value, span: { start: t.span.start, end: operand.span.end } };
      }
      return { kind: 'unary', op: t.text, operand, span: { start: t.span.start, end: operand.span.end } };
    }
    return this.postfix(this.primary());
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return e;
      const start = e.span.start;
      if (t.text === '.' || t.text === '?.') {
        this.pos++;
        const optional = t.text === '?.';
        if (optional && this.isPunct('(')) {
          const args = this.args();
          e = { kind: 'call', callee: e, args, optional, span: { start, end: this.prevEnd() } };
        } else if (optional && this.isPunct('[')) {
          this.pos++;
          const index = this.expr();
          this.expect(']');
          e = { kind: 'index', target: e, index, optional, span: { start, end: this.prevEnd() } };
        } else {
          const name = this.ident();
          e = { kind: 'field', target: e, name, optional, span: { start, end: this.prevEnd() } };
        }
      } else if (t.newlineBefore) {
        return e;
      } else if (t.text === '(') {
        const args = this.args();
        e = { kind: 'call', callee: e, args, optional: false, span: { start, end: this.prevEnd() } };
      } else if (t.text === '[') {
        this.pos++;
        const index = this.expr();
        this.expect(']');
        e = { kind: 'index', target: e, index, optional: false, span: { start, end: this.prevEnd() } };
      } else if (t.text === '!') {
        this.pos++;
        e = { kind: 'nonNull', target: e, span: { start, end: this.prevEnd() } };
      } else {
        return e;
      }
    }
  }

  private args(): Expr[] {
    return this.list('(', ')', () => this.expr());
  }

  /** `open item, item, … close`, a trailing comma allowed. */
  private list<T>(open: string, close: string, item: () => T): T[] {
    this.expect(open);
    const out: T[] = [];
    while (!this.isPunct(close)) {
      out.push(item());
      if (!this.isPunct(close)) this.expect(',');
    }
    this.expect(close);
    return out;
  }

  private primary(): Expr {
    const t = this.peek();
    const s = t.span;
    switch (t.kind) {
      case 'num':
      case 'value':
        this.pos++;
        return { kind: 'lit', value: t.value!, span: s };
      case 'str':
        this.pos++;
        return this.stringExpr(t, s);
      case 'ident':
        this.pos++;
        if (t.text === 'true' || t.text === 'false') return { kind: 'lit', value: t.text === 'true', span: s };
        if (t.text === 'null') return { kind: 'lit', value: null, span: s };
        if (t.text === 'let' || t.text === 'else') throw this.unexpected(t);
        return { kind: 'id', name: t.text, span: s };
      case 'eof':
        throw invalidQuery('Unexpected end of query.', s);
      case 'punct':
        break;
    }
    switch (t.text) {
      case '(':
        return this.parenthesized();
      case '[': {
        const items = this.list('[', ']', () => this.expr());
        return { kind: 'array', items, span: { start: s.start, end: this.prevEnd() } };
      }
      case '{':
        return this.isObjectStart() ? this.object() : this.block();
      case '.': {
        // A short lambda: `.ts > t` is `x => x.ts > t`.
        this.pos++;
        const self: Expr = { kind: 'id', name: SHORT_LAMBDA_PARAM, span: s };
        const name = this.ident();
        const first: Expr = {
          kind: 'field',
          target: self,
          name,
          optional: false,
          span: { start: s.start, end: this.prevEnd() },
        };
        if (this.inShortLambda) return this.postfix(first);
        this.inShortLambda = true;
        const body = this.projection(this.binary(this.postfix(first), 0));
        this.inShortLambda = false;
        return { kind: 'lambda', params: [SHORT_LAMBDA_PARAM], body, span: { start: s.start, end: body.span.end } };
      }
    }
    throw this.unexpected(t);
  }

  private stringExpr(t: Token, s: Span): Expr {
    const pieces = t.pieces!;
    if (pieces.length === 1 && pieces[0]!.text !== undefined) return { kind: 'lit', value: pieces[0]!.text, span: s };
    const parts: (string | Expr)[] = pieces.map((piece) => {
      if (piece.text !== undefined) return piece.text;
      const sub = new Parser(this.text, piece.tokens!);
      const e = sub.expr();
      if (sub.peek().kind !== 'eof') throw sub.unexpected();
      return e;
    });
    return { kind: 'template', parts, span: s };
  }

  /** `{}` and `{ name: …` / `{ "name": …` open an object; anything else a block. */
  private isObjectStart(): boolean {
    const a = this.peekAt(1),
      b = this.peekAt(2);
    if (a.kind === 'punct' && a.text === '}') return true;
    return (a.kind === 'ident' || a.kind === 'str') && b.kind === 'punct' && b.text === ':';
  }

  private object(): Expr {
    const start = this.next().span.start;
    const fields: [string, Expr][] = [];
    const seen = new Set<string>();
    while (!this.isPunct('}')) {
      const k = this.next();
      let key: string;
      if (k.kind === 'ident') key = k.text;
      else if (k.kind === 'str' && k.pieces!.length === 1 && k.pieces![0]!.text !== undefined) key = k.pieces![0]!.text;
      else throw this.unexpected(k);
      if (seen.has(key)) throw invalidQuery(`Duplicate object key \`${key}\`.`, k.span);
      seen.add(key);
      this.expect(':');
      fields.push([key, this.expr()]);
      if (!this.isPunct('}')) this.expect(',');
    }
    this.expect('}');
    return { kind: 'object', fields, span: span(start, this.prevEnd()) };
  }

  private block(): Expr {
    const start = this.next().span.start;
    const body = this.statements('}');
    this.expect('}');
    if (body.length === 0) throw invalidQuery('A block must end with an expression.', span(start, this.prevEnd()));
    const last = body[body.length - 1]!;
    if (last.kind === 'let') throw invalidQuery('A block must end with an expression.', last.span);
    return { kind: 'block', body, span: span(start, this.prevEnd()) };
  }

  private ident(): string {
    const t = this.next();
    if (t.kind !== 'ident') throw this.unexpected(t);
    return t.text;
  }

  private expect(p: string): void {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) {
      throw invalidQuery(`Expected \`${p}\` but found ${describe(t)}.`, t.span);
    }
    this.pos++;
  }

  private unexpected(t = this.peek()) {
    return invalidQuery(`Unexpected ${describe(t)}.`, t.span);
  }

  private peek(): Token {
    return this.toks[this.pos]!;
  }
  private peekAt(n: number): Token {
    return this.toks[Math.min(this.pos + n, this.toks.length - 1)]!;
  }
  private next(): Token {
    return this.toks[this.pos++]!;
  }
  private is(end: 'eof' | '}'): boolean {
    const t = this.peek();
    return end === 'eof' ? t.kind === 'eof' : (t.kind === 'punct' && t.text === '}') || t.kind === 'eof';
  }
  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  private prevIs(p: string): boolean {
    const t = this.toks[this.pos - 1];
    return t?.kind === 'punct' && t.text === p;
  }
  private prevEnd(): number {
    return this.toks[this.pos - 1]!.span.end;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof':
      return 'end of query';
    case 'str':
      return 'string';
    case 'num':
      return 'number';
    case 'value':
      return 'value';
    default:
      return `\`${t.text}\``;
  }
}
