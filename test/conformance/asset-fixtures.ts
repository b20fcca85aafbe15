/**
 * script_assets_test.json entries derived from Core's script_tests.json, so that their expected
 * outcome comes from Core, not from our interpreter: a script_tests case that is OK under flags F
 * (all consensus flags) must stay OK when flags are removed, and a failing one must keep failing
 * when flags are added (Core's DoTest checks both). Those are exactly script_assets' `success`
 * (every consensus subset of F) and `failure` (every consensus superset of F) rules.
 */
import { encodeTransaction, toHex } from '../../kernel/index.js';
import { ByteWriter } from "../../kernel/encoding/writer.js";
import { parseScriptFlags } from '../../kernel/script/flags.js';
import { type ScriptTestCase, VectorStore, readScriptTests } from '../../shell/conformance/data.js';
import { type ScriptAssetEntry, ALL_CONSENSUS_FLAGS, buildCreditingTransaction, buildScriptTest, buildSpendingTransaction } from '../../shell/conformance/suites.js';

const CONSENSUS_MASK = ALL_CONSENSUS_FLAGS.reduce((a, f) => a | f, 0);

/** Whether a script_tests case carries only consensus flags (so script_assets' rule can express it). */
export function hasOnlyConsensusFlags(c: ScriptTestCase): boolean {
  const { flags, unknown } = parseScriptFlags(c.flags);
  return unknown.length === 0 && (flags & ~CONSENSUS_MASK) === 0;
}

/** The script_assets entry for one script_tests case: `success` when Core expects OK, else `failure`. */
export function assetEntryFromScriptTest(c: ScriptTestCase): ScriptAssetEntry {
  const built = buildScriptTest(c);
  const credit = buildCreditingTransaction(built.scriptPubKey, built.amount);
  const spend = buildSpendingTransaction(new Uint8Array(0), [], credit);
  const prevout = new ByteWriter(9 + built.scriptPubKey.length);
  prevout.i64le(built.amount).varBytes(built.scriptPubKey);
  const spending = { scriptSig: toHex(built.scriptSig), witness: built.witness.map((w) => toHex(w)) };
  return {
    tx: toHex(encodeTransaction(spend, false)),
    prevouts: [toHex(prevout.finish())],
    index: 0,
    flags: c.flags,
    comment: `script_tests.json #${c.index}: expects ${c.expected}`,
    ...(c.expected === 'OK' ? { success: spending } : { failure: spending }),
  };
}

/** Every script_tests case with only consensus flags, as script_assets entries. */
export function assetEntriesFromScriptTests(store = new VectorStore()): ScriptAssetEntry[] {
  return readScriptTests(store).cases.filter(hasOnlyConsensusFlags).map(assetEntryFromScriptTest);
}
