/**
 * A SignatureChecker for interpreter tests whose scripts need only some of its methods: the
 * methods given answer, every other one throws (a script that reaches it is a broken test).
 */
import type { Secp256k1Backend } from '../../kernel/crypto/secp256k1.js';
import type { SignatureChecker } from '../../kernel/script/checker.js';

const notReached = (): never => {
  throw new Error('not reached');
};

export function checkerWith(methods: Partial<Omit<SignatureChecker, 'backend'>> = {}): SignatureChecker {
  return {
    backend: undefined as unknown as Secp256k1Backend,
    checkEcdsaSignature: notReached,
    checkSchnorrSignature: notReached,
    checkLockTime: notReached,
    checkSequence: notReached,
    ...methods,
  };
}
