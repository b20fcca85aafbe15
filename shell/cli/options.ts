/**
 * Option values shared by the `bllvm` commands, parsed strictly: a value is accepted only in its
 * one canonical spelling, and a rejected value is an error naming the option (exit 2).
 */
import { InvalidArgumentError, Option } from 'commander';
import { NETWORKS, type NetworkName } from '../../kernel/chain/params.js';

/** The network names `--network` takes, as the kernel's chain parameters name them. */
export const NETWORK_NAMES = Object.keys(NETWORKS) as NetworkName[];

/** `--network NAME`: required, one of {@link NETWORK_NAMES} (no default: main and test chains must not be confused). */
export function networkOption(): Option {
  return new Option('--network <name>', 'chain the data belongs to').choices(NETWORK_NAMES).makeOptionMandatory();
}

/** A non-negative decimal integer no larger than `max`: no sign, no exponent, no hex, no leading zeros, no blanks. */
export function decimalParser(what: string, max: number): (value: string) => number {
  return (value) => {
    if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new InvalidArgumentError(`expected ${what}: a decimal integer from 0 to ${max}`);
    const n = Number(value);
    if (n > max) throw new InvalidArgumentError(`expected ${what}: a decimal integer from 0 to ${max}`);
    return n;
  };
}

/** Block heights are int32 in Core (`CBlockIndex::nHeight`). */
export const parseHeight = decimalParser('a block height', 0x7fffffff);

/** A positive count (jobs, failures shown, ...). */
export function countParser(what: string, min: number, max: number): (value: string) => number {
  const parse = decimalParser(what, max);
  return (value) => {
    const n = parse(value);
    if (n < min) throw new InvalidArgumentError(`expected ${what}: a decimal integer from ${min} to ${max}`);
    return n;
  };
}
