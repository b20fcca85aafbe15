/**
 * VerifyScript as a whole (SPEC.md §3.11; Core's src/script/interpreter.cpp VerifyScript and
 * VerifyWitnessProgram): the kernel's real `verifyScript` running the real `evalScript` on the
 * scriptSig, the scriptPubKey, a BIP16 redeem script and a BIP141 witness script. Each proof fixes
 * the scripts' shapes (an opcode symbolic would make every case of the interpreter's switch one
 * query) and leaves the data symbolic: the hashes a P2SH or P2WSH output commits to, the pushed
 * bytes, the flags that matter. Written with Core's opcode bytes (script.h), flag bits
 * (interpreter.h) and ScriptError names, never the kernel's constants; HASH160 and SHA256 are the
 * uninterpreted hashes (CI.md, "Axioms").
 */
import { bool, byte, bytes, int, proof } from '../harness/dsl.js';
import { hash160, sha256 } from '../kernel/crypto/hashes.js';
import { concatBytes, equalBytes } from '../kernel/encoding/bytes.js';
import { err, ok } from '../kernel/result.js';
import type { SignatureChecker } from '../kernel/script/checker.js';
import { evalKeyHashScript, verifyScript } from '../kernel/script/verify.js';
import { checkerAnswering, checkerWith } from './script-domains.js';

const OP_0 = 0x00;
const OP_1 = 0x51;
const OP_NOP = 0x61;
const OP_RETURN = 0x6a;
const OP_EQUAL = 0x87;
const OP_HASH160 = 0xa9;
/** interpreter.h bits. */
const P2SH = 1 << 0;
const SIGPUSHONLY = 1 << 5;
const CLEANSTACK = 1 << 8;
const WITNESS = 1 << 11;
const DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM = 1 << 12;
const TAPROOT = 1 << 17;

/** A checker that refuses everything: these scripts check no signature. */
const NO_SIGNATURES: SignatureChecker = checkerWith({});

/** The error of a result, or 'OK'. */
const outcome = (r: { readonly ok: boolean; readonly error?: string }): string => (r.ok ? 'OK' : (r.error as string));

/** BIP16's output: OP_HASH160 <20 bytes> OP_EQUAL (a9 14 h 87). */
const p2shOutput = (h: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(OP_HASH160, 0x14), h, Uint8Array.of(OP_EQUAL));

/** The redeem scripts of the P2SH proof, one byte each, and what Core's EvalScript makes of them. */
const REDEEM: readonly (readonly [number, string])[] = [
  [OP_1, 'OK'], // leaves [01]: true
  [OP_0, 'EVAL_FALSE'], // leaves [""]: false
  [OP_NOP, 'EVAL_FALSE'], // leaves the stack empty
  [OP_RETURN, 'OP_RETURN'],
];

export const p2shRedeemScript = proof('BIP16: a P2SH output runs the redeem script its scriptSig pushes, when HASH160 matches and P2SH is on', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output a9 14 h 87 (OP_HASH160 <h> OP_EQUAL, h any 20 bytes), the scriptSig 01 r (a push of the one-byte redeem script r: OP_1, OP_0, OP_NOP, OP_RETURN, one case each), no witness, and flags with P2SH, CLEANSTACK and WITNESS each on or off in the combinations Core allows (it asserts that WITNESS implies P2SH and CLEANSTACK both; SIGPUSHONLY off): if HASH160(r) != h the result is EVAL_FALSE; if it matches and P2SH is off, OK; with P2SH on, what the redeem script leaves decides, as Core: OP_1 OK, OP_0 and OP_NOP EVAL_FALSE, OP_RETURN OP_RETURN. Case split over r.',
  inputs: { k: int(0, 3), h: bytes(20), p2sh: bool(), cleanstack: bool(), witness: bool() },
  split: 'k',
  requires: ({ p2sh, cleanstack, witness }) => (!witness || p2sh) && (!cleanstack || (p2sh && witness)),
  ensures: ({ k, h, p2sh, cleanstack, witness }) => {
    const [r, redeemed] = REDEEM[k] as readonly [number, string];
    const flags = (p2sh ? P2SH : 0) | (cleanstack ? CLEANSTACK : 0) | (witness ? WITNESS : 0);
    const got = outcome(verifyScript(Uint8Array.of(0x01, r), p2shOutput(h), [], flags, NO_SIGNATURES));
    if (!equalBytes(hash160(Uint8Array.of(r)), h)) return got === 'EVAL_FALSE';
    return got === (p2sh ? redeemed : 'OK');
  },
  covers: {
    'the redeem script runs and succeeds': ({ k, h, p2sh }) => k === 0 && p2sh && equalBytes(hash160(Uint8Array.of(OP_1)), h),
    'OP_RETURN in the redeem script': ({ k, h, p2sh }) => k === 3 && p2sh && equalBytes(hash160(Uint8Array.of(OP_RETURN)), h),
  },
});

