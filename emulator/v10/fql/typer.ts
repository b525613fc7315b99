// Typechecking, the part of the core's typer (`fauna/faunadb`'s `ext/fql/shared/src/main/scala/typer/`)
// that common queries meet: the static type of the result, sent as `static_type`, and the check
// that a collection whose documents have no `data` field declared refuses one in `create`,
// `update` and `replace` (`CollectionTypeInfo.scala`: with a wildcard, `data` must be `Null`), and
// a number plus a string.
// What it does not follow types as `Any`, which the core's gradual typer lets through anywhere,
// so the typer never refuses a query that it does not understand.
import { SHORT_LAMBDA_PARAM, type Expr, type Span } from './ast.js';
import { V10Error } from './errors.js';
import type { Rt } from './eval.js';
import { collectionMeta } from './schema.js';
import {
  ANY,
  BOOLEAN,
  NULL,
  NUMBER,
  STRING,
  app,
  display,
  elementOf,
  isNull,
  isNumeric,
  isStringy,
  named,
  nonNull,
  optional,
  union,
  valueType,
  type Ty,
} from './static-types.js';
import { isObj, type Value } from './values.js';

type Env = ReadonlyMap<string, Ty>;

/** A failed check: `invalid_query` "The query failed 1 validation check", its diagnostic in `summary`. */
export function checkFailure(diagnostic: string, span: Span): V10Error {
  return new V10Error('invalid_query', 'The query failed 1 validation check', span).withDiagnostic(diagnostic);
}

/**
 * The static type of `query` as the core displays it; throws the core's check failure where the
 * query writes a `data` field that the collection's documents cannot have, or adds a string to a
 * number.
 */
export function typecheck(rt: Rt, query: Expr, text: string, args: Readonly<Record<string, Value>>): string {
  const env = new Map<string, Ty>();
  for (const k of Object.keys(args)) env.set(k, valueType(args[k]!));
  return display(new Typer(rt, text).infer(query, env));
}

const SET_SAME = new Set(['where', 'distinct', 'drop', 'order', 'reverse', 'take', 'pageSize', 'toSet']);
const ARRAY_SAME = new Set(['where', 'filter', 'distinct', 'drop', 'order', 'reverse', 'take', 'slice']);
const ELEMENT_OR_NULL = new Set(['first', 'last', 'firstWhere', 'lastWhere', 'reduce', 'reduceRight']);
const PREDICATES = new Set(['any', 'every', 'isEmpty', 'nonEmpty', 'includes']);
const EVENT_SOURCES = new Set(['eventSource', 'eventsOn', 'toStream', 'changesOn']);
const INDEX_OF = new Set(['indexOf', 'indexWhere', 'lastIndexOf', 'lastIndexWhere']);
const STRING_TO_STRING = new Set([
  'at',
  'casefold',
  'concat',
  'insert',
  'replace',
  'replaceAll',
  'replaceAllRegex',
  'replaceRegex',
  'slice',
  'toLowerCase',
  'toUpperCase',
]);
const STRING_TO_BOOLEAN = new Set(['endsWith', 'includes', 'includesRegex', 'startsWith']);
const SCHEMA_MODULES = new Set(['Collection', 'Function', 'Role', 'Database']);
const DOC_WRITES = new Set(['update', 'replace', 'updateData', 'replaceData']);
/** The writes whose argument takes the native fields, `data` among them (`createType`, `updateType`, `replaceType`). */
const NATIVE_FIELD_WRITES = new Set(['create', 'update', 'replace']);

class Typer {
  constructor(
    private readonly rt: Rt,
    private readonly text: string,
  ) {}

