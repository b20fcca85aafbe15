/*
 * Preloaded into bcoin (`node --require this-file`), for the interop tests.
 *
 * The shared bcoin copy (../shared/peers/bcoin) has no compiled native modules: bcoin's own
 * .gitignore drops node_modules/**\/build, so bdb's leveldown.node and bcrypto's bcrypto.node are
 * missing. bcrypto falls back to pure JavaScript with NODE_BACKEND=js; bdb has no such switch and
 * loads its LevelDB binding when it is required, even when bcoin runs with --memory=true, where
 * LevelDB is never used. This shim hands bdb an empty binding instead; any call into it throws.
 * Nothing of bcoin is changed or copied.
 */
'use strict';
const Module = require('module');
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  const loaded = originalLoad.call(this, request, parent, isMain);
  if (request !== 'loady' || typeof loaded !== 'function') return loaded;
  const wrapped = function loady(name, root) {
    if (name === 'leveldown') {
      return new Proxy({}, {
        get: (_, prop) => () => {
          throw new Error(`LevelDB binding (${String(prop)}) is not available here: run bcoin with --memory=true`);
        },
      });
    }
    return loaded.call(this, name, root);
  };
  return Object.assign(wrapped, loaded);
};
