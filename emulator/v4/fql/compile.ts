// Turns wire JSON into closures, resolving forms by their exact key set and variables to slots, so
// unknown forms and unbound variables fail before anything runs, as on Fauna (the core's
// `ext/model/src/main/scala/ast/Parser.scala`).
import { setKey, type Json } from '../../core/json.js';
import { Dbl, type Obj, type Value } from '../../core/values.js';
import type { Expr } from '../../core/context.js';
import { invalidExpression, type Path } from './errors.js';
import { decodeEscape, isEscape } from './literal.js';

export type JsonObj = { [key: string]: Json };

export interface Form {
  /** The function's own key, e.g. `paginate`. */
  key: string;
  /** Keys that must be present besides `key`. */
  required?: string[];
  /** Keys that may be present. */
  optional?: string[];
  compile(c: Compiler, o: JsonObj, pos: Path): Expr;
}

export class Compiler {
  private scopes: Map<string, number>[] = [new Map()];
  slots = 0;

  constructor(private readonly forms: Map<string, Form[]>) {}

  expr(raw: Json, pos: Path): Expr {
    if (raw === null || typeof raw !== 'object' || raw instanceof Dbl) {
      const v = raw as Value;
      return () => v;
    }
    if (Array.isArray(raw)) return this.array(raw, pos);
    return this.object(raw, pos);
  }

  /** Compiles `o[key]` at `pos + key`. */
  arg(o: JsonObj, key: string, pos: Path): Expr {
    return this.expr(o[key]!, [...pos, key]);
  }

  optionalArg(o: JsonObj, key: string, pos: Path): Expr | undefined {
    return key in o ? this.arg(o, key, pos) : undefined;
  }

  /** Compiles `body` with `names` bound to fresh slots, returning the slots. */
  scoped<T>(names: (string | null)[], body: (slots: (number | null)[]) => T): T {
    const scope = new Map<string, number>();
    const slots = names.map((n) => {
      if (n === null) return null;
      const slot = this.slots++;
      scope.set(n, slot);
      return slot;
    });
    this.scopes.push(scope);
    try {
      return body(slots);
    } finally {
      this.scopes.pop();
    }
  }

  /** Binds one more name in the innermost scope (sequential `let`). */
  bind(name: string): number {
    const slot = this.slots++;
    this.scopes[this.scopes.length - 1]!.set(name, slot);
    return slot;
  }

  lookup(name: string, pos: Path): number {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const slot = this.scopes[i]!.get(name);
      if (slot !== undefined) return slot;
    }
    throw invalidExpression(`Variable '${name}' is not defined.`, pos);
  }

  private array(raw: Json[], pos: Path): Expr {
    const items = raw.map((r, i) => this.expr(r, [...pos, i]));
    return (ctx) => {
      const out: Value[] = new Array(items.length);
      for (let i = 0; i < items.length; i++) out[i] = items[i]!(ctx);
      return out;
    };
  }

  private object(raw: JsonObj, pos: Path): Expr {
    const keys = Object.keys(raw);
    if (keys.length === 1 && keys[0] === 'object') return this.objectLiteral(raw.object!, [...pos, 'object']);
    if (keys.length === 1 && keys[0] === '@set' && isObject(raw['@set']!))
      return this.object(raw['@set'], [...pos, '@set']);
    if (keys.length === 1 && isEscape(keys[0]!)) {
      const v = decodeEscape(keys[0]!, raw[keys[0]!]!, pos);
      return () => v;
    }
    for (const k of keys) {
      for (const form of this.forms.get(k) ?? []) {
        if (fits(form, keys)) return form.compile(this, raw, pos);
      }
    }
    throw invalidExpression(`No form/function found, or invalid argument keys: { ${keys.join(', ')} }.`, pos);
  }

  private objectLiteral(raw: Json, pos: Path): Expr {
    if (!isObject(raw)) throw invalidExpression('Object expected.', pos);
    const fields = Object.keys(raw).map((k) => [k, this.expr(raw[k]!, [...pos, k])] as const);
    return (ctx) => {
      const o: Obj = {};
      for (const [k, e] of fields) setKey(o, k, e(ctx));
      return o;
    };
  }
}

function isObject(raw: Json): raw is JsonObj {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) && !(raw instanceof Dbl);
}

function fits(form: Form, keys: string[]): boolean {
  for (const r of form.required ?? []) if (!keys.includes(r)) return false;
  for (const k of keys) {
    if (k !== form.key && !form.required?.includes(k) && !form.optional?.includes(k)) return false;
  }
  return true;
}

export function formTable(families: Form[][]): Map<string, Form[]> {
  const table = new Map<string, Form[]>();
  for (const f of families.flat()) table.set(f.key, [...(table.get(f.key) ?? []), f]);
  return table;
}
