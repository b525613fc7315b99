// Runs FQL built with the official driver against an in-process Engine and decodes the answers
// with the driver's own parser, so engine tests see what a client would.
import assert from 'node:assert/strict';
import faunadb from 'faunadb';
import { Engine, type EngineOptions } from '../../../emulator/engine.js';

export const q = faunadb.query;
export const { values } = faunadb;

export interface Answer {
  status: number;
  body: string;
  txnTime: number;
  json: any;
}

export class Harness {
  readonly engine: Engine;
  constructor(options: Partial<EngineOptions> = {}) {
    this.engine = new Engine({ rootSecret: 'secret', ...options });
  }

  /** Runs with the root secret unless a secret (possibly undefined: none) is given. */
  run(expr: unknown, ...auth: [string?]): Answer {
    const secret = auth.length ? auth[0] : 'secret';
    const body = typeof expr === 'string' ? expr : JSON.stringify(expr);
    const r = this.engine.query({ secret, body });
    return { ...r, json: faunadb.parseJSON(r.body) };
  }

  /** The resource of a successful query. */
  ok(expr: unknown, secret = 'secret'): any {
    const a = this.run(expr, secret);
    assert.ok(a.status < 300, `expected success, got ${a.status} ${a.body}`);
    return a.json.resource;
  }

  /** The first error of a failed query, with its HTTP status. */
  fail(
    expr: unknown,
    secret = 'secret',
  ): { status: number; code: string; description: string; position?: unknown[]; failures?: unknown[] } {
    const a = this.run(expr, secret);
    assert.ok(a.status >= 400, `expected an error, got ${a.status} ${a.body}`);
    return { status: a.status, ...a.json.errors[0] };
  }
}

export function ids(page: { data: any[] }): string[] {
  return page.data.map((r: any) => r.id);
}
