/**
 * The script verification flags of a block (SPEC.md §5.5): Core's GetBlockScriptFlags
 * (src/validation.cpp) over the real kernel/validation/script-flags.ts, stated with Core's literal
 * flag bits (src/script/interpreter.h: P2SH 1 << 0, DERSIG 1 << 2, NULLDUMMY 1 << 4,
 * CHECKLOCKTIMEVERIFY 1 << 9, CHECKSEQUENCEVERIFY 1 << 10, WITNESS 1 << 11, TAPROOT 1 << 17), each
 * network's literal buried-deployment heights (src/kernel/chainparams.cpp) and its
 * script_flag_exceptions blocks by their literal hashes.
 */
import { int, nat31, proof } from '../harness/dsl.js';
import { NETWORKS } from '../kernel/chain/params.js';
import { getBlockScriptFlags } from '../kernel/validation/script-flags.js';

/** Mainnet's BIP16 exception (block 170,060): Core checks it with SCRIPT_VERIFY_NONE. */
const MAIN_BIP16_EXCEPTION = '00000000000002dc756eebf4f49723ed8d30cc28a5f108eb94b1ba88ac4f9c22';
/** Mainnet's Taproot exception (block 692,261): Core checks it with P2SH | WITNESS only. */
const MAIN_TAPROOT_EXCEPTION = '0000000000000000000f14c35b2d841e986ab5441de8c585d5ffe55ea1e395ad';
/** Testnet3's BIP16 exception: SCRIPT_VERIFY_NONE. */
const TESTNET3_BIP16_EXCEPTION = '00000000dd30457c001f4095d208cc1296b0eed002427aa599874af7a432b105';
/** A hash that is no exception (mainnet's genesis block). */
const OTHER_HASH = '000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f';

export const mainnetScriptFlags = proof('mainnet script flags: P2SH, WITNESS, TAPROOT always, DERSIG, CLTV, CSV, NULLDUMMY from their heights, two exception blocks', {
  fn: getBlockScriptFlags,
  spec: '§5.5',
  statement:
    'On mainnet, for every height h in [0, 2^31 - 1] and the block hash being the BIP16 exception (00000000000002dc...9c22), the Taproot exception (0000000000000000000f14c3...95ad) or another hash (the genesis hash): GetBlockScriptFlags = base | (h >= 363725 ? 1 << 2 : 0) | (h >= 388381 ? 1 << 9 : 0) | (h >= 419328 ? 1 << 10 : 0) | (h >= 481824 ? 1 << 4 : 0), with base 0 for the BIP16 exception, (1 << 0) | (1 << 11) for the Taproot exception and (1 << 0) | (1 << 11) | (1 << 17) otherwise.',
  inputs: { height: nat31(), which: int(0, 2) },
  // One case per stretch between activation heights: each height comparison is then constant.
  split: { on: 'height', cases: [[0, 363724], [363725, 388380], [388381, 419327], [419328, 481823], [481824, 2 ** 31 - 1]] },
  ensures: ({ height, which }) => {
    const hash = which === 0 ? MAIN_BIP16_EXCEPTION : which === 1 ? MAIN_TAPROOT_EXCEPTION : OTHER_HASH;
    const base = which === 0 ? 0 : which === 1 ? (1 << 0) | (1 << 11) : (1 << 0) | (1 << 11) | (1 << 17);
    const expected =
      base | (height >= 363725 ? 1 << 2 : 0) | (height >= 388381 ? 1 << 9 : 0) | (height >= 419328 ? 1 << 10 : 0) | (height >= 481824 ? 1 << 4 : 0);
    return getBlockScriptFlags(height, hash, NETWORKS.main.consensus) === expected;
  },
  covers: {
    'genesis: P2SH | WITNESS | TAPROOT only': ({ height, which }) => height === 0 && which === 2,
    'the block before BIP66': ({ height }) => height === 363724,
    'the BIP66 block': ({ height }) => height === 363725,
    'the block before BIP65': ({ height }) => height === 388380,
    'the BIP65 block': ({ height }) => height === 388381,
    'the block before CSV': ({ height }) => height === 419327,
    'the CSV block': ({ height }) => height === 419328,
    'the block before SegWit': ({ height }) => height === 481823,
    'the SegWit block': ({ height }) => height === 481824,
    'the BIP16 exception at its height 170060': ({ height, which }) => height === 170060 && which === 0,
    'the Taproot exception at its height 692261': ({ height, which }) => height === 692261 && which === 1,
  },
});

