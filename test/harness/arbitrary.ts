/** fast-check arbitraries for the proof DSL's domains, biased towards Bitcoin's boundary values. */
import fc from 'fast-check';
import type { Domain } from '../../harness/dsl.js';

export const BOUNDARIES = [
  0n, 1n, -1n, 2n, 3n, 4n, 127n, 128n, 129n, 131n, 132n, 252n, 253n, 254n, 255n, 256n, 65535n, 65536n, 209999n, 210000n, 210001n,
  302399n, 302400n, 4838400n, 4838401n, 1209600n, 4194303n, 4194304n, 8388608n, 16777215n, 16777216n, 0x1d00ffffn, 0x207fffffn,
  499999999n, 500000000n, 500000001n, 2147483647n, 2147483648n, 4294967295n, 4294967296n, 13440000n, 2100000000000000n,
  2100000000000001n, 2n ** 53n - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 224n - 1n, 2n ** 256n - 1n,
];

export function arb(d: Domain): fc.Arbitrary<unknown> {
  switch (d.kind) {
    case 'number': {
      const lo = BigInt(d.min);
      const hi = BigInt(d.max);
      const edges = [lo, hi, ...BOUNDARIES.filter((b) => b >= lo && b <= hi)].map(Number);
      return fc.oneof(fc.bigInt({ min: lo, max: hi }).map(Number), fc.constantFrom(...edges));
    }
    case 'bigint': {
      const lo = d.min ?? -(2n ** 80n);
      const hi = d.max ?? 2n ** 80n;
      const edges = [lo, hi, ...BOUNDARIES.filter((b) => b >= lo && b <= hi)];
      // Small values near zero, or near the low end when the whole range is far from zero.
      const nearLo = lo > -1000n ? lo : -1000n;
      const nearHi = hi < nearLo + 2000n ? hi : nearLo + 2000n;
      return fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.constantFrom(...edges), fc.bigInt({ min: nearLo, max: nearHi }));
    }
    case 'boolean':
      return fc.boolean();
    case 'bytes':
      return fc.oneof(
        fc.uint8Array({ minLength: d.length, maxLength: d.length }),
        fc.constantFrom(...[0, 0x80, 0xff].map((b) => new Uint8Array(d.length).fill(b))),
      );
    case 'tuple':
      return fc.tuple(...d.items.map(arb));
    case 'record':
      return fc.record(Object.fromEntries(Object.entries(d.fields).map(([k, v]) => [k, arb(v)])));
    case 'string':
      // Mostly a few short keys, so maps and probes share keys often.
      return fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.string({ maxLength: 8 }));
    case 'map':
      return fc.uniqueArray(fc.tuple(arb(d.key), arb(d.value)), { maxLength: d.size, selector: ([k]) => k }).map((entries) => new Map(entries));
  }
}
