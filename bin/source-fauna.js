#!/usr/bin/env node
import { ensureBuilt } from './ensure-built.js';

ensureBuilt('src/cli.js');
await import('../dist/src/cli.js');
