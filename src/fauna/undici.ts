// The two parts of undici this client uses: its connection pool and its socket connector.
// undici's index also loads fetch, WebSocket, caches, mocks and proxies, which costs about a
// tenth of a second at every start of the connector, before its first query; the files of the
// pool and the connector load only what they need. undici has no `exports` map, so these paths
// are public files of the package (the same ones its index re-exports).
import { createRequire } from 'node:module';
import type { buildConnector as BuildConnector, Pool as UndiciPool } from 'undici';

const require = createRequire(import.meta.url);

export const Pool = require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
export type Pool = UndiciPool;
export const buildConnector = require('undici/lib/core/connect.js') as typeof BuildConnector;
export type Connector = BuildConnector.connector;
