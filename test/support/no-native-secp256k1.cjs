// Preloaded with `node --require` to make the native secp256k1 binding unloadable, as on a platform
// the `secp256k1` package ships no binary for: requiring 'secp256k1/bindings' fails as
// node-gyp-build fails there. Worker threads inherit the flag. Used by test/signatures/native-fallback.test.ts.
const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'secp256k1/bindings') throw new Error('No native build was found for platform=test (no-native-secp256k1.cjs)');
  return resolve.call(this, request, ...rest);
};
