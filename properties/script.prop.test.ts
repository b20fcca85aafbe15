/**
 * Properties of kernel/script (issue 4, point 6): script numbers (Core's CScriptNum, SPEC.md §3.2),
 * script parsing (Core's GetScriptOp, SPEC.md §3.1), the test "asm" parser, and verifyScript's
 * totality: on any scripts, witness and flags it returns a result, never throws or hangs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKEND } from '../kernel/crypto/secp256k1.js';
import { sha256 } from '../kernel/crypto/hashes.js';
import { concatBytes } from '../kernel/encoding/bytes.js';
import { hash160 } from '../kernel/crypto/hashes.js';
import { txid } from '../kernel/primitives/transaction.js';
import type { SignatureChecker } from '../kernel/script/checker.js';
import type { Transaction } from '../kernel/primitives/types.js';
import { parseAsm } from '../kernel/script/asm.js';
import { pushData } from '../kernel/script/build.js';
import type { ScriptError } from '../kernel/script/errors.js';
import { decodeScriptNum, encodeScriptNum } from '../kernel/script/number.js';
import { OPCODE_NAMES } from '../kernel/script/opcodes.js';
import { readScriptOp } from '../kernel/script/parse.js';
import { precomputeTransactionData } from '../kernel/script/sighash.js';
import { computeTapleafHash, computeTaprootOutputKey, TAPROOT_LEAF_TAPSCRIPT } from '../kernel/script/taproot.js';
import { createTransactionSignatureChecker } from '../kernel/script/tx-checker.js';
import { verifyScript } from '../kernel/script/verify.js';

// ---------------------------------------------------------------------------------------------
// Script numbers

/** Values that fit n-byte script numbers: |v| ≤ 2^(8n-1) - 1. */
const scriptNumValue = (maxBytes: number): fc.Arbitrary<bigint> => {
  const max = 2n ** BigInt(8 * maxBytes - 1) - 1n;
  return fc.oneof(
    { weight: 4, arbitrary: fc.bigInt({ min: -max, max }) },
    { weight: 1, arbitrary: fc.integer({ min: -300, max: 300 }).map(BigInt) },
    { weight: 1, arbitrary: fc.constantFrom(0n, 1n, -1n, 127n, -127n, 128n, -128n, 255n, 256n, 32767n, 32768n, max, -max, max - 1n, -(max - 1n)) },
  );
};

