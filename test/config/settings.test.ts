/**
 * Settings files (shell/config/settings.ts): presets with overrides into the kernel's typed
 * objects, documented defaults, and errors naming the bad field's path.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONSENSUS_RULES } from '../../kernel/consensus/peer-consensus.js';
import { SPAM_FILTER_PRESETS } from '../../kernel/spam/config.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../shell/config/settings.js';

describe('§9.2 §10.1 settings files', () => {
  it('an empty object gives the defaults: the moderate filter, 5 peers at 4/5', () => {
    expect(parseSettings('{}')).toEqual({ ok: true, value: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.spamFilter).toEqual(SPAM_FILTER_PRESETS.moderate);
    expect(DEFAULT_CONSENSUS_RULES).toMatchObject({ minPeers: 5, threshold: { numerator: 4, denominator: 5 }, maxPerAsn: 2 });
  });

  it('a preset with overrides; amounts become bigint', () => {
    const r = parseSettings(JSON.stringify({ spamFilter: { preset: 'conservative', runes: true, dust: { enabled: true, dustRelayFee: 1000 } }, consensus: { minPeers: 7, threshold: { numerator: 2, denominator: 3 } } }));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.spamFilter).toEqual({ ...SPAM_FILTER_PRESETS.conservative, runes: true, dust: { enabled: true, dustRelayFee: 1000n } });
    expect(r.value.consensus).toEqual({ ...DEFAULT_CONSENSUS_RULES, minPeers: 7, threshold: { numerator: 2, denominator: 3 } });
  });

  it('errors name the field', () => {
    const bad = (json: unknown): string => {
      const r = parseSettings(JSON.stringify(json));
      if (r.ok) throw new Error('accepted');
      return r.error;
    };
    expect(bad({ spamFilter: { preset: 'extreme' } })).toMatch(/^spamFilter\.preset: /);
    expect(bad({ spamFilter: { dust: { dustRelayFee: -1 } } })).toMatch(/^spamFilter\.dust\.dustRelayFee: /);
    expect(bad({ spamFilter: { dust: { dustRelayFee: 1.5 } } })).toMatch(/^spamFilter\.dust\.dustRelayFee: /);
    expect(bad({ spamFilter: { opReturn: { maxbytes: 3 } } })).toMatch(/^spamFilter\.opReturn: .*maxbytes/);
    expect(bad({ consensus: { threshold: { numerator: 1, denominator: 2 } } })).toMatch(/^consensus\.threshold: must be a fraction in \(1\/2, 1\]/);
    expect(bad({ consensus: { minPeers: 0 } })).toMatch(/^consensus\.minPeers: /);
    expect(bad({ spamFiltr: {} })).toMatch(/spamFiltr/);
    expect(parseSettings('{ not json')).toMatchObject({ ok: false, error: expect.stringMatching(/^not JSON: /) });
  });
});