  infer(e: Expr, env: Env): Ty {
    switch (e.kind) {
      case 'lit':
        return this.literal(e.value, e.span);
      case 'template':
        for (const p of e.parts) if (typeof p !== 'string') this.infer(p, env);
        return STRING;
      case 'id':
        return env.get(e.name) ?? (this.rt.db.collections.has(e.name) ? { k: 'coll', coll: e.name } : ANY);
      case 'array':
        return { k: 'tup', items: e.items.map((x) => this.infer(x, env)) };
      case 'object':
        return { k: 'rec', fields: e.fields.map(([k, v]) => [k, this.infer(v, env)]) };
      case 'block': {
        const inner = new Map(env);
        let last: Ty = NULL;
        for (const s of e.body) {
          if (s.kind === 'let') {
            inner.set(s.name, this.infer(s.value, inner));
            last = NULL;
          } else {
            last = this.infer(s, inner);
          }
        }
        return last;
      }
      case 'if': {
        this.infer(e.cond, env);
        const then = this.infer(e.then, env);
        return e.else ? union(then, this.infer(e.else, env)) : optional(then);
      }
      case 'at':
        this.infer(e.time, env);
        return this.infer(e.body, env);
      case 'lambda':
        this.lambdaResult(e, [], env);
        return ANY;
      case 'unary':
        this.infer(e.operand, env);
        return e.op === '!' ? BOOLEAN : NUMBER;
      case 'binary':
        return this.binary(e.op, this.infer(e.left, env), this.infer(e.right, env), e.right.span);
      case 'field': {
        const target = this.infer(e.target, env);
        if (!e.optional) return this.fieldOf(target, e.name);
        const present = nonNull(target);
        return present === target && !(target.k === 'app' && target.name === 'Ref')
          ? this.fieldOf(target, e.name)
          : optional(this.fieldOf(present, e.name));
      }
      case 'index': {
        const target = this.infer(e.target, env);
        this.infer(e.index, env);
        const i = e.index.kind === 'lit' ? e.index.value : undefined;
        if (target.k === 'tup' && typeof i === 'number') return target.items[i] ?? ANY;
        if (target.k === 'rec' && typeof i === 'string') return this.fieldOf(target, i);
        const elem = elementOf(target);
        return elem !== undefined && target.k === 'app' && target.name === 'Array' ? elem : ANY;
      }
      case 'call':
        return this.call(e, env);
      case 'project': {
        const target = this.infer(e.target, env);
        return this.project(target, e.fields, env);
      }
      case 'nonNull':
        return nonNull(this.infer(e.target, env));
    }
  }

  private literal(v: Value, at: Span): Ty {
    // An interpolated value (a NUL in the text) is typed as the core types values sent with the
    // query; a literal boolean written in the query is its singleton.
    if (typeof v === 'boolean' && this.text[at.start] !== '\0') return { k: 'lit', text: String(v) };
    return valueType(v);
  }

  private binary(op: string, l: Ty, r: Ty, right: Span): Ty {
    switch (op) {
      case '+':
        // A number plus a string: the core's `2 + "a"` (`FQL2BasicSpec`), refused before it runs.
        if (isNumeric(l) && isStringy(r)) throw checkFailure('Type `String` is not a subtype of `Number`', right);
        if (isNumeric(l) && isNumeric(r)) return NUMBER;
        return isStringy(l) && isStringy(r) ? STRING : ANY;
      case '-':
      case '*':
      case '/':
      case '%':
      case '**':
      case '|':
      case '^':
      case '&':
        return NUMBER;
      case '??':
        return union(nonNull(l), r);
      default:
        return BOOLEAN;
    }
  }

  /** Infers a lambda's body with its parameters bound; its result type. */
  private lambdaResult(e: Expr, params: Ty[], env: Env): Ty {
    if (e.kind !== 'lambda') return ANY;
    const inner = new Map(env);
    e.params.forEach((p, i) => inner.set(p, params[i] ?? ANY));
    return this.infer(e.body, inner);
  }

  private fieldOf(t: Ty, name: string): Ty {
    switch (t.k) {
      case 'rec':
        return t.fields.find(([k]) => k === name)?.[1] ?? ANY;
      case 'doc':
        return this.docField(t.coll, name);
      case 'nulldoc':
        return name === 'id' ? named('ID') : name === 'coll' ? { k: 'coll', coll: t.coll } : ANY;
      case 'coll':
        return name === 'definition' ? named('CollectionDef') : ANY;
      case 'app':
        if (t.name === 'Ref') return this.fieldOf(t.arg, name);
        return t.name === 'Array' && name === 'length' ? NUMBER : ANY;
      case 'tup':
        return name === 'length' ? NUMBER : ANY;
      default:
        return name === 'length' && isStringy(t) ? NUMBER : ANY;
    }
  }

