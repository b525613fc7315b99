// The FQL v10 syntax tree (the core's `ext/fql/shared/src/main/scala/ast/`). Every node carries the
// span of source text it came from, so a runtime error can point at the expression that failed.
// Template values (the driver's interpolations and `arguments`) enter the tree as `lit` nodes
// holding runtime values.
import type { Value } from './values.js';

/** Offsets into the query text: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp =
  | '??'
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'isa'
  | '|'
  | '^'
  | '&'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '**';

export type Expr =
  | { kind: 'lit'; value: Value; span: Span }
  /** A string with `#{expr}` interpolations; `parts` alternate text and expressions. */
  | { kind: 'template'; parts: (string | Expr)[]; span: Span }
  | { kind: 'id'; name: string; span: Span }
  | { kind: 'array'; items: Expr[]; span: Span }
  | { kind: 'object'; fields: [string, Expr][]; span: Span }
  | { kind: 'block'; body: Stmt[]; span: Span }
  | { kind: 'if'; cond: Expr; then: Expr; else: Expr | undefined; span: Span }
  | { kind: 'at'; time: Expr; body: Expr; span: Span }
  | { kind: 'lambda'; params: string[]; body: Expr; span: Span }
  | { kind: 'unary'; op: '!' | '-' | '~'; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  /** `a.b` and `a?.b`. */
  | { kind: 'field'; target: Expr; name: string; optional: boolean; span: Span }
  /** `a[i]` and `a?.[i]`. */
  | { kind: 'index'; target: Expr; index: Expr; optional: boolean; span: Span }
  /** `f(args)` and `f?.(args)`; a method call is a call whose callee is a `field`. */
  | { kind: 'call'; callee: Expr; args: Expr[]; optional: boolean; span: Span }
  /** `target { a, b { c }, d: expr }`: each field is evaluated with the projected value as `.`. */
  | { kind: 'project'; target: Expr; fields: [string, Expr][]; span: Span }
  /** The postfix `!` assertion: fails on null and on null documents. */
  | { kind: 'nonNull'; target: Expr; span: Span };

export type Stmt = { kind: 'let'; name: string; value: Expr; span: Span } | Expr;

/** The implicit parameter of a short lambda such as `.where(.ts > t)`; no identifier can spell it. */
export const SHORT_LAMBDA_PARAM = '.this';

export function span(start: number, end: number): Span {
  return { start, end };
}
