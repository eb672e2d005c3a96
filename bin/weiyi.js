#!/usr/bin/env node
// The `weiyi` command: runs the TypeScript entry point through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