export const p2shPushOnly = proof('BIP16: with P2SH on, a scriptSig that is not push-only fails SIG_PUSHONLY; SIGPUSHONLY refuses it for any output', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the scriptSig 61 01 r (OP_NOP, then a push of the byte r, any r) and no witness: with the output a9 14 h 87 (h any 20 bytes) and HASH160(r) = h, P2SH on gives SIG_PUSHONLY and P2SH off OK (OP_NOP does nothing); with HASH160(r) != h, EVAL_FALSE either way; with SIGPUSHONLY on, SIG_PUSHONLY before anything runs, whatever the hash. The scriptSig 51 01 r (OP_1 is a push opcode for IsPushOnly) with P2SH on runs the redeem script r on [01]: for r = OP_1 the stack is [01 01], OK with P2SH alone and CLEANSTACK with P2SH, WITNESS and CLEANSTACK.',
  inputs: { r: byte(), h: bytes(20), p2sh: bool(), sigPushOnly: bool() },
  ensures: ({ r, h, p2sh, sigPushOnly }) => {
    const flags = (p2sh ? P2SH : 0) | (sigPushOnly ? SIGPUSHONLY : 0);
    const got = outcome(verifyScript(Uint8Array.of(OP_NOP, 0x01, r), p2shOutput(h), [], flags, NO_SIGNATURES));
    const matches = equalBytes(hash160(Uint8Array.of(r)), h);
    const expected = sigPushOnly ? 'SIG_PUSHONLY' : !matches ? 'EVAL_FALSE' : p2sh ? 'SIG_PUSHONLY' : 'OK';
    // OP_1 before the push: push-only, so the redeem script runs on what OP_1 left.
    const one = p2shOutput(hash160(Uint8Array.of(OP_1)));
    const dirty = outcome(verifyScript(Uint8Array.of(OP_1, 0x01, OP_1), one, [], P2SH, NO_SIGNATURES));
    const clean = outcome(verifyScript(Uint8Array.of(OP_1, 0x01, OP_1), one, [], P2SH | WITNESS | CLEANSTACK, NO_SIGNATURES));
    return got === expected && dirty === 'OK' && clean === 'CLEANSTACK';
  },
  covers: {
    'P2SH refuses a non-push scriptSig whose hash matches': ({ r, h, p2sh, sigPushOnly }) => p2sh && !sigPushOnly && equalBytes(hash160(Uint8Array.of(r)), h),
  },
});

/** BIP141's P2WSH output: OP_0 <32 bytes> (00 20 p). */
const p2wshOutput = (p: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(OP_0, 0x20), p);

/** Core's CastToBool, written out: some byte non-zero, other than a last 0x80 after zeros (negative zero). */
function isTrueBytes(p: Uint8Array): boolean {
  let nonZeroBeforeLast = false;
  for (let i = 0; i + 1 < p.length; i++) if (p[i] !== 0) nonZeroBeforeLast = true;
  const last = p[p.length - 1];
  return nonZeroBeforeLast || (last !== undefined && last !== 0 && last !== 0x80);
}

