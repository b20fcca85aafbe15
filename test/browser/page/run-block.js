// The browser page's work (test/browser/browser.test.ts): fetch block 300025 and its undo data
// (test/vectors/bcoin, INDEX.md §3.7) from the test's loopback server, then decodeBlock, checkBlock
// and connectBlock with every script verified, with the context test/connect-block.test.ts uses.
// Plain JavaScript: it is bundled by esbuild from a temporary app directory, never type-checked
// against a dist/ that a fresh checkout does not have. `kernel` is the package's root module,
// `undo` the shell's undo-file module, `backend` the Secp256k1Backend to verify signatures with.

async function fetchBytes(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function runBlock(kernel, undo, backend, blockBytes, undoBytes) {
  const decoded = kernel.decodeBlock(blockBytes);
  if (!decoded.ok) return { decode: decoded.error.code };
  const block = decoded.value;
  const checked = kernel.checkBlock(block, kernel.NETWORKS.main.consensus.powLimit);
  const spent = undo.parseUndoFile(undoBytes);
  if (!spent.ok) return { decode: 'ok', checkBlock: checked.ok ? 'ok' : checked.error.reason, undo: spent.error.code };
  const view = undo.undoView(block, spent.value);
  if (!view.ok) return { decode: 'ok', checkBlock: checked.ok ? 'ok' : checked.error.reason, undo: view.error };
  const connected = kernel.connectBlock(kernel.utxoSetView(view.value), block, {
    height: 300025,
    prevMedianTimePast: block.header.time - 1, // the fixture carries no chain; its own time is the bound
    medianTimePastAt: () => 0,
    params: kernel.NETWORKS.main.consensus,
    backend,
  });
  return {
    decode: 'ok',
    hash: kernel.toDisplayHex(kernel.blockHash(block.header)),
    txCount: block.transactions.length,
    checkBlock: checked.ok ? 'ok' : checked.error.reason,
    connectBlock: connected.ok
      ? {
          fees: connected.value.fees.toString(),
          inputsChecked: connected.value.inputsChecked,
          sigopsCost: connected.value.sigopsCost,
          scriptFlags: connected.value.scriptFlags,
        }
      : { reason: connected.error.reason, debug: connected.error.debug },
  };
}

/**
 * Runs the block and publishes the outcome as `window.bllvmResult` (read by the test) and as the
 * page's text. `wasm` says whether WebAssembly was there when the page started and, when the page
 * tried to load the WASM backend and could not, why.
 */
export async function publish(kernel, undo, backend, wasm) {
  let result;
  try {
    const [blockBytes, undoBytes] = await Promise.all([fetchBytes('/vectors/block300025.raw'), fetchBytes('/vectors/block300025-undo.raw')]);
    result = { backend: backend.name, wasm, ...runBlock(kernel, undo, backend, blockBytes, undoBytes) };
  } catch (e) {
    result = { backend: backend.name, wasm, thrown: String(e) };
  }
  document.body.textContent = JSON.stringify(result);
  window.bllvmResult = result;
}
