// User-defined functions: CreateFunction keeps the body (a quoted lambda) compiled, Call applies it
// to the arguments in a scope of its own, with the caller's identity (a function's `role` is kept
// in its document but not applied).
import type { Json } from '../../core/json.js';
import { LambdaVal, NATIVE, QueryVal, Ref, type Obj, type Value } from '../../core/values.js';
import type { Ctx } from '../../core/context.js';
import type { UserFunction } from '../../store/database.js';
import { asObject, asRef } from './cast.js';
import type { Form } from './compile.js';
import { applyLambda } from './control.js';
import { expected, instanceExists, invalidRef, type Path } from './errors.js';
import { schemaValue } from './read.js';
import { begin, created, nameOf, pick } from './schema.js';
import { databaseOf } from './scope.js';
import { named, unary } from './form-kinds.js';

function compileBody(ctx: Ctx, body: Value | undefined, pos: Path): LambdaVal {
  if (!(body instanceof QueryVal) && !(body instanceof LambdaVal)) throw expected('Lambda', body ?? null, pos);
  const lambda = ctx.state.compile(body.raw as Json, pos)({ ...ctx, vars: [] });
  if (!(lambda instanceof LambdaVal)) throw expected('Lambda', lambda, pos);
  return lambda;
}

function createFunction(ctx: Ctx, p: Obj, pos: Path): Value {
  const db = begin(ctx, 'functions', p, pos);
  const name = nameOf(p, pos);
  if (db.functions.has(name)) throw instanceExists('Function already exists.', pos);
  const lambda = compileBody(ctx, p.body, [...pos, 'create_function', 'body']);
  const fn: UserFunction = {
    ref: new Ref(name, NATIVE.functions),
    ts: ctx.txnTs,
    definition: { name, body: new QueryVal(lambda.raw), ...pick(p, ['data', 'role']) },
    lambda,
  };
  db.functions.set(name, fn);
  ctx.undo.push(() => db.functions.delete(name));
  return created(ctx, schemaValue(fn));
}

function functionOf(ctx: Ctx, v: Value, pos: Path): UserFunction {
  const ref = typeof v === 'string' ? new Ref(v, NATIVE.functions) : asRef(v, pos);
  if (ref.collection?.id !== 'functions' || ref.collection.collection) throw expected('Function Ref', v, pos);
  const fn = databaseOf(ctx, ref.database, pos).functions.get(ref.id);
  if (!fn || fn.ts > ctx.readTs) throw invalidRef('function', ref.id, pos);
  return fn;
}

export const userFunctionForms: Form[] = [
  unary('create_function', (v, _, pos, ctx) => createFunction(ctx, asObject(v, pos), pos.slice(0, -1))),
  named('call', [], ['arguments'], (args, pos, ctx) => {
    const f = functionOf(ctx, args.call!, [...pos, 'call']);
    return applyLambda({ ...ctx, vars: [] }, f.lambda, args.arguments ?? [], pos);
  }),
];
