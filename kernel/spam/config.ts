/**
 * The spam filter's settings (SPEC.md §10.1): which categories it flags and their thresholds,
 * as a plain readonly object, with four presets. The shell reads them from JSON with a schema
 * (shell/config/spam-filter.ts); the kernel only takes the object.
 */

export interface SpamFilterConfig {
  /** Flag nothing when false (the `disabled` preset). */
  readonly enabled: boolean;
  /** Ordinals inscription envelopes (`OP_FALSE OP_IF "ord" ... OP_ENDIF` in a tapscript). */
  readonly inscriptions: boolean;
  /** BRC-20 operations inside inscriptions (a JSON body with `"p":"brc-20"`). */
  readonly brc20: boolean;
  /** Other `OP_FALSE OP_IF ... OP_ENDIF` envelopes in tapscripts. */
  readonly otherEnvelopes: boolean;
  /** Runes (`OP_RETURN OP_13` outputs). */
  readonly runes: boolean;
  /** Data in bare multisig outputs (Bitcoin Stamps, Counterparty). */
  readonly stamps: boolean;
  /** OP_RETURN outputs longer than `maxBytes` (script bytes, OP_RETURN included). */
  readonly opReturn: { readonly enabled: boolean; readonly maxBytes: number };
  /** Outputs below Core's dust threshold at this dust relay fee (sat per 1,000 vbytes). */
  readonly dust: { readonly enabled: boolean; readonly dustRelayFee: bigint };
  /** Transactions with at least `minOutputs` outputs all worth at most `maxValue`. */
  readonly manySmallOutputs: { readonly enabled: boolean; readonly minOutputs: number; readonly maxValue: bigint };
}

/** Core's DUST_RELAY_TX_FEE (policy/policy.h): 3,000 sat per 1,000 vbytes. */
export const DUST_RELAY_TX_FEE = 3000n;
/** Core's MAX_OP_RETURN_RELAY before v30: 83 bytes of script (OP_RETURN and an 80-byte push). */
export const MAX_OP_RETURN_RELAY = 83;

export type SpamFilterPreset = 'disabled' | 'conservative' | 'moderate' | 'aggressive';

const OFF = { enabled: false } as const;

/** The presets: disabled (nothing), conservative (unambiguous data carriers), moderate (+ other envelopes, runes, dust), aggressive (+ small OP_RETURN, many small outputs, dust at 3x). */
export const SPAM_FILTER_PRESETS: Readonly<Record<SpamFilterPreset, SpamFilterConfig>> = Object.freeze({
  disabled: {
    enabled: false,
    inscriptions: false,
    brc20: false,
    otherEnvelopes: false,
    runes: false,
    stamps: false,
    opReturn: { ...OFF, maxBytes: MAX_OP_RETURN_RELAY },
    dust: { ...OFF, dustRelayFee: DUST_RELAY_TX_FEE },
    manySmallOutputs: { ...OFF, minOutputs: 100, maxValue: 1000n },
  },
  conservative: {
    enabled: true,
    inscriptions: true,
    brc20: true,
    otherEnvelopes: false,
    runes: false,
    stamps: true,
    opReturn: { enabled: true, maxBytes: MAX_OP_RETURN_RELAY },
    dust: { ...OFF, dustRelayFee: DUST_RELAY_TX_FEE },
    manySmallOutputs: { ...OFF, minOutputs: 100, maxValue: 1000n },
  },
  moderate: {
    enabled: true,
    inscriptions: true,
    brc20: true,
    otherEnvelopes: true,
    runes: true,
    stamps: true,
    opReturn: { enabled: true, maxBytes: MAX_OP_RETURN_RELAY },
    dust: { enabled: true, dustRelayFee: DUST_RELAY_TX_FEE },
    manySmallOutputs: { ...OFF, minOutputs: 100, maxValue: 1000n },
  },
  aggressive: {
    enabled: true,
    inscriptions: true,
    brc20: true,
    otherEnvelopes: true,
    runes: true,
    stamps: true,
    opReturn: { enabled: true, maxBytes: 42 },
    dust: { enabled: true, dustRelayFee: 3n * DUST_RELAY_TX_FEE },
    manySmallOutputs: { enabled: true, minOutputs: 50, maxValue: 10_000n },
  },
});
