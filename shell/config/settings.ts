/**
 * Settings files for the spam filter and peer consensus (SPEC.md §9.2, §10.1): JSON read with a
 * zod schema into the kernel's plain typed objects. A file names a preset and may override any
 * field; a bad file is an error naming the field's path and what was expected, never a crash.
 *
 *   { "spamFilter": { "preset": "moderate", "opReturn": { "maxBytes": 100 } },
 *     "consensus": { "minPeers": 7, "threshold": { "numerator": 2, "denominator": 3 } } }
 *
 * Amounts (dustRelayFee, maxValue) are JSON integers of satoshis.
 */
import { z } from 'zod';
import { type ConsensusRules, DEFAULT_CONSENSUS_RULES, MAX_THRESHOLD_DENOMINATOR } from '../../kernel/consensus/peer-consensus.js';
import { SPAM_FILTER_PRESETS, type SpamFilterConfig, type SpamFilterPreset } from '../../kernel/spam/config.js';
import { type Result, err, ok } from '../../kernel/result.js';

const satoshis = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).transform((n) => BigInt(n));
const count = (min: number, max: number) => z.number().int().min(min).max(max);

const spamFilterSchema = z
  .object({
    preset: z.enum(['disabled', 'conservative', 'moderate', 'aggressive']).default('moderate'),
    enabled: z.boolean().optional(),
    inscriptions: z.boolean().optional(),
    brc20: z.boolean().optional(),
    otherEnvelopes: z.boolean().optional(),
    runes: z.boolean().optional(),
    stamps: z.boolean().optional(),
    opReturn: z.object({ enabled: z.boolean().optional(), maxBytes: count(1, 10_000).optional() }).strict().optional(),
    dust: z.object({ enabled: z.boolean().optional(), dustRelayFee: satoshis.optional() }).strict().optional(),
    manySmallOutputs: z.object({ enabled: z.boolean().optional(), minOutputs: count(1, 1_000_000).optional(), maxValue: satoshis.optional() }).strict().optional(),
  })
  .strict();

const consensusSchema = z
  .object({
    minPeers: count(1, 1000).optional(),
    threshold: z
      .object({ numerator: count(1, MAX_THRESHOLD_DENOMINATOR), denominator: count(1, MAX_THRESHOLD_DENOMINATOR) })
      .strict()
      .refine((t) => 2 * t.numerator > t.denominator && t.numerator <= t.denominator, { message: 'must be a fraction in (1/2, 1]' })
      .optional(),
    maxPerAsn: count(1, 1000).optional(),
    groupLoopbackByNodeId: z.boolean().optional(),
  })
  .strict();

const settingsSchema = z.object({ spamFilter: spamFilterSchema.optional(), consensus: consensusSchema.optional() }).strict();

export interface Settings {
  readonly spamFilter: SpamFilterConfig;
  readonly consensus: ConsensusRules;
}

/** The settings when nothing is given: the moderate spam filter and the default consensus rules. */
export const DEFAULT_SETTINGS: Settings = { spamFilter: SPAM_FILTER_PRESETS.moderate, consensus: DEFAULT_CONSENSUS_RULES };

/** A preset's spam-filter settings with a file's overrides laid over them. */
function spamFilterFrom(input: z.infer<typeof spamFilterSchema>): SpamFilterConfig {
  const base = SPAM_FILTER_PRESETS[input.preset as SpamFilterPreset];
  const { preset: _, opReturn, dust, manySmallOutputs, ...flags } = input;
  return {
    ...base,
    ...flags,
    opReturn: { ...base.opReturn, ...opReturn },
    dust: { ...base.dust, ...dust },
    manySmallOutputs: { ...base.manySmallOutputs, ...manySmallOutputs },
  };
}

/** Parses a settings file's text: the settings, or one line per problem naming the field (`spamFilter.dust.dustRelayFee: ...`). */
export function parseSettings(text: string): Result<Settings, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(`not JSON: ${(e as Error).message}`);
  }
  const parsed = settingsSchema.safeParse(json);
  if (!parsed.success) {
    return err(parsed.error.issues.map((i) => `${i.path.length === 0 ? '(top level)' : i.path.join('.')}: ${i.message}`).join('\n'));
  }
  const { spamFilter, consensus } = parsed.data;
  return ok({
    spamFilter: spamFilter === undefined ? DEFAULT_SETTINGS.spamFilter : spamFilterFrom(spamFilter),
    consensus: { ...DEFAULT_CONSENSUS_RULES, ...consensus },
  });
}