  /** A document's field: the meta fields, a declared field by its signature, else `Any`. */
  private docField(coll: string, name: string): Ty {
    if (name === 'id') return named('ID');
    if (name === 'ts') return named('Time');
    if (name === 'ttl') return optional(named('Time'));
    if (name === 'coll') return { k: 'coll', coll };
    const c = this.rt.db.collections.get(coll);
    const declared = c ? collectionMeta(c).extra.fields : undefined;
    const field = isObj(declared) ? declared[name] : undefined;
    const signature = isObj(field) ? field.signature : undefined;
    if (typeof signature !== 'string' || !/^[A-Z][A-Za-z]*\??$/.test(signature)) return ANY;
    return signature.endsWith('?') ? optional(named(signature.slice(0, -1))) : named(signature);
  }

  private call(e: Extract<Expr, { kind: 'call' }>, env: Env): Ty {
    const argTys = e.args.map((a) => (a.kind === 'lambda' ? ANY : this.infer(a, env)));
    if (e.callee.kind !== 'field') {
      const callee = this.infer(e.callee, env);
      if (callee.k === 'coll') return app('Ref', { k: 'doc', coll: callee.coll });
      if (e.callee.kind === 'id' && !env.has(e.callee.name)) return this.globalCall(e.callee.name);
      return ANY;
    }
    const method = e.callee.name;
    const target = this.infer(e.callee.target, env);
    const self = e.callee.optional ? nonNull(target) : target;
    const mapper = method === 'map' ? e.args[0] : undefined;
    const lambdaOf = (elem: Ty) => (mapper ? this.lambdaResult(mapper, [elem], env) : ANY);
    // Lambdas are typed for the checks in their bodies; only `map`'s result type is followed.
    for (const a of e.args) if (a !== mapper) this.lambdaResult(a, [], env);
    const result = this.method(self, method, argTys, lambdaOf, e, env);
    return e.callee.optional && self !== target ? optional(result) : result;
  }

  private globalCall(name: string): Ty {
    if (name === 'Time') return named('Time');
    if (name === 'Date') return named('Date');
    if (name === 'newId' || name === 'ID') return named('ID');
    return ANY;
  }

  private method(
    self: Ty,
    method: string,
    args: Ty[],
    lambdaOf: (elem: Ty) => Ty,
    e: Extract<Expr, { kind: 'call' }>,
    env: Env,
  ): Ty {
    if (self.k === 'coll') return this.collectionMethod(self.coll, method, e, env);
    if (self.k === 'doc' || (self.k === 'app' && self.name === 'Ref' && self.arg.k === 'doc')) {
      const coll = self.k === 'doc' ? self.coll : (self as { arg: { coll: string } }).arg.coll;
      if (NATIVE_FIELD_WRITES.has(method)) this.checkNullData(coll, e, env);
      if (DOC_WRITES.has(method)) return { k: 'doc', coll };
      if (method === 'delete') return { k: 'nulldoc', coll };
      if (method === 'exists') return self.k === 'doc' ? { k: 'lit', text: 'true' } : BOOLEAN;
      return ANY;
    }
    if (self.k === 'app' && self.name === 'Set') return this.setMethod(self.arg, method, args, lambdaOf);
    const elem = elementOf(self);
    if (elem !== undefined) return this.arrayMethod(elem, method, args, lambdaOf);
    if (isStringy(self)) {
      if (STRING_TO_STRING.has(method)) return STRING;
      if (STRING_TO_BOOLEAN.has(method)) return BOOLEAN;
      if (method === 'split' || method === 'splitRegex') return app('Array', STRING);
      return ANY;
    }
    if (
      self.k === 'any' &&
      e.callee.kind === 'field' &&
      e.callee.target.kind === 'id' &&
      !env.has(e.callee.target.name)
    ) {
      return this.moduleMethod(e.callee.target.name, method, args);
    }
    return ANY;
  }

  private collectionMethod(coll: string, method: string, e: Extract<Expr, { kind: 'call' }>, env: Env): Ty {
    const doc: Ty = { k: 'doc', coll };
    switch (method) {
      case 'create':
        this.checkNullData(coll, e, env);
        return doc;
      case 'createData':
        return doc;
      case 'byId':
        return app('Ref', doc);
      case 'firstWhere':
        return optional(doc);
      case 'all':
      case 'where':
        return app('Set', doc);
    }
    const c = this.rt.db.collections.get(coll);
    return c && collectionMeta(c).indexes.has(method) ? app('Set', doc) : ANY;
  }