export const p2wshWitnessScript = proof('BIP141: a P2WSH output runs the last witness item when its SHA256 is the program, with an empty scriptSig', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 00 20 p (p any 32 bytes) and the witness [w] of one one-byte witness script w (OP_1 or OP_0, one case each): with WITNESS (and P2SH) on and the scriptSig empty, the output\'s own run comes first (pushing "" and p: EVAL_FALSE when p is false by Core\'s CastToBool: no byte non-zero, or only a last 0x80), then SHA256(w) != p gives WITNESS_PROGRAM_MISMATCH, and a match runs w on the empty stack: OP_1 OK, OP_0 EVAL_FALSE (one false item); an empty witness gives WITNESS_PROGRAM_WITNESS_EMPTY; the scriptSig 51 (OP_1) gives WITNESS_MALLEATED whatever w. With WITNESS off the output is an ordinary script: OK exactly when p is true, else EVAL_FALSE, the witness ignored.',
  inputs: { k: int(0, 1), p: bytes(32) },
  split: 'k',
  ensures: ({ k, p }) => {
    const w = k === 0 ? OP_1 : OP_0;
    const out = p2wshOutput(p);
    const on = P2SH | WITNESS;
    const got = outcome(verifyScript(new Uint8Array(0), out, [Uint8Array.of(w)], on, NO_SIGNATURES));
    // Core checks the output's result before the witness: a false program fails EVAL_FALSE first.
    const truth = isTrueBytes(p);
    const expected = !truth ? 'EVAL_FALSE' : !equalBytes(sha256(Uint8Array.of(w)), p) ? 'WITNESS_PROGRAM_MISMATCH' : w === OP_1 ? 'OK' : 'EVAL_FALSE';
    const empty = outcome(verifyScript(new Uint8Array(0), out, [], on, NO_SIGNATURES));
    const malleated = outcome(verifyScript(Uint8Array.of(OP_1), out, [Uint8Array.of(w)], on, NO_SIGNATURES));
    const off = outcome(verifyScript(new Uint8Array(0), out, [Uint8Array.of(w)], P2SH, NO_SIGNATURES));
    return (
      got === expected &&
      empty === (truth ? 'WITNESS_PROGRAM_WITNESS_EMPTY' : 'EVAL_FALSE') &&
      malleated === (truth ? 'WITNESS_MALLEATED' : 'EVAL_FALSE') &&
      off === (truth ? 'OK' : 'EVAL_FALSE')
    );
  },
  covers: {
    'the witness script runs and succeeds': ({ k, p }) => k === 0 && equalBytes(sha256(Uint8Array.of(OP_1)), p),
    'a program of negative zero (31 zeros, then 80) is false without WITNESS': ({ p }) => p[31] === 0x80 && p[0] === 0 && p[30] === 0,
  },
});

export const witnessUnexpected = proof('BIP141: witness data for an output that is no witness program fails WITNESS_UNEXPECTED', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 51 (OP_1, no witness program), an empty scriptSig and a witness of one item x (0 to 2 bytes, any): with WITNESS on the result is WITNESS_UNEXPECTED, with it off OK; with no witness items OK either way. Also for a P2SH output a9 14 h 87 spent by 01 51 (the redeem script OP_1, no witness program) with HASH160(51) = h and P2SH on.',
  inputs: { x: bytes(2), n: int(0, 2), witness: bool() },
  ensures: ({ x, n, witness }) => {
    const item = x.subarray(0, n);
    const flags = P2SH | (witness ? WITNESS : 0);
    const bare = outcome(verifyScript(new Uint8Array(0), Uint8Array.of(OP_1), [item], flags, NO_SIGNATURES));
    const none = outcome(verifyScript(new Uint8Array(0), Uint8Array.of(OP_1), [], flags, NO_SIGNATURES));
    const nested = outcome(verifyScript(Uint8Array.of(0x01, OP_1), p2shOutput(hash160(Uint8Array.of(OP_1))), [item], flags, NO_SIGNATURES));
    const expected = witness ? 'WITNESS_UNEXPECTED' : 'OK';
    return bare === expected && none === 'OK' && nested === expected;
  },
});

/** Witness program outputs of the version proof: (version opcode, program length). */
const PROGRAMS: readonly (readonly [number, number])[] = [
  [OP_0, 21], // v0 of neither 20 nor 32 bytes
  [OP_1, 20], // v1 but not 32 bytes: not taproot
  [0x52, 32], // OP_2: version 2
  [0x60, 40], // OP_16: version 16, the longest program
  [OP_1, 2], // v1 of 2 bytes: pay-to-anchor exactly when it is 4e 73
];