describe('§3.2 script numbers (CScriptNum)', () => {
  it('round trip: decode(encode(v), minimal, 5) = v for |v| < 2^39, in at most 5 bytes', () => {
    fc.assert(
      fc.property(scriptNumValue(5), (v) => {
        const bytes = encodeScriptNum(v);
        expect(bytes.length).toBeLessThanOrEqual(5);
        expect(decodeScriptNum(bytes, true, 5)).toEqual({ ok: true, value: v });
      }),
      { numRuns: 2000 },
    );
  });

  it('int32 range (CScriptNum’s default 4-byte operands) encodes in at most 4 bytes', () => {
    fc.assert(
      fc.property(scriptNumValue(4), (v) => {
        expect(encodeScriptNum(v).length).toBeLessThanOrEqual(4);
        expect(decodeScriptNum(encodeScriptNum(v), true, 4)).toEqual({ ok: true, value: v });
      }),
    );
  });

  it('minimality: a byte string decodes under the minimal rule exactly when it is the encoding of its value', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), (bytes) => {
        const lax = decodeScriptNum(bytes, false, 6);
        expect(lax.ok).toBe(true);
        if (!lax.ok) return;
        const canonical = encodeScriptNum(lax.value);
        const strict = decodeScriptNum(bytes, true, 6);
        const isCanonical = canonical.length === bytes.length && canonical.every((b, i) => b === bytes[i]);
        expect(strict.ok).toBe(isCanonical);
        if (!strict.ok) expect(strict.error).toBe('non-minimally encoded script number');
        // The minimal re-encoding has the same value and is never longer.
        expect(canonical.length).toBeLessThanOrEqual(bytes.length);
        expect(decodeScriptNum(canonical, true, 6)).toEqual({ ok: true, value: lax.value });
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers longer than the size limit overflow, whatever the minimal rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.boolean(), (maxSize, bytes, minimal) => {
        fc.pre(bytes.length > maxSize);
        expect(decodeScriptNum(bytes, minimal, maxSize)).toEqual({ ok: false, error: 'script number overflow' });
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Script parsing

/** Byte strings that look like scripts: random bytes, or push opcodes with lengths near their data. */
const scriptBytes = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc
      .array(
        fc.oneof(
          fc.uint8Array({ maxLength: 80 }).map((d) => pushData(d)),
          fc.integer({ min: 0x4c, max: 0x4e }).chain((op) => fc.uint8Array({ maxLength: 8 }).map((tail) => Uint8Array.of(op, ...tail))),
          fc.integer({ min: 0, max: 255 }).map((b) => Uint8Array.of(b)),
        ),
        { maxLength: 20 },
      )
      .map((parts) => concatBytes(...parts)),
  );

describe('§3.1 script parsing (GetScriptOp)', () => {
  it('reading any byte string op by op never throws, always advances, and stops only at the end or at a push that overruns', () => {
    fc.assert(
      fc.property(scriptBytes(), (script) => {
        let pc = 0;
        let steps = 0;
        for (;;) {
          const op = readScriptOp(script, pc);
          if (op === undefined) break;
          expect(op.next).toBeGreaterThan(pc);
          expect(op.dataStart).toBeGreaterThan(pc);
          expect(op.next).toBeLessThanOrEqual(script.length);
          expect(op.opcode).toBe(script[pc]);
          pc = op.next;
          steps++;
          expect(steps).toBeLessThanOrEqual(script.length);
        }
        // Stopped before the end only on an opcode whose push does not fit.
        if (pc < script.length) expect(script[pc]).toBeLessThanOrEqual(0x4e);
      }),
      { numRuns: 3000 },
    );
  });

  it('parseAsm never throws and, on success, only gives bytes; opcode names and numbers always parse', () => {
    const names = [...OPCODE_NAMES.values()].filter((n) => !/^OP_(\d+|1NEGATE|PUSHDATA\d|INVALIDOPCODE)$/.test(n));
    const token = fc.oneof(
      fc.constantFrom(...names),
      fc.constantFrom(...names).map((n) => n.slice(3)),
      fc.integer({ min: -0xffffffff, max: 0xffffffff }).map(String),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => `0x${Buffer.from(b).toString('hex')}`),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), fc.constantFrom(' ', '\t', '\n', '  '), (tokens, sep) => {
        const r = parseAsm(tokens.join(sep));
        expect(r.ok).toBe(true);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parseAsm(text);
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(r.value).toBeInstanceOf(Uint8Array);
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// verifyScript totality

/** Every ScriptError; a Record so the type checker fails here when the union grows. */
const SCRIPT_ERRORS: Record<ScriptError, true> = {
  OK: true, UNKNOWN_ERROR: true, EVAL_FALSE: true, OP_RETURN: true, SCRIPT_SIZE: true, PUSH_SIZE: true, OP_COUNT: true,
  STACK_SIZE: true, SIG_COUNT: true, PUBKEY_COUNT: true, VERIFY: true, EQUALVERIFY: true, CHECKMULTISIGVERIFY: true,
  CHECKSIGVERIFY: true, NUMEQUALVERIFY: true, BAD_OPCODE: true, DISABLED_OPCODE: true, INVALID_STACK_OPERATION: true,
  INVALID_ALTSTACK_OPERATION: true, UNBALANCED_CONDITIONAL: true, NEGATIVE_LOCKTIME: true, UNSATISFIED_LOCKTIME: true,
  SIG_HASHTYPE: true, SIG_DER: true, MINIMALDATA: true, SIG_PUSHONLY: true, SIG_HIGH_S: true, SIG_NULLDUMMY: true,
  PUBKEYTYPE: true, CLEANSTACK: true, MINIMALIF: true, SIG_NULLFAIL: true, DISCOURAGE_UPGRADABLE_NOPS: true,
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: true, DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: true, DISCOURAGE_OP_SUCCESS: true,
  DISCOURAGE_UPGRADABLE_PUBKEYTYPE: true, WITNESS_PROGRAM_WRONG_LENGTH: true, WITNESS_PROGRAM_WITNESS_EMPTY: true,
  WITNESS_PROGRAM_MISMATCH: true, WITNESS_MALLEATED: true, WITNESS_MALLEATED_P2SH: true, WITNESS_UNEXPECTED: true,
  WITNESS_PUBKEYTYPE: true, SCHNORR_SIG_SIZE: true, SCHNORR_SIG_HASHTYPE: true, SCHNORR_SIG: true,
  TAPROOT_WRONG_CONTROL_SIZE: true, TAPSCRIPT_VALIDATION_WEIGHT: true, TAPSCRIPT_CHECKMULTISIG: true,
  TAPSCRIPT_MINIMALIF: true, TAPSCRIPT_EMPTY_PUBKEY: true, OP_CODESEPARATOR: true, SIG_FINDANDDELETE: true,
};
const KNOWN_ERRORS: ReadonlySet<string> = new Set(Object.keys(SCRIPT_ERRORS));

/** Opcodes biased towards the interesting ones (flow control, stack, numbers, crypto, locks, tapscript). */
const opcodeByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0x4f, max: 0xba }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 1, arbitrary: fc.constantFrom(0x63, 0x64, 0x67, 0x68, 0x69, 0x6a, 0x76, 0x87, 0xac, 0xad, 0xae, 0xaf, 0xb1, 0xb2, 0xba, 0xab) },
);

/** A "script": random ops and pushes (small numbers, 0/1-ish items, 32/33/64/65/71-byte blobs, oversized ones). */
const randomScript = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 120 }) },
    {
      weight: 4,
      arbitrary: fc
        .array(
          fc.oneof(
            { weight: 4, arbitrary: opcodeByte.map((b) => Uint8Array.of(b)) },
            { weight: 2, arbitrary: fc.uint8Array({ maxLength: 6 }).map((d) => pushData(d)) },
            { weight: 1, arbitrary: fc.constantFrom(32, 33, 64, 65, 71, 72, 520, 521).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }).map((d) => pushData(d))) },
          ),
          { maxLength: 40 },
        )
        .map((parts) => concatBytes(...parts)),
    },
  );

