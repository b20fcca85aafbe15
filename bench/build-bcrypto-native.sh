#!/usr/bin/env bash
# Builds bcrypto's native addon (bcoin's crypto library, at the version bcoin pins) outside the
# repository, for the "bcoin native" side of `npm run bench` (bench/bcoin.ts). The shared bcoin
# ships without compiled addons. Needs g++, make and python3 (node-gyp) and Node's headers
# (/usr/include/node from Debian's nodejs, or --nodedir); takes about a minute on 2 cores.
#   bash bench/build-bcrypto-native.sh [DEST]   (default /tmp/bllvm-bcrypto-native)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bcoin="${BLLVM_BCOIN_DIR:-$here/../shared/peers/bcoin}"
[ -d "$bcoin" ] || bcoin=/work/shared/peers/bcoin
version="$(node -p "require('$bcoin/package.json').dependencies.bcrypto")"
dest="${1:-/tmp/bllvm-bcrypto-native}"
mkdir -p "$dest/node_modules" "$dest/pack"
cd "$dest/pack"
# The registry tarball has deps/ (libtorsion, secp256k1 sources) that the shared copy lacks.
npm pack "bcrypto@$version" >/dev/null
rm -rf "$dest/node_modules/bcrypto" package
tar xzf "bcrypto-$version.tgz"
mv package "$dest/node_modules/bcrypto"
cd "$dest/node_modules/bcrypto"
nodedir="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$nodedir/include/node/node.h" ] || nodedir=/usr
node "$(dirname "$(command -v npm)")/../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="$nodedir" -j 2 >"$dest/build.log" 2>&1 || {
  node "$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js" rebuild --nodedir="$nodedir" -j 2 >"$dest/build.log" 2>&1
}
ls -l "$dest/node_modules/bcrypto/build/Release/bcrypto.node"
echo "export BLLVM_BCRYPTO_NATIVE=$dest/node_modules/bcrypto"