export const witnessProgramVersions = proof('BIP141: v0 programs of a wrong length fail; other versions and sizes succeed unless discouraged, pay-to-anchor always', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output OP_v <program> with (v, program length) = (0, 21), (1, 20), (2, 32), (16, 40) and (1, 2) (one case each; the program any bytes), an empty scriptSig, a witness of one item w (0 to 1 bytes, any) and flags P2SH | WITNESS with DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM on or off: first the output\'s own run must leave a true program (Core\'s CastToBool), else EVAL_FALSE; then v0 with 21 bytes is WITNESS_PROGRAM_WRONG_LENGTH; v1 with the 2-byte program 4e 73 (pay-to-anchor) is OK even when discouraged; every other one is DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM with the flag and OK without. Case split over the five.',
  inputs: { k: int(0, 4), program: bytes(40), w: bytes(1), n: int(0, 1), discourage: bool() },
  split: 'k',
  ensures: ({ k, program, w, n, discourage }) => {
    const [op, length] = PROGRAMS[k] as readonly [number, number];
    const p = program.subarray(0, length);
    const out = concatBytes(Uint8Array.of(op, length), p);
    const flags = P2SH | WITNESS | (discourage ? DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM : 0);
    const got = outcome(verifyScript(new Uint8Array(0), out, [w.subarray(0, n)], flags, NO_SIGNATURES));
    const anchor = op === OP_1 && length === 2 && p[0] === 0x4e && p[1] === 0x73;
    const expected = !isTrueBytes(p) ? 'EVAL_FALSE' : op === OP_0 ? 'WITNESS_PROGRAM_WRONG_LENGTH' : anchor || !discourage ? 'OK' : 'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM';
    return got === expected;
  },
  covers: {
    'pay-to-anchor, discouraged flag on': ({ k, program, discourage }) => k === 4 && discourage && program[0] === 0x4e && program[1] === 0x73,
    'version 16, discouraged': ({ k, discourage }) => k === 3 && discourage,
  },
});


export const p2wpkhImpliedScript = proof('BIP141: a P2WPKH output needs exactly two witness items and runs DUP HASH160 <program> EQUALVERIFY CHECKSIG on them', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 00 14 h (h any 20 bytes, true by CastToBool), an empty scriptSig, flags P2SH | WITNESS and a checker whose ECDSA answer is `valid` (either): the witness [s, k] (s and k any 2 bytes) gives EQUALVERIFY when HASH160(k) != h, else OK when the signature check says valid and EVAL_FALSE (one false item) when not; witnesses of 0, 1 and 3 items give WITNESS_PROGRAM_MISMATCH.',
  inputs: { h: bytes(20), s: bytes(2), key: bytes(2), valid: bool() },
  requires: ({ h }) => isTrueBytes(h),
  ensures: ({ h, s, key, valid }) => {
    const out = concatBytes(Uint8Array.of(OP_0, 0x14), h);
    const run = (witness: readonly Uint8Array[]): string => outcome(verifyScript(new Uint8Array(0), out, witness, P2SH | WITNESS, checkerAnswering(valid)));
    const expected = !equalBytes(hash160(key), h) ? 'EQUALVERIFY' : valid ? 'OK' : 'EVAL_FALSE';
    const mismatch = 'WITNESS_PROGRAM_MISMATCH';
    return run([s, key]) === expected && run([]) === mismatch && run([key]) === mismatch && run([s, key, s]) === mismatch;
  },
  covers: {
    'the key hashes to the program and the signature is valid': ({ h, key, valid }) => valid && equalBytes(hash160(key), h),
  },
});

export const p2wpkhCheckSigItem = proof("BIP141: P2WPKH's implied script leaves CHECKSIG's one item, Core's vchTrue 01 for a valid signature and the empty vchFalse otherwise", {
  fn: evalKeyHashScript,
  spec: '§3.11',
  statement:
    'For any 20-byte key hash h, the witness items [s, k] (s and k any 2 bytes), the script 76 a9 14 h 88 ac, flags P2SH | WITNESS and a checker whose ECDSA answer is `valid` (either): EQUALVERIFY when HASH160(k) != h; otherwise the stack is the one item CHECKSIG pushes, the byte 01 when the signature check says valid and no bytes when not (interpreter.cpp: vchTrue, vchFalse).',
  inputs: { h: bytes(20), s: bytes(2), key: bytes(2), valid: bool() },
  ensures: ({ h, s, key, valid }) => {
    const script = concatBytes(Uint8Array.of(0x76, 0xa9, 0x14), h, Uint8Array.of(0x88, 0xac));
    const r = evalKeyHashScript([s, key], script, h, P2SH | WITNESS, checkerAnswering(valid));
    if (!equalBytes(hash160(key), h)) return !r.ok && r.error === 'EQUALVERIFY';
    if (!r.ok || r.value.length !== 1) return false;
    const item = r.value[0] as Uint8Array;
    return valid ? item.length === 1 && item[0] === 0x01 : item.length === 0;
  },
  covers: {
    'the key hashes to the program and the signature is valid': ({ h, key, valid }) => valid && equalBytes(hash160(key), h),
    'the key hashes to the program and the signature is not valid': ({ h, key, valid }) => !valid && equalBytes(hash160(key), h),
  },
});