const witnessItems = fc.array(
  fc.oneof(fc.uint8Array({ maxLength: 6 }), fc.constantFrom(32, 33, 64, 65, 72).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))),
  { maxLength: 6 },
);

const G_X = Uint8Array.from(Buffer.from('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798', 'hex'));

/** A spend of one of the output types, with random scripts where the type runs a script. */
const spendCase = fc.oneof(
  // Bare: random scriptSig and scriptPubKey.
  fc.record({ scriptSig: randomScript(), scriptPubKey: randomScript(), witness: witnessItems }),
  // P2SH: the redeem script is random.
  fc.record({ pre: randomScript(), redeem: randomScript(), witness: witnessItems }).map(({ pre, redeem, witness }) => {
    return { scriptSig: concatBytes(pre, pushData(redeem)), scriptPubKey: concatBytes(Uint8Array.of(0xa9, 0x14), new Uint8Array(20), Uint8Array.of(0x87)), witness };
  }),
  // P2WSH with a random witness script (so the v0 interpreter runs it).
  fc.record({ items: witnessItems, ws: randomScript() }).map(({ items, ws }) => ({
    scriptSig: new Uint8Array(0),
    scriptPubKey: concatBytes(Uint8Array.of(0x00, 0x20), sha256(ws)),
    witness: [...items, ws],
  })),
  // Taproot script path with a random tapscript (internal key G, single leaf), optional annex.
  fc.record({ items: witnessItems, tapscript: randomScript(), annex: fc.option(fc.uint8Array({ maxLength: 4 })) }).map(({ items, tapscript, annex }) => {
    const leaf = computeTapleafHash(TAPROOT_LEAF_TAPSCRIPT, tapscript);
    const q = computeTaprootOutputKey(G_X, leaf, DEFAULT_BACKEND);
    const control = concatBytes(Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | (q?.parity ?? 0)), G_X);
    return {
      scriptSig: new Uint8Array(0),
      scriptPubKey: concatBytes(Uint8Array.of(0x51, 0x20), q?.xOnly ?? new Uint8Array(32)),
      witness: [...items, tapscript, control, ...(annex === null ? [] : [concatBytes(Uint8Array.of(0x50), annex)])],
    };
  }),
  // Any witness program version and length.
  fc.record({ version: fc.integer({ min: 0, max: 16 }), program: fc.uint8Array({ minLength: 0, maxLength: 41 }), witness: witnessItems }).map(({ version, program, witness }) => ({
    scriptSig: new Uint8Array(0),
    scriptPubKey: concatBytes(Uint8Array.of(version === 0 ? 0 : 0x50 + version), pushData(program)),
    witness,
  })),
);

