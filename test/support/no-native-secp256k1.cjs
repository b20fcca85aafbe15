// Preloaded with `node --require` to make both native secp256k1 bindings unloadable, as on a
// platform the `secp256k1` package ships no binary for and where bcrypto's addon could not be built
// at install: requiring either fails as it fails there. Worker threads inherit the flag. Used by
// test/signatures/native-fallback.test.ts.
const Module = require('node:module');
const resolve = Module._resolveFilename;
const BLOCKED = new Set(['secp256k1/bindings', 'bcrypto/lib/native/binding']);
Module._resolveFilename = function (request, ...rest) {
  if (BLOCKED.has(request)) throw new Error(`No native build was found for platform=test (no-native-secp256k1.cjs: ${request})`);
  return resolve.call(this, request, ...rest);
};
