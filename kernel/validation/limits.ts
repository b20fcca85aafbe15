/** Block limits of Core's consensus/consensus.h (BIP141). */
export const MAX_BLOCK_SERIALIZED_SIZE = 4_000_000;
export const MAX_BLOCK_WEIGHT = 4_000_000;
export const MAX_BLOCK_SIGOPS_COST = 80_000;
/** Coinbase outputs can be spent only after this many blocks. */
export const COINBASE_MATURITY = 100;
