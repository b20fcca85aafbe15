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
  // Issue 15 part B (proofs/tx-check, block-check, header-chain, witness-commitment): what the bounded proofs leave.
  'contextualCheckBlock: blockWeight(block) > MAX_BLOCK_WEIGHT':
    'Just true is weight 4,000,001: without a witness (the proof has no commitment, so a witness is rejected first) the weight is 4 x size, a multiple of 4: 4,000,000 is accepted and 4,000,004 rejected (both covered). 4,000,001 is tested with a witness block (test/regtest-chain.test.ts).',
  'hasDuplicateInputs: n <= PAIRWISE_LIMIT':
    'The proofs have 0 to 4 inputs (the pairwise path); the sorted path above 32 inputs is not proved (sort with a comparator is outside the subset) and is tested against a string-keyed set (properties/fast-paths.prop.test.ts).',
  'hasDuplicateInputs: i < n': 'The sorted path (above 32 inputs): not proved, tested (properties/fast-paths.prop.test.ts).',
  'hasDuplicateInputs: compareOutPoints(sorted[i - 1] as OutPoint, sorted[i] as OutPoint) === 0': 'The sorted path (above 32 inputs): not proved, tested (properties/fast-paths.prop.test.ts).',
  'checkTransaction: txBaseSize(tx) * WITNESS_SCALE_FACTOR > MAX_BLOCK_WEIGHT':
    'Just true would be 4 x size = 4,000,001, not a multiple of 4: unreachable. Size 1,000,000 (accepted) and 1,000,001 (rejected) are both reached by checkTransactionOrder.',
  // Issue 11 (proofs/commitments, commitments-coin, supply, spam): what the bounded proofs leave.
  'dustThreshold: product <= 0n':
    'Just false is product = 1, which cannot occur: the product is the fee rate times a size of at least 80 (the smallest witness program, 4 bytes: 8 + 1 + 4 + 67), so it is 0 or at least 80 in absolute value; rates 0 and 3,000 and any rate up to 10^12 are proved (dustStandardOutputs).',
  // The tree's key and chunk proofs (proofs/tree-proof.proof.ts) are bounded: 32-byte keys, paths of 0 or 1 sibling, chunks of a
  // 1-bit prefix with at most one leaf. The refusals outside those shapes are tested by their reasons (test/commitments/chunk.test.ts).
  'summarizeLeaves: leaves.length === 1': 'Chunks of at most one leaf in the proof: a length of 1 returns before this line only when it is not 0; 2 leaves would need the recursion, which the translator rejects. Several-leaf chunks are checked by the chunk properties (properties/commitments.prop.test.ts) and tests.',
  'summarizeLeaves: mid < leaves.length': 'Only evaluated for 2 or more leaves (the recursive case), beyond the chunk proof\'s bound of one leaf; covered by the chunk properties and tests.',
  'summarizeLeaves: keyBit((leaves[mid] as { key: Uint8Array }).key, depth) === 0': 'As for mid < leaves.length: only for 2 or more leaves, beyond the proof\'s bound.',
  'verifyTreeChunk: compareBytes(prev, leaf.key) >= 0': 'Only evaluated from the second leaf on, beyond the chunk proof\'s one leaf; unsorted and repeated keys are refused in the test, and the chunk properties drop, add and flip leaves of real chunks.',
  // ECDSA forms (proofs/ecdsa.proof.ts).
  'isHighS: compact.length !== 64':
    'Every caller passes a 64-byte compact signature (normalizeLowS, from parseDerLax, which returns 64 bytes), and the proof is over 64 bytes; the other-length path reads S with @noble/curves\' bytesToNumberBE, outside the subset.',
  'isHighS: bytesToNumberBE(compact.subarray(32, 64)) > SECP256K1_HALF_N': 'The other-length path above: never taken by a caller, and outside the subset (noble\'s bytesToNumberBE).',
  'normalizeLowS: compact.length === 64':
    'The false side is a compact signature of another length: every caller passes 64 bytes (verifyEcdsaLax, from parseDerLax), and the other-length path uses noble\'s numberToBytesBE and Uint8Array.set, outside the subset; properties/ecdsa-forms.prop.test.ts compares both paths.',
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
  // DisconnectBlock (proofs/disconnect-block.proof.ts).
  'disconnectBlock: t >= 0':
    'The loop over the block\'s transactions, last first, leaves by its `if (t === 0) break` after the coinbase, so the condition is false only for a block of no transactions, which the undo-length check refuses first (undo data of -1 entries does not exist; CheckBlock refuses such a block with bad-blk-length before it is ever connected). proofs/disconnect-block.proof.ts reaches t = 0 in both proofs.',
  // verifyScript (proofs/verify-script.proof.ts): the tapscript branch behind a script-path commitment.
  'executeWitnessScript: stack.length > MAX_STACK_SIZE':
    'TAPSCRIPT only (a tapscript leaf starts with the witness as its stack, checked against 1,000 items before it runs). The proofs reach tapscript leaves (tapscriptOpSuccess, proofs/verify-script.proof.ts), but a witness of 1,000 and 1,001 items with a leaf of 999 OP_DROPs took 4 min 38 s to translate and spent 29.6 M rlimit (2026-12-05), too slow for CI; the legacy and v0 limit of 1,000 is proved in the interpreter (proofs/interpreter.proof.ts).',
};
