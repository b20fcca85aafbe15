// Starts a worker thread from TypeScript sources (a checkout run through tsx): registers tsx in
// this thread, then loads the worker module named in workerData.entry. Installed packages run the
// compiled .js workers directly and never load this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