  private setMethod(elem: Ty, method: string, args: Ty[], lambdaOf: (elem: Ty) => Ty): Ty {
    if (SET_SAME.has(method)) return app('Set', elem);
    if (ELEMENT_OR_NULL.has(method)) return optional(elem);
    if (PREDICATES.has(method)) return BOOLEAN;
    if (EVENT_SOURCES.has(method)) return app('EventSource', elem);
    switch (method) {
      case 'map':
        return app('Set', lambdaOf(elem));
      case 'toArray':
        return app('Array', elem);
      case 'count':
        return NUMBER;
      case 'forEach':
        return NULL;
      case 'paginate':
        return pageOf(elem);
      case 'concat':
        return app('Set', union(elem, elementOf(args[0] ?? ANY) ?? ANY));
    }
    return ANY;
  }

  private arrayMethod(elem: Ty, method: string, args: Ty[], lambdaOf: (elem: Ty) => Ty): Ty {
    if (ARRAY_SAME.has(method)) return app('Array', elem);
    if (ELEMENT_OR_NULL.has(method)) return optional(elem);
    if (PREDICATES.has(method)) return BOOLEAN;
    if (INDEX_OF.has(method)) return optional(named('Int'));
    switch (method) {
      case 'map':
        return app('Array', lambdaOf(elem));
      case 'at':
        return elem;
      case 'toSet':
        return app('Set', elem);
      case 'forEach':
        return NULL;
      case 'concat':
        return app('Array', union(elem, elementOf(args[0] ?? ANY) ?? ANY));
    }
    return ANY;
  }

  /** `Time.now()`, `Math.abs(x)`, `Collection.create({…})`, `Set.sequence(…)`… */
  private moduleMethod(module: string, method: string, args: Ty[]): Ty {
    if (module === 'Time' && ['now', 'fromString', 'epoch'].includes(method)) return named('Time');
    if (module === 'Date' && ['today', 'fromString'].includes(method)) return named('Date');
    if (module === 'Math') return NUMBER;
    if (module === 'Set' && method === 'sequence') return app('Set', NUMBER);
    if (module === 'Set' && method === 'single') return app('Set', args[0] ?? ANY);
    if (module === 'Set' && method === 'paginate') return pageOf(ANY);
    if (SCHEMA_MODULES.has(module)) {
      const def = named(`${module}Def`);
      if (method === 'create') return def;
      if (method === 'byName') return app('NamedRef', def);
      if (method === 'all' || method === 'where') return app('Set', def);
    }
    return ANY;
  }

  /**
   * With no field declared (or a wildcard), a collection's `create`, `update` and `replace` take
   * `data` as `Null`: a value of any other known type is the core's "is not a subtype of `Null`".
   */
  private checkNullData(coll: string, e: Extract<Expr, { kind: 'call' }>, env: Env): void {
    const arg = e.args[0];
    if (arg?.kind !== 'object') return;
    const c = this.rt.db.collections.get(coll);
    if (!c) return;
    const extra = collectionMeta(c).extra;
    const declared = isObj(extra.fields) && Object.keys(extra.fields).length > 0;
    if (declared && typeof extra.wildcard !== 'string') return;
    for (const [k, v] of arg.fields) {
      if (k !== 'data') continue;
      const t = this.infer(v, env);
      if (t.k !== 'any' && !isNull(t)) {
        throw checkFailure(`Type \`${display(t)}\` is not a subtype of \`Null\``, v.span);
      }
    }
  }

  private project(target: Ty, fields: [string, Expr][], env: Env): Ty {
    if (target.k === 'app' && (target.name === 'Set' || target.name === 'Array')) {
      return app(target.name, this.project(target.arg, fields, env));
    }
    if (target.k === 'tup') return app('Array', this.project(elementOf(target)!, fields, env));
    if (target.k === 'app' && target.name === 'Ref') return optional(this.project(target.arg, fields, env));
    if (target.k === 'union')
      return union(...target.members.map((m) => (isNull(m) ? m : this.project(m, fields, env))));
    if (target.k === 'any') return ANY;
    const inner = new Map(env);
    inner.set(SHORT_LAMBDA_PARAM, target);
    return { k: 'rec', fields: fields.map(([k, v]) => [k, this.infer(v, inner)]) };
  }
}

/** What `paginate` gives (`SetCompanion.pageType`). */
function pageOf(elem: Ty): Ty {
  return {
    k: 'rec',
    fields: [
      ['data', app('Array', elem)],
      ['after', optional(STRING)],
    ],
  };
}
