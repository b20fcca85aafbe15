/**
 * Why some comparisons in proved kernel functions keep a boundary side that no proof reaches
 * (the generated boundary covers, harness/runner/boundaries.ts; docs/PROOFS.md lists them).
 * Keyed by `function: comparison text` as `npx bllvm prove` prints them. Each entry says why the
 * side cannot be reached, or why no proof reaches it; an unpinned comparison without an entry
 * fails `npx bllvm prove`.
 */
export const BOUNDARY_NOTES: Readonly<Record<string, string>> = {
  // Unreachable by construction: an earlier line handles the boundary value itself.
  'pushInt: value >= 0n': 'Just false is value = -1, which returns OP_1NEGATE on the line before; the false side is reached from -2 on (pushIntSmallValues).',
  'encodeScriptNum: value < 0n': 'Just false is value = 0, which returns the empty array on the line before; the round-trip proofs reach 1 and -1.',
  'lexicographicLess: x < y': 'Evaluated only where x !== y (the line reads `if (x !== y) return x < y`): just false at the boundary would be x = y; x = y + 1 is reached (tapbranchOrder).',
  'readCoinbaseHeight: op.opcode < 1': 'Just true is opcode 0 (OP_0), which returns height 0 two lines above; the comparison guards against nothing else below 1.',
  'computeMerkleRootBatched: size > 1':
    'Evaluated only for an odd size (the line reads `size & 1 && size > 1`): just true at the boundary would be size 2, which is even. Both sides are reached at odd sizes: 3 (5 to 6 leaves) and 1 (the root), in merkleBatchedEqualsReference.',
  // Unreachable by the values the operands can take.
  'isSequenceSatisfied: txSequenceMasked < SEQUENCE_LOCKTIME_TYPE_FLAG':
    'A masked sequence is type flag | 16-bit value, in [0, 0xffff] or [0x400000, 0x40ffff]: 0x3fffff (just below the flag) cannot occur. The comparison tests the type bit; both values 0xffff and 0x400000 are reached and the CSV proofs pin the bit exactly.',
  'isSequenceSatisfied: sequenceMasked < typeFlag': 'As for the input\'s masked sequence: the script\'s masked value is in [0, 0xffff] or [0x400000, 0x40ffff], so 0x3fffff cannot occur.',
  'isSequenceSatisfied: txSequenceMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG': 'The same bit test written the other way: just false would be 0x3fffff, which a masked sequence cannot be.',
  'isSequenceSatisfied: sequenceMasked >= typeFlag': 'The same bit test on the script\'s sequence: just false would be 0x3fffff, which a masked sequence cannot be.',
  // Reachable in principle, beyond what consensus uses.
  'pushData: n <= 0xffff':
    'Needs 65,535- and 65,536-byte data: far above MAX_SCRIPT_ELEMENT_SIZE (520), so consensus never builds such a push, and a proof would translate 65,536 symbolic bytes. Every boundary up to 520 is pinned (pushDataSmallestOpcode); the OP_PUSHDATA2/4 split is covered by Core\'s script tests (test/conformance).',
  'lexicographicLess: a.length < b.length':
    'Its only caller, computeTapbranchHash, is given 32-byte nodes (hashes, 32-byte control-block nodes): the lengths never differ, so only the false side (equal lengths, after 32 equal bytes) is reached.',
  // Issue 15 part B (proofs/tx-check, block-check, header-chain, witness-commitment): what the bounded proofs leave.
  'contextualCheckBlock: height >= params.segwitHeight': 'The contextual proofs fix height 500,000 (after segwit), or heights around BIP34 and CSV (contextualBip34Activation, contextualMedianTimeFromCsv), all of which a block without witness passes alike; the witness rules before segwit are proved on checkWitnessCommitment directly (noWitnessWithoutCommitment), and segwit activation is tested (test/regtest-chain.test.ts).',
  'contextualCheckBlock: blockWeight(block) > MAX_BLOCK_WEIGHT':
    'Just true is weight 4,000,001: without a witness (the proof has no commitment, so a witness is rejected first) the weight is 4 x size, a multiple of 4: 4,000,000 is accepted and 4,000,004 rejected (both covered). 4,000,001 is tested with a witness block (test/regtest-chain.test.ts).',
  'hasDuplicateInputs: n <= PAIRWISE_LIMIT':
    'The proofs have 0 to 4 inputs (the pairwise path); the sorted path above 32 inputs is not proved (sort with a comparator is outside the subset) and is tested against a string-keyed set (properties/fast-paths.prop.test.ts).',
  'hasDuplicateInputs: i < n': 'The sorted path (above 32 inputs): not proved, tested (properties/fast-paths.prop.test.ts).',
  'hasDuplicateInputs: compareOutPoints(sorted[i - 1] as OutPoint, sorted[i] as OutPoint) === 0': 'The sorted path (above 32 inputs): not proved, tested (properties/fast-paths.prop.test.ts).',
  'checkTransaction: txBaseSize(tx) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT':
    'Just true would be 4 x size = 4,000,001, not a multiple of 4: unreachable. Size 1,000,000 (accepted) and 1,000,001 (rejected) are both reached by checkTransactionOrder.',
  // Issue 11 (proofs/commitments, commitments-coin, supply, spam): what the bounded proofs leave.
  'checkFields: c.blockHash.length !== 32':
    'The record proofs give every hash as bytes(32) (a constant length), so a 31- or 33-byte hash is not reached by a proof; the refusal of a wrong-length hash field is the same check as for the root, tested with a 31-byte root (test/commitments/commitment.test.ts), and the differential test runs encodeCommitment on its translation.',
  'checkFields: c.root.length !== 32': 'As for blockHash: the proofs fix 32-byte hashes; a 31-byte root is refused in test/commitments/commitment.test.ts.',
  'checkFields: c.muhash.length !== 32': 'As for blockHash: the proofs fix 32-byte hashes; the check is the one tested for the root (test/commitments/commitment.test.ts).',
  'issuedSupply: params.subsidyHalvingInterval <= 0':
    "The supply proofs fix the networks' intervals (210,000 and 150: a symbolic interval with a symbolic height did not finish); an interval <= 0 issues nothing, as GetBlockSubsidy pays nothing (proved for getBlockSubsidy: 'the halving interval is a parameter'), and the differential test samples intervals from -2 (test/harness/differential.test.ts).",
  'dustThreshold: product <= 0n':
    'Just false is product = 1, which cannot occur: the product is the fee rate times a size of at least 80 (the smallest witness program, 4 bytes: 8 + 1 + 4 + 67), so it is 0 or at least 80 in absolute value; rates 0 and 3,000 and any rate up to 10^12 are proved (dustStandardOutputs).',
  'witnessTapscript: control.length >= TAPROOT_CONTROL_BASE_SIZE':
    'Just false is a 32-byte last item: not reached by the proofs (their control blocks have 33, 34 and 65 bytes; the key-path items 64 and 65); 34 bytes (not 33 + 32m) is proved refused, 32 is left to the spam tests.',
  'witnessTapscript: control.length <= TAPROOT_CONTROL_MAX_SIZE':
    'Needs 4,129- and 4,130-byte control blocks (33 + 32 x 128): a proof would translate 4,130 symbolic bytes; the proofs stop at 65 bytes.',
  // The tree's key and chunk proofs (proofs/tree-proof.proof.ts) are bounded: 32-byte keys, paths of 0 or 1 sibling, chunks of a
  // 1-bit prefix with at most one leaf. The refusals outside those shapes are tested by their reasons (test/commitments/chunk.test.ts).
  'verifyTreeProof: key.length !== TREE_KEY_BITS / 8': 'The proofs take 32-byte keys (tree keys are SHA256 digests), so just true (a 33- or 31-byte key) is outside their domain; the refusal "key not 32 bytes" is tested with a 31-byte key.',
  'verifyTreeProof: proof.siblings.length > TREE_KEY_BITS': 'Paths of 0 or 1 sibling in the proofs: 256 and 257 siblings are far beyond the bound; "proof longer than the key" is tested with 257 siblings.',
  'verifyTreeProof: leaf.key.length !== key.length': 'Leaf keys are 32 bytes in the proofs, like the key; "proof leaf off the key\'s path" for a 31-byte leaf key is tested.',
  'summaryAt: sibling.key.length === key.length': 'Sibling leaf keys are 32 bytes in the proofs; just false (a 31-byte sibling key) is refused as "sibling leaf on the wrong side" in the test.',
  'summarizeLeaves: leaves.length === 1': 'Chunks of at most one leaf in the proof: a length of 1 returns before this line only when it is not 0; 2 leaves would need the recursion, which the translator rejects. Several-leaf chunks are checked by the chunk properties (properties/commitments.prop.test.ts) and tests.',
  'summarizeLeaves: mid < leaves.length': 'Only evaluated for 2 or more leaves (the recursive case), beyond the chunk proof\'s bound of one leaf; covered by the chunk properties and tests.',
  'summarizeLeaves: keyBit((leaves[mid] as { key: Uint8Array }).key, depth) === 0': 'As for mid < leaves.length: only for 2 or more leaves, beyond the proof\'s bound.',
  'verifyTreeChunk: bits > TREE_KEY_BITS': 'The chunk proof fixes a 1-bit prefix; 256 and 257 bits are beyond it; "prefix longer than the key" is tested with 257 bits.',
  'verifyTreeChunk: siblings.length !== bits': 'The chunk proof passes one sibling for its 1-bit prefix; a wrong count is refused in the test (no sibling for 1 bit).',
  'verifyTreeChunk: leaf.key.length !== TREE_KEY_BITS / 8': 'Leaf keys are 32 bytes in the chunk proof; a 31-byte leaf key is refused as "leaf outside the prefix" in the test.',
  'verifyTreeChunk: compareBytes(prev, leaf.key) >= 0': 'Only evaluated from the second leaf on, beyond the chunk proof\'s one leaf; unsorted and repeated keys are refused in the test, and the chunk properties drop, add and flip leaves of real chunks.',
  // ECDSA forms (proofs/ecdsa.proof.ts).
  'isHighS: compact.length !== 64':
    'Every caller passes a 64-byte compact signature (normalizeLowS, from parseDerLax, which returns 64 bytes), and the proof is over 64 bytes; the other-length path reads S with @noble/curves\' bytesToNumberBE, outside the subset.',
  'isHighS: bytesToNumberBE(compact.subarray(32, 64)) > SECP256K1_HALF_N': 'The other-length path above: never taken by a caller, and outside the subset (noble\'s bytesToNumberBE).',
  'normalizeLowS: compact.length === 64':
    'The false side is a compact signature of another length: every caller passes 64 bytes (verifyEcdsaLax, from parseDerLax), and the other-length path uses noble\'s numberToBytesBE and Uint8Array.set, outside the subset; properties/ecdsa-forms.prop.test.ts compares both paths.',
  // The lax DER parser (proofs/ecdsa.proof.ts, laxDerShort: 12-byte inputs).
  'stripToScalar: len > 32':
    'Either side needs an integer of 32 or 33 significant bytes, so an input of 38 bytes or more: beyond laxDerShort\'s 12-byte bound. test/signatures/ecdsa-der.test.ts gives 33 significant bytes (the all-zero signature) and 32.',
  'parseDerLax: compareBytes(rBytes, SECP256K1_N_BYTES) >= 0':
    'Either side at the boundary needs a 32-byte r within one of n (compareBytes returns a byte difference, so -1 or 0 means r agrees with n up to its last byte): beyond laxDerShort\'s 12-byte bound, where r has one byte. test/signatures/ecdsa-der.test.ts tests the same comparison on s: s = n gives the all-zero signature, s = n - 1 parses.',
  'parseDerLax: compareBytes(sBytes, SECP256K1_N_BYTES) >= 0': 'As for r: a 32-byte s agreeing with n up to its last byte, beyond the 12-byte bound; s = n (all-zero signature) and s = n - 1 (parses) are tested in test/signatures/ecdsa-der.test.ts.',
  // The interpreter's stack handling and CheckBlock's limits (kernel/script/multisig.ts, kernel/validation/block-check.ts).
  'multisigOperands: j >= 0':
    'The guard that bounds each copy loop by the stack for the prover, true at every evaluation: the keys loop runs j from depth - 2 down to depth - 2 - keys >= 0 (depth >= keys + 2 is checked above), the signatures loop from depth - keys - 3 down to depth - keys - 3 - sigs >= 0 (depth >= keys + sigs + 3). The false side (j = -1) cannot occur; the loops end on their other condition (multisigCounts).',
  'multisigSignatureWalk: ikey < keysCount':
    'The guard that bounds the walk by the key count for the prover, true at every evaluation: it is read only while success holds and isig < sigsCount, and success means sigsCount - isig <= keysCount - ikey, so keysCount - ikey >= 1. The false side cannot occur; the walk ends on its other conditions (multisigWalk).',
  'checkBlockSizeLimits: txCount * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT':
    'Just true would be 4 x count = 4,000,001, not a multiple of 4: unreachable. Counts 1,000,000 (accepted) and 1,000,001 (rejected) are both covered (blockSizeLimits).',
  'checkBlockSizeLimits: baseSize * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT':
    'Just true would be 4 x size = 4,000,001, not a multiple of 4: unreachable. Sizes 1,000,000 (accepted) and 1,000,001 (rejected) are both covered (blockSizeLimits).',
  'checkBlockSigOpsLimit: sigOps * WITNESS_SCALE_FACTOR > MAX_BLOCK_SIGOPS_COST':
    'Just true would be 4 x sigops = 80,001, not a multiple of 4: unreachable. 20,000 (accepted) and 20,001 (rejected) are both covered (blockSigOpsLimit).',
  // The legacy script code (kernel/script/sighash.ts): the layout proof fixes the script code 76 ac.
  'scriptOpEnd: opcode > OP_PUSHDATA4':
    'The legacy layout proof fixes the script code 76 ac (two plain opcodes, so only the true side at 0x76 > 0x4e); pushes, PUSHDATA1/2/4 and truncated pushes in a script code are checked against Core\'s sighash.json (test/signatures/sighash.test.ts) and against the former ByteWriter form (properties/sighash.prop.test.ts). A symbolic script code made the layout proof too slow for CI (over 4 minutes).',
  'scriptOpEnd: script.length - at < 1': 'As for opcode > OP_PUSHDATA4: PUSHDATA1 in a script code is not in the layout proof; tested on sighash.json and the ByteWriter form.',
  'scriptOpEnd: script.length - at < 2': 'As for opcode > OP_PUSHDATA4: PUSHDATA2 in a script code is not in the layout proof; tested on sighash.json and the ByteWriter form.',
  'scriptOpEnd: script.length - at < 4': 'As for opcode > OP_PUSHDATA4: PUSHDATA4 in a script code is not in the layout proof; tested on sighash.json and the ByteWriter form.',
  'scriptOpEnd: script.length - at < size': 'As for opcode > OP_PUSHDATA4: a push (complete or truncated) in a script code is not in the layout proof; tested on sighash.json and the ByteWriter form.',
  'serializeScriptCode: op.opcode === OP_CODESEPARATOR':
    'The layout proof\'s script code 76 ac has no OP_CODESEPARATOR (0xab); their removal, back to back and at the end, is checked on Core\'s sighash.json and against the former ByteWriter form on random script codes rich in 0xab.',
  'serializeScriptCode: begin !== scriptCode.length': 'Just false needs a script code ending in OP_CODESEPARATOR: not in the layout proof; tested on sighash.json and the ByteWriter form.',
  // ConnectBlock's transactions (proofs/connect-block.proof.ts: regtest blocks at heights 0..149).
  'enforceBip30: h === height':
    'Just true is height 91842 or 91880 (Core\'s two BIP30 exceptions, mainnet), beyond the proofs\' regtest heights 0..149 (BIP30 itself is pinned there: proofs/connect-block.proof.ts at heights 0 and 1). No vector holds those two mainnet blocks (first-100k-blocks.dat ends at height 438), so the exception is not tested: a gap.',
  'enforceBip30: height >= BIP34_IMPLIES_BIP30_LIMIT':
    'Either side is height 1,983,701 or 1,983,702 (where BIP34\'s coinbase heights could first repeat an old coinbase), beyond the proofs\' regtest heights 0..149 and beyond the chain.',
  'connectTransactions: sigopsCost > MAX_BLOCK_SIGOPS_COST':
    'Either side needs a block of 80,000 sigop cost (20,000 legacy sigops): beyond the proofs\' transactions of one-byte scripts; test/connect-block.test.ts builds one over 80,000 through P2SH redeem scripts (bad-blk-sigops), and proofs/block-check.proof.ts pins CheckBlock\'s legacy sigop limit at its boundary.',
  // proofs/interpreter.proof.ts: EvalScript's loop on fixed scripts. Signature checks, the flag-gated
  // rules and the sizes far above the scripts listed are covered by Core's vectors and built blocks.
  'evalScript: script.length > MAX_SCRIPT_SIZE':
    'Either side needs a script of 10,000 or 10,001 bytes, 10,000 iterations of the opcode loop for the prover; Core\'s script_tests.json has the SCRIPT_SIZE case (test/conformance) and the proofs here run scripts of up to 527 bytes.',
  'evalScript: deleted.found > 0':
    'FindAndDelete of the signature in BASE CHECKSIG/CHECKMULTISIG: FindAndDelete itself is proved for every 0..3-byte script (proofs/script-parse.proof.ts); a signature found in the script code (SIG_FINDANDDELETE under CONST_SCRIPTCODE) is a tx_valid/tx_invalid case (test/conformance).',
  'evalScript: (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE) !== 0': 'CONST_SCRIPTCODE (1 << 16) is policy; the proofs\' flags range below 2^21 includes it, but the opcodes it gates (OP_CODESEPARATOR in BASE, a signature found by FindAndDelete) are not in their scripts. tx_valid/tx_invalid run it (test/conformance).',
  'evalScript: opcode === op.OP_CODESEPARATOR': 'OP_CODESEPARATOR changes only the signature hash\'s script code: its effect is a sighash property (test/signatures/sighash.test.ts, tx_valid/tx_invalid with CONST_SCRIPTCODE in test/conformance), not a stack one.',
  'evalScript: (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) !== 0': 'OP_NOP1, OP_NOP4..OP_NOP10 are not in the proofs\' scripts (the op-count proofs exclude the flag for OP_NOP 61); script_tests.json has 10 DISCOURAGE_UPGRADABLE_NOPS cases (test/conformance).',
  'evalScript: opcode === op.OP_CHECKMULTISIGVERIFY': 'CHECKMULTISIGVERIFY is CHECKMULTISIG then VERIFY: multisigDummy proves the CHECKMULTISIG part; the VERIFY of its result is Core\'s script_tests.json and tx_valid/tx_invalid (test/conformance).',
  'disconnectBlock: t >= 0':
    'The loop over the block\'s transactions, last first, leaves by its `if (t === 0) break` after the coinbase, so the condition is false only for a block of no transactions, which the undo-length check refuses first (undo data of -1 entries does not exist; CheckBlock refuses such a block with bad-blk-length before it is ever connected). proofs/disconnect-block.proof.ts reaches t = 0 in both proofs.',
  // verifyScript (proofs/verify-script.proof.ts): the tapscript branch behind a script-path commitment.
  'executeWitnessScript: pc < script.length':
    'The OP_SUCCESS scan runs only for TAPSCRIPT, behind a taproot script path whose commitment holds. A proof of that path with a secp256k1 backend answering the tweak (tapscriptPath, 2026-12-02: leaves 50, 51, 6a under 0xc0 and 51 under 0xc2) spent its 20 M rlimit on every case without an answer, so it was not kept; the scan and its OP_SUCCESS rules are tested on built regtest blocks (test/regtest-chain.test.ts: "tapscript OP_SUCCESS: succeeds at once, even before a malformed push").',
  'executeWitnessScript: (flags & SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS) !== 0':
    'TAPSCRIPT only, as for the OP_SUCCESS scan above (no proof reaches a tapscript leaf within its rlimit); DISCOURAGE_OP_SUCCESS is checked on Core\'s script tests through the conformance runner (test/conformance) and its message in test/script-errors.test.ts.',
  'executeWitnessScript: stack.length > MAX_STACK_SIZE':
    'TAPSCRIPT only (a tapscript leaf starts with the witness as its stack, checked against 1,000 items before it runs): as for the OP_SUCCESS scan, no proof reaches a tapscript leaf within its rlimit, and a witness of 1,001 items is far past the bounded stacks the proofs use; the legacy and v0 limit of 1,000 is proved in the interpreter (proofs/interpreter.proof.ts).',
  'verifyWitnessProgram: (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) !== 0':
    'Reached only after a script-path commitment holds, for a leaf version other than 0xc0: the same path as the tapscript notes above (tried with leaf 0xc2 in tapscriptPath, no answer in 20 M rlimit). Tested on built regtest blocks (test/regtest-chain.test.ts, "all three tapscript leaves").',
  // The signature checker's methods: connectBlockRunsScripts builds the real checker, but its scripts check no signature.
  'createTransactionSignatureChecker: signature.length === 0':
    'In checkEcdsaSignature, which no proof calls: connectBlockRunsScripts (proofs/connect-block-whole.proof.ts) runs scripts without signature opcodes, and the interpreter\'s signature proofs use a checker of their own (proofs/script-domains.ts). The method caches a signature hash in a captured let, so a proof calling it is ERROR (harness/translate/closures.ts). Tested at the boundary (an empty and a non-empty signature): test/signatures/tx-checker.test.ts, and by Core\'s script tests (test/conformance).',
  'createTransactionSignatureChecker: signature.length !== 64':
    'In checkSchnorrSignature, which no proof calls (as for checkEcdsaSignature; it computes the BIP341 data lazily in a captured let). Tested at 0, 63, 64, 65 and 66 bytes: test/signatures/tx-checker.test.ts.',
  'createTransactionSignatureChecker: signature.length !== 65': 'As signature.length !== 64: checkSchnorrSignature, tested at 0, 63, 64, 65 and 66 bytes (test/signatures/tx-checker.test.ts).',
  'createTransactionSignatureChecker: signature.length === 65': 'As signature.length !== 64: checkSchnorrSignature, tested with 64- and 65-byte signatures, the 65th byte 0x00, undefined and valid hash types (test/signatures/tx-checker.test.ts).',
};
