// Projections, `x { a, b { c }, d: expr }` (the core's `evalProject` in
// `runtime/fql2/FQLInterpreter.scala` of `fauna/faunadb`): on a document or an object, the object
// of the named fields; on an array or a set, the projection of each element (a set stays lazy); a
// null document projects to null; anything else is itself.
import { SHORT_LAMBDA_PARAM, type Expr } from './ast.js';
import { applyLambda, evaluate, type Env, type Rt } from './eval.js';
import { resolveDoc } from './documents.js';
import { setMethod } from './sets.js';
import { Doc, DocView, Lambda, NamedDoc, NamedDocView, NullDoc, SetValue, isObj, type Value } from './values.js';

type Projection = Extract<Expr, { kind: 'project' }>;

const lambdas = new WeakMap<Projection, Expr>();

/** The projection as a lambda over `.`, made once per projection in the query. */
function lambdaOf(e: Projection): Expr {
  let fn = lambdas.get(e);
  if (!fn) {
    const body: Expr = { kind: 'object', fields: e.fields, span: e.span };
    fn = { kind: 'lambda', params: [SHORT_LAMBDA_PARAM], body, span: e.span };
    lambdas.set(e, fn);
  }
  return fn;
}

export function project(rt: Rt, v: Value, e: Projection, env: Env): Value {
  const target = v instanceof Doc || v instanceof NamedDoc ? resolveDoc(rt, v) : v;
  if (target instanceof NullDoc) return null;
  const fn = evaluate(rt, lambdaOf(e), env) as Lambda;
  if (Array.isArray(target)) return target.map((x) => applyLambda(fn, [x], e.span));
  if (target instanceof SetValue) return setMethod(rt, target, 'map', [fn], e.span)!;
  if (isObj(target) || target instanceof Doc || target instanceof NamedDoc) return applyLambda(fn, [target], e.span);
  if (target instanceof DocView || target instanceof NamedDocView) return applyLambda(fn, [target], e.span);
  return target;
}