export const p2wshScriptLimits = proof("BIP141: a P2WSH witness script's stack items are at most 520 bytes, and it must leave exactly one item", {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 00 20 p with p the SHA256 of the witness script, an empty scriptSig and flags P2SH | WITNESS, in Core\'s ExecuteWitnessScript order (element sizes, then the run, then exactly one true item), once the output\'s own run left a true p: the script OP_1 under one item of 520 zero bytes leaves two items, CLEANSTACK; under 521 zero bytes it fails PUSH_SIZE before running; OP_1 OP_1 alone leaves two items, CLEANSTACK; OP_1 alone is OK. One case per item size.',
  inputs: { k: int(0, 1) },
  split: 'k',
  ensures: ({ k }) => {
    const big = k === 1;
    const one = Uint8Array.of(OP_1);
    const twice = Uint8Array.of(OP_1, OP_1);
    const run = (witness: readonly Uint8Array[], script: Uint8Array): string =>
      outcome(verifyScript(new Uint8Array(0), p2wshOutput(sha256(script)), witness, P2SH | WITNESS, NO_SIGNATURES));
    const item = new Uint8Array(k === 1 ? 521 : 520);
    // The output's own run first: a program that is false by CastToBool fails EVAL_FALSE (SHA256 is uninterpreted here).
    const gated = (script: Uint8Array, expected: string): string => (isTrueBytes(sha256(script)) ? expected : 'EVAL_FALSE');
    return run([item, one], one) === gated(one, big ? 'PUSH_SIZE' : 'CLEANSTACK') && run([twice], twice) === gated(twice, 'CLEANSTACK') && run([one], one) === gated(one, 'OK');
  },
});

/** A checker whose Schnorr answer is OK exactly for a signature starting with 1, and which wants an annex hash exactly when `annex`. */
const schnorrAnswering = (annex: boolean): SignatureChecker =>
  checkerWith({
    checkSchnorrSignature: (signature, _pubkey, _version, execData) => (signature[0] === 1 && (execData.annexHash !== undefined) === annex ? ok(undefined) : err('SCHNORR_SIG')),
  });

export const taprootKeyPath = proof('BIP341: a taproot output is OK without TAPROOT; with it an empty witness fails, one item is a key-path signature, and a last item starting 50 is the annex', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 51 20 q (OP_1 <32 bytes>, q true by CastToBool), an empty scriptSig and flags P2SH | WITNESS: without TAPROOT any witness is OK; with it the empty witness is WITNESS_PROGRAM_WITNESS_EMPTY, [s] (s any 1 byte) is the key-path check of s against q with no annex (OK exactly when the checker says so: here when s is 01), [s, 50 a] (a any byte) the key-path check with an annex hash (the checker sees one), and [s, x] with x a 1-byte item other than 50, or empty, a script-path spend whose control block has the wrong size, TAPROOT_WRONG_CONTROL_SIZE.',
  inputs: { q: bytes(32), s: bytes(1), a: byte(), x: byte() },
  requires: ({ q, x }) => isTrueBytes(q) && x !== 0x50,
  ensures: ({ q, s, a, x }) => {
    const out = concatBytes(Uint8Array.of(OP_1, 0x20), q);
    const run = (witness: readonly Uint8Array[], flags: number, annex: boolean): string => outcome(verifyScript(new Uint8Array(0), out, witness, flags, schnorrAnswering(annex)));
    const on = P2SH | WITNESS | TAPROOT;
    return (
      run([s], P2SH | WITNESS, false) === 'OK' &&
      run([], on, false) === 'WITNESS_PROGRAM_WITNESS_EMPTY' &&
      run([s], on, false) === (s[0] === 1 ? 'OK' : 'SCHNORR_SIG') &&
      run([s, Uint8Array.of(0x50, a)], on, true) === (s[0] === 1 ? 'OK' : 'SCHNORR_SIG') &&
      run([s, Uint8Array.of(x)], on, false) === 'TAPROOT_WRONG_CONTROL_SIZE' &&
      // An empty last item is no annex: a script path with an empty control block.
      run([s, new Uint8Array(0)], on, false) === 'TAPROOT_WRONG_CONTROL_SIZE'
    );
  },
});

