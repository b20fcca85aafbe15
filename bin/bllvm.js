#!/usr/bin/env node
// Entry point of `npx bllvm`. In a checkout (TypeScript sources present) it runs them through
// tsx; in an installed package it runs the compiled dist/ build.
//
// `prove` and `mutate` run in a child node with 64 MB semi-spaces (V8's young generation):
// their main thread makes millions of z3 terms and keeps most of them to the end of the run, and
// with the default 16 MB its scavenges paused it 1,078 times for 7.3 s of a cold `prove`
// (274 times, 3.5 s with 64 MB; CI.md "Expected times"). V8 takes the size only at start;
// foreground-child gives the child this process's stdio, forwards its signals and exits as it
// exits.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const YOUNG_GENERATION = '--max-semi-space-size=64';
const translating = process.argv[2] === 'prove' || process.argv[2] === 'mutate';

if (translating && !process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  const { foregroundChild } = await import('foreground-child');
  foregroundChild(process.execPath, [YOUNG_GENERATION, ...process.execArgv, ...process.argv.slice(1)]);
} else {
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
}
