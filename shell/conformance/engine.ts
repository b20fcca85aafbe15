/**
 * The kernel as the conformance suites use it: Core's VerifyScript with a
 * TransactionSignatureChecker over per-transaction precomputed data, and block sigop cost.
 */
import type { Transaction, TxOut } from '../../kernel/index.js';
import { DEFAULT_BACKEND, type Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import { precomputeTransactionData } from '../../kernel/script/sighash.js';
import { getTransactionSigOpCost } from '../../kernel/script/sigops.js';
import { createTransactionSignatureChecker } from '../../kernel/script/tx-checker.js';
import { verifyScript } from '../../kernel/script/verify.js';
import type { ScriptEngine } from './suites.js';

/** A ScriptEngine over the kernel with the given signature backend (default: the kernel's default). */
export function kernelEngine(backend: Secp256k1Backend = DEFAULT_BACKEND): ScriptEngine {
  return {
    name: `kernel (${backend.name})`,
    prepare(tx: Transaction, spentOutputs: readonly TxOut[]) {
      const precomputed = precomputeTransactionData(tx, spentOutputs.length === tx.inputs.length ? spentOutputs : undefined);
      return (inputIndex: number, flags: number) => {
        const input = tx.inputs[inputIndex];
        const spent = spentOutputs[inputIndex];
        if (input === undefined || spent === undefined) throw new Error(`no input or spent output ${inputIndex}`);
        const checker = createTransactionSignatureChecker(tx, inputIndex, spent.value, precomputed, backend);
        return verifyScript(input.scriptSig, spent.scriptPubKey, input.witness, flags, checker);
      };
    },
    transactionSigOpCost(tx: Transaction, spentOutputs: readonly TxOut[], flags: number): number {
      return getTransactionSigOpCost(tx, spentOutputs, flags);
    },
  };
}
