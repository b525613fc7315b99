#!/usr/bin/env node
import module from 'node:module';
import { ensureBuilt } from './ensure-built.js';

// Node.js 22.1+ keeps the compiled code of the modules in its cache (under the OS temp folder):
// the next start of the connector on this machine skips most of the compile. Older ones lack it.
module.enableCompileCache?.();

ensureBuilt('src/cli.js');
await import('../dist/src/cli.js');
