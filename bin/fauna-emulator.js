#!/usr/bin/env node
import { ensureBuilt } from './ensure-built.js';

ensureBuilt('emulator/cli.js');
await import('../dist/emulator/cli.js');
