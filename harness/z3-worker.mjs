// One z3 instance per worker thread (z3-solver serialises check() per module instance).
// Receives SMT-LIB queries, answers sat/unsat/unknown with the model of sat queries.
import { parentPort } from 'node:worker_threads';
import { init, killThreads } from 'z3-solver';

const api = await init();
// A fresh context per proof: a query's solving time must not depend on what this worker solved
// before (measured: a long-lived context made one proof time out that takes 2 s when fresh).
let Z = api.Context('worker0');
let contexts = 0;
let lastRlimit = 0;

function rlimitOf(solver) {
  try {
    const entry = solver
      .statistics()
      .entries()
      .find((e) => e.key === 'rlimit count');
    const total = entry === undefined ? 0 : Number(entry.value);
    const delta = total >= lastRlimit ? total - lastRlimit : total;
    lastRlimit = total;
    return delta;
  } catch {
    return 0;
  }
}

async function solve(q) {
  const s = new Z.Solver();
  try {
    s.set('rlimit', q.rlimit);
    s.set('timeout', q.timeoutMs);
    s.fromString(q.smt);
    const t0 = performance.now();
    const result = await s.check();
    const out = { result, ms: Math.round(performance.now() - t0), rlimit: rlimitOf(s) };
    if (result === 'unknown') out.reason = s.reasonUnknown();
    if (result === 'sat') {
      const m = s.model();
      const model = {};
      for (const d of m.decls()) {
        const v = m.get(d);
        if (Z.isIntVal(v)) model[d.name()] = v.value().toString();
        else if (Z.isTrue(v)) model[d.name()] = 'true';
        else if (Z.isFalse(v)) model[d.name()] = 'false';
      }
      out.model = model;
    }
    return out;
  } catch (e) {
    return { result: 'unknown', ms: 0, rlimit: 0, reason: `solver error: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    s.release();
  }
}

parentPort.on('message', async (msg) => {
  if (msg.type === 'stop') {
    await killThreads(api.em);
    parentPort.postMessage({ type: 'stopped' });
    return;
  }
  contexts += 1;
  Z = api.Context(`worker${contexts}`);
  lastRlimit = 0;
  const results = [];
  for (const q of msg.queries) results.push(await solve(q));
  parentPort.postMessage({ type: 'done', id: msg.id, results });
});
parentPort.postMessage({ type: 'ready' });
