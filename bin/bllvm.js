#!/usr/bin/env node
// Entry point of `npx bllvm`. In a checkout (TypeScript sources present) it runs them through
// tsx; in an installed package it runs the compiled dist/ build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../shell/cli/main.ts', import.meta.url));
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source);
} else {
  cli = await import('../dist/shell/cli/main.js');
}
process.exitCode = await cli.main(process.argv.slice(2));
