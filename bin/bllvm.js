#!/usr/bin/env node
// Entry point of `npx bllvm`. In a checkout (TypeScript sources present) it runs them through
// tsx; in an installed package it runs the compiled dist/ build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../shell/cli/main.ts', import.meta.url));
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source);
} else {
  await import('../dist/shell/cli/main.js');
}
