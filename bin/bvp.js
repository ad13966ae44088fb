#!/usr/bin/env node
// Node ≥22.18 could strip types itself; on Node 20 the tsx loader does it, so the same .ts source runs everywhere.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