/** A checker whose backend's TapTweak addition gives the x-only key `q` with even y, for any key and tweak: every script path commits to q (the commitment's two sides are proved in proofs/taproot.proof.ts). */
const committingTo = (q: Uint8Array): SignatureChecker => checkerWith({ backend: { xOnlyTweakAdd: () => ({ parity: 0, xOnly: q }) } as unknown as SignatureChecker['backend'] });

/**
 * verifyScript's outcome for the output 51 20 q spent by the script path [leaf, version ‖ p] with
 * an empty scriptSig, under a backend whose tweak gives q (committingTo).
 */
function scriptPathOutcome(q: Uint8Array, p: Uint8Array, flags: number, leaf: Uint8Array, version: number): string {
  const out = concatBytes(Uint8Array.of(OP_1, 0x20), q);
  return outcome(verifyScript(new Uint8Array(0), out, [leaf, concatBytes(Uint8Array.of(version), p)], flags, committingTo(q)));
}

/** interpreter.h: SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_TAPROOT_VERSION, SCRIPT_VERIFY_DISCOURAGE_OP_SUCCESS. */
const DISCOURAGE_UPGRADABLE_TAPROOT_VERSION = 1 << 18;
const DISCOURAGE_OP_SUCCESS = 1 << 19;

export const tapscriptOpSuccess = proof('BIP342: a tapscript leaf with an OP_SUCCESS opcode succeeds at once unless DISCOURAGE_OP_SUCCESS, even after a malformed push', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 51 20 q (q true by CastToBool), an empty scriptSig, flags P2SH | WITNESS | TAPROOT with or without DISCOURAGE_OP_SUCCESS (1 << 19), the witness [leaf, c0 ‖ p] (leaf version c0, even y, any internal key p) and a backend whose tweak gives q (so the control block commits to q): the leaf 51 (OP_1) is OK; the leaf 61 50 (OP_NOP, then OP_SUCCESS80) is OK, and DISCOURAGE_OP_SUCCESS with the flag; so is 50 4c (OP_SUCCESS80 before a PUSHDATA1 with no length byte): the scan stops at the OP_SUCCESS; the leaf 4c 50 (the truncated push first) fails with BAD_OPCODE, as the scan cannot read past it.',
  inputs: { q: bytes(32), p: bytes(32), discourage: bool() },
  requires: ({ q }) => isTrueBytes(q),
  ensures: ({ q, p, discourage }) => {
    const flags = P2SH | WITNESS | TAPROOT | (discourage ? DISCOURAGE_OP_SUCCESS : 0);
    const run = (leaf: Uint8Array, version: number): string => scriptPathOutcome(q, p, flags, leaf, version);
    const success = discourage ? 'DISCOURAGE_OP_SUCCESS' : 'OK';
    return (
      run(Uint8Array.of(OP_1), 0xc0) === 'OK' &&
      run(Uint8Array.of(OP_NOP, 0x50), 0xc0) === success &&
      run(Uint8Array.of(0x50, 0x4c), 0xc0) === success &&
      run(Uint8Array.of(0x4c, 0x50), 0xc0) === 'BAD_OPCODE'
    );
  },
});

export const taprootUnknownLeafVersion = proof('BIP341: a script path of an unknown leaf version succeeds without running its script, unless DISCOURAGE_UPGRADABLE_TAPROOT_VERSION', {
  fn: verifyScript,
  spec: '§3.11',
  statement:
    'For the output 51 20 q (q true by CastToBool), an empty scriptSig, flags P2SH | WITNESS | TAPROOT with or without DISCOURAGE_UPGRADABLE_TAPROOT_VERSION (1 << 18), the witness [6a, c2 ‖ p] (OP_RETURN as the leaf, leaf version c2, even y, any internal key p) and a backend whose tweak gives q: OK (the leaf is not run), or DISCOURAGE_UPGRADABLE_TAPROOT_VERSION with the flag.',
  inputs: { q: bytes(32), p: bytes(32), discourage: bool() },
  requires: ({ q }) => isTrueBytes(q),
  ensures: ({ q, p, discourage }) => {
    const flags = P2SH | WITNESS | TAPROOT | (discourage ? DISCOURAGE_UPGRADABLE_TAPROOT_VERSION : 0);
    return scriptPathOutcome(q, p, flags, Uint8Array.of(OP_RETURN), 0xc2) === (discourage ? 'DISCOURAGE_UPGRADABLE_TAPROOT_VERSION' : 'OK');
  },
});
