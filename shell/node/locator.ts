/**
 * Block locators (Core's CChain::GetLocator, chain.cpp LocatorEntries): the hashes a node sends
 * in getheaders so the peer can find where their chains fork: the tip and its parents one by one
 * for 10 steps, then exponentially sparser, always ending at genesis.
 */
import { type HeaderEntry, getAncestor } from '../../kernel/chain/header-chain.js';

export function blockLocator(tip: HeaderEntry): Uint8Array[] {
  const hashes: Uint8Array[] = [];
  let step = 1;
  for (let entry: HeaderEntry | undefined = tip; entry !== undefined; ) {
    hashes.push(entry.hash);
    if (entry.height === 0) break;
    entry = getAncestor(entry, Math.max(entry.height - step, 0));
    if (hashes.length > 10) step *= 2;
  }
  return hashes;
}
