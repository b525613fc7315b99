// The parts of undici this client uses: its connection pool, its request API and its socket connector.
// undici's index also loads fetch, WebSocket, caches, mocks and proxies, which costs about a
// tenth of a second at every start of the connector, before its first query; the files of the
// pool and the connector load only what they need. undici has no `exports` map, so these paths
// are public files of the package (the same ones its index re-exports).
import { createRequire } from 'node:module';
import type { buildConnector as BuildConnector, Dispatcher, Pool as UndiciPool } from 'undici';

const require = createRequire(import.meta.url);

export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
export type Pool = UndiciPool;
type RequestApi = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
const requestApi = require('undici/lib/api/api-request.js') as RequestApi;

/** `dispatcher.request(options)`: undici's index assigns this function to every dispatcher's prototype. */
export function request(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return requestApi.call(dispatcher, options);
}

export const buildConnector = require('undici/lib/core/connect.js') as typeof BuildConnector;
export type Connector = BuildConnector.connector;