const flagsArb = fc.oneof(fc.integer({ min: 0, max: (1 << 21) - 1 }), fc.constant(0xffffffff), fc.constant(0));

function spendingTx(scriptSig: Uint8Array, witness: readonly Uint8Array[], lockTime: number, sequence: number): Transaction {
  const credit: Transaction = {
    version: 1,
    lockTime: 0,
    inputs: [{ prevout: { txid: new Uint8Array(32), vout: 0xffffffff }, scriptSig: Uint8Array.of(0, 0), sequence: 0xffffffff, witness: [] }],
    outputs: [{ value: 1000n, scriptPubKey: new Uint8Array(0) }],
  };
  return {
    version: 2,
    lockTime,
    inputs: [{ prevout: { txid: txid(credit), vout: 0 }, scriptSig, sequence, witness }],
    outputs: [{ value: 1000n, scriptPubKey: new Uint8Array(0) }],
  };
}

describe('§3.10 §3.11 verifyScript totality', () => {
  it('on random scripts, witnesses and flags it returns ok or a known ScriptError, deterministically, without touching its inputs', () => {
    let slowest = 0;
    fc.assert(
      fc.property(spendCase, flagsArb, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (c, flags, lockTime, sequence) => {
        const tx = spendingTx(c.scriptSig, c.witness, lockTime, sequence);
        const spent = [{ value: 1000n, scriptPubKey: c.scriptPubKey }];
        const checker = createTransactionSignatureChecker(tx, 0, 1000n, precomputeTransactionData(tx, spent), DEFAULT_BACKEND);
        const before = [c.scriptSig, c.scriptPubKey, ...c.witness].map((b) => Buffer.from(b).toString('hex'));
        const t0 = performance.now();
        const r = verifyScript(c.scriptSig, c.scriptPubKey, c.witness, flags, checker);
        slowest = Math.max(slowest, performance.now() - t0);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(KNOWN_ERRORS.has(r.error), String(r.error)).toBe(true);
        if (!r.ok) expect(r.error).not.toBe('OK');
        expect(verifyScript(c.scriptSig, c.scriptPubKey, c.witness, flags, checker)).toEqual(r);
        expect([c.scriptSig, c.scriptPubKey, ...c.witness].map((b) => Buffer.from(b).toString('hex'))).toEqual(before);
      }),
      { numRuns: 1500 },
    );
    expect(slowest).toBeLessThan(2000);
  });

  it('stays total at the limits: 10,000-byte scripts, 520-byte pushes, 201 ops, 1,000 stack items', () => {
    const checker = createTransactionSignatureChecker(spendingTx(new Uint8Array(0), [], 0, 0), 0, 0n);
    const cases: Uint8Array[] = [
      new Uint8Array(10_000).fill(0x61), // 10,000 NOPs: over the op count
      new Uint8Array(10_001).fill(0x51), // over the size limit
      concatBytes(...Array.from({ length: 999 }, () => Uint8Array.of(0x51)), Uint8Array.of(0x76, 0x76)), // 1,001 items
      concatBytes(pushData(new Uint8Array(520)), pushData(new Uint8Array(521))),
      concatBytes(...Array.from({ length: 100 }, () => Uint8Array.of(0x63)), ...Array.from({ length: 100 }, () => Uint8Array.of(0x68))),
      concatBytes(Uint8Array.of(0x00, 0x00), ...Array.from({ length: 20 }, () => pushData(new Uint8Array(33))), Uint8Array.of(0x01, 0x14, 0xae)),
    ];
    for (const script of cases) {
      for (const flags of [0, 0xffffffff]) {
        const r = verifyScript(new Uint8Array(0), script, [], flags, checker);
        if (!r.ok) expect(KNOWN_ERRORS.has(r.error)).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The P2WPKH script written out (kernel/script/verify.ts evalKeyHashScript) against the interpreter

/** A strict-DER signature with 32-byte R and low S (first bytes below 0x80 and 0x7f) and a hash type byte. */
const derSignature = fc
  .record({ r: fc.uint8Array({ minLength: 31, maxLength: 31 }), s: fc.uint8Array({ minLength: 31, maxLength: 31 }), r0: fc.integer({ min: 1, max: 0x7f }), s0: fc.integer({ min: 1, max: 0x7e }), hashType: fc.oneof(fc.constantFrom(1, 2, 3, 0x81, 0x82, 0x83), fc.integer({ min: 0, max: 255 })) })
  .map(({ r, s, r0, s0, hashType }) => concatBytes(Uint8Array.of(0x30, 0x44, 0x02, 0x20, r0), r, Uint8Array.of(0x02, 0x20, s0), s, Uint8Array.of(hashType)));
const signatureItem = fc.oneof(derSignature, fc.uint8Array({ maxLength: 80 }), fc.constantFrom(0, 520, 521).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })));
const pubkeyItem = fc.oneof(
  fc.tuple(fc.constantFrom(2, 3), fc.uint8Array({ minLength: 32, maxLength: 32 })).map(([p, x]) => concatBytes(Uint8Array.of(p), x)),
  fc.tuple(fc.constantFrom(4, 6, 7), fc.uint8Array({ minLength: 64, maxLength: 64 })).map(([p, xy]) => concatBytes(Uint8Array.of(p), xy)),
  fc.uint8Array({ maxLength: 70 }),
  fc.constantFrom(520, 521).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
);

/** A checker answering `valid` to every ECDSA check and recording each check's arguments. */
function recordingChecker(valid: boolean, calls: string[]): SignatureChecker {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return {
    backend: DEFAULT_BACKEND,
    checkEcdsaSignature: (sig, pubkey, scriptCode, sigVersion) => {
      calls.push(`${hex(sig)} ${hex(pubkey)} ${hex(scriptCode)} ${sigVersion}`);
      return valid;
    },
    checkSchnorrSignature: () => {
      throw new Error('no Schnorr check in a v0 script');
    },
    checkLockTime: () => false,
    checkSequence: () => false,
  };
}

describe('§3.11 P2WPKH: the implied script written out equals the interpreter running it', () => {
  it('verifyScript of 00 14 h with [sig, pubkey] equals P2WSH of DUP HASH160 <h> EQUALVERIFY CHECKSIG with [sig, pubkey, script]: result and signature checks', () => {
    let checked = 0;
    let oks = 0;
    const errors = new Set<string>();
    fc.assert(
      fc.property(signatureItem, pubkeyItem, fc.boolean(), fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean(), flagsArb, (sig, pubkey, matching, other, valid, anyFlags) => {
        // WITNESS on (bit 11), and a program true by CastToBool: both outputs then reach their witness program.
        const flags = (anyFlags | (1 << 11)) >>> 0;
        const keyHash = matching ? hash160(pubkey) : other;
        fc.pre(keyHash.some((b) => b !== 0));
        const script = concatBytes(Uint8Array.of(0x76, 0xa9, 0x14), keyHash, Uint8Array.of(0x88, 0xac));
        const fastCalls: string[] = [];
        const fast = verifyScript(new Uint8Array(0), concatBytes(Uint8Array.of(0x00, 0x14), keyHash), [sig, pubkey], flags, recordingChecker(valid, fastCalls));
        const interpretedCalls: string[] = [];
        const interpreted = verifyScript(new Uint8Array(0), concatBytes(Uint8Array.of(0x00, 0x20), sha256(script)), [sig, pubkey, script], flags, recordingChecker(valid, interpretedCalls));
        expect(fast).toEqual(interpreted);
        expect(fastCalls).toEqual(interpretedCalls);
        checked += fastCalls.length;
        if (fast.ok) oks++;
        else errors.add(fast.error);
      }),
      { numRuns: 3000 },
    );
    // The cases reach the signature check, success and the script's own failures.
    expect(checked).toBeGreaterThan(100);
    expect(oks).toBeGreaterThan(50);
    for (const e of ['EQUALVERIFY', 'EVAL_FALSE', 'PUSH_SIZE', 'SIG_DER', 'SIG_NULLFAIL', 'WITNESS_PUBKEYTYPE']) expect(errors, e).toContain(e);
  });
});
