#!/usr/bin/env node
// Launcher: registers tsx's loader so `npx stratum …` runs the TypeScript CLI without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