export const testnet3ScriptFlags = proof('testnet3 script flags: its own heights and its BIP16 exception block', {
  fn: getBlockScriptFlags,
  spec: '§5.5',
  statement:
    'On testnet3, for every height h in [0, 2^31 - 1] and the block hash being its BIP16 exception (00000000dd30457c...b105) or another hash: GetBlockScriptFlags = base | (h >= 330776 ? 1 << 2 : 0) | (h >= 581885 ? 1 << 9 : 0) | (h >= 770112 ? 1 << 10 : 0) | (h >= 834624 ? 1 << 4 : 0), base 0 for the exception and (1 << 0) | (1 << 11) | (1 << 17) otherwise; mainnet\'s Taproot exception hash is no exception here.',
  inputs: { height: nat31(), which: int(0, 2) },
  split: { on: 'height', cases: [[0, 330775], [330776, 581884], [581885, 770111], [770112, 834623], [834624, 2 ** 31 - 1]] },
  ensures: ({ height, which }) => {
    const hash = which === 0 ? TESTNET3_BIP16_EXCEPTION : which === 1 ? MAIN_TAPROOT_EXCEPTION : OTHER_HASH;
    const base = which === 0 ? 0 : (1 << 0) | (1 << 11) | (1 << 17);
    const expected =
      base | (height >= 330776 ? 1 << 2 : 0) | (height >= 581885 ? 1 << 9 : 0) | (height >= 770112 ? 1 << 10 : 0) | (height >= 834624 ? 1 << 4 : 0);
    return getBlockScriptFlags(height, hash, NETWORKS.testnet3.consensus) === expected;
  },
  covers: {
    'the block before BIP66': ({ height }) => height === 330775,
    'the BIP66 block': ({ height }) => height === 330776,
    'the block before BIP65': ({ height }) => height === 581884,
    'the BIP65 block': ({ height }) => height === 581885,
    'the block before CSV': ({ height }) => height === 770111,
    'the CSV block': ({ height }) => height === 770112,
    'the block before SegWit': ({ height }) => height === 834623,
    'the SegWit block': ({ height }) => height === 834624,
    'the BIP16 exception': ({ which }) => which === 0,
  },
});

export const regtestScriptFlags = proof('regtest script flags: NULLDUMMY from genesis (SegWit at 0), every other rule from height 1, none excepted', {
  fn: getBlockScriptFlags,
  spec: '§5.5',
  statement:
    'On regtest (SegWit at height 0, BIP66, BIP65 and CSV at height 1, no exception blocks), for every height h in [0, 2^31 - 1] and any of the three hashes above: GetBlockScriptFlags = (1 << 0) | (1 << 11) | (1 << 17) | (1 << 4) at h = 0, and that | (1 << 2) | (1 << 9) | (1 << 10) from h = 1.',
  inputs: { height: nat31(), which: int(0, 2) },
  split: { on: 'height', cases: [[0, 0], [1, 2 ** 31 - 1]] },
  ensures: ({ height, which }) => {
    const hash = which === 0 ? MAIN_BIP16_EXCEPTION : which === 1 ? TESTNET3_BIP16_EXCEPTION : OTHER_HASH;
    const genesis = (1 << 0) | (1 << 11) | (1 << 17) | (1 << 4);
    return getBlockScriptFlags(height, hash, NETWORKS.regtest.consensus) === (height >= 1 ? genesis | (1 << 2) | (1 << 9) | (1 << 10) : genesis);
  },
  covers: { genesis: ({ height }) => height === 0, 'block 1': ({ height }) => height === 1 },
});
