import { describe, expect, it } from 'vitest';
import { readScriptTests, readTxTests, VectorStore } from '../../shell/conformance/data.js';

// The vector files hold exactly what INDEX.md says: every case is counted by the suites.
const store = new VectorStore();

describe('conformance vector files (INDEX.md §3.1, §3.2)', () => {
  it('script_tests.json: 1,212 cases + 52 comments; 672 OK, 540 errors of 37 codes; 111 with witness; 4 taproot placeholders', () => {
    const { cases, comments } = readScriptTests(store);
    expect(cases).toHaveLength(1212);
    expect(comments).toBe(52);
    expect(cases.filter((c) => c.expected === 'OK')).toHaveLength(672);
    expect(new Set(cases.filter((c) => c.expected !== 'OK').map((c) => c.expected)).size).toBe(37);
    expect(cases.filter((c) => c.witness !== undefined)).toHaveLength(111);
    expect(cases.filter((c) => c.scriptPubKey.includes('#TAPROOTOUTPUT#'))).toHaveLength(4);
  });
  it('tx_valid.json: 121 cases + 129 comments; tx_invalid.json: 93 cases + 108 comments, 9 BADTX', () => {
    const valid = readTxTests(store, 'tx_valid.json');
    expect(valid.cases).toHaveLength(121);
    expect(valid.comments).toBe(129);
    const invalid = readTxTests(store, 'tx_invalid.json');
    expect(invalid.cases).toHaveLength(93);
    expect(invalid.comments).toBe(108);
    expect(invalid.cases.filter((c) => c.flags === 'BADTX')).toHaveLength(9);
  });
});
