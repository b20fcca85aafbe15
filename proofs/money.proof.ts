/**
 * Money range, output sums and input/fee checks (SPEC.md §4.1, §5.1, §5.4), with Bitcoin's
 * literal MAX_MONEY = 2100000000000000 sat and COINBASE_MATURITY = 100.
 */
import { big, bool, int, int64, nat31, proof, record, tuple } from '../harness/dsl.js';
import { moneyRange } from '../kernel/validation/money.js';
import { checkOutputValues } from '../kernel/validation/output-values.js';
import { checkTxInputs, isCoinbaseSpendMature } from '../kernel/validation/tx-inputs.js';

const outputs4 = tuple(4, record({ value: int64() }));
const coins3 = tuple(3, record({ value: int64(), height: nat31(), isCoinbase: bool() }));

export const moneyRangeExact = proof('MoneyRange is exactly [0, 21,000,000 BTC]', {
  fn: moneyRange,
  spec: '§4.1',
  statement: 'For every int64 v: MoneyRange(v) iff 0 <= v <= 2,100,000,000,000,000 sat.',
  inputs: { v: int64() },
  ensures: ({ v }) => moneyRange(v) === (v >= 0n && v <= 2100000000000000n),
  covers: { 'MAX_MONEY is in range': ({ v }) => v === 2100000000000000n && moneyRange(v) },
});

export const outputSumInRange = proof('accepted output values sum within MoneyRange', {
  fn: checkOutputValues,
  spec: '§5.1',
  statement:
    'For 4 outputs with any int64 values: if the CheckTransaction value loop accepts them, the total equals their sum and lies in [0, 2,100,000,000,000,000]; no intermediate sum leaves int64 (checked as Core does).',
  inputs: { outputs: outputs4 },
  ensures: ({ outputs }) => {
    const r = checkOutputValues(outputs);
    if (!r.ok) return true;
    return (
      r.value === outputs[0].value + outputs[1].value + outputs[2].value + outputs[3].value &&
      r.value >= 0n &&
      r.value <= 2100000000000000n
    );
  },
  covers: {
    'some set of outputs is accepted': ({ outputs }) => checkOutputValues(outputs).ok,
    'a total above MAX_MONEY is rejected': ({ outputs }) => {
      const r = checkOutputValues(outputs);
      return !r.ok && r.error === 'bad-txns-txouttotal-toolarge';
    },
  },
});

export const outputEachInRange = proof('accepted outputs are each within MoneyRange', {
  fn: checkOutputValues,
  spec: '§5.1',
  statement: 'For 4 outputs: acceptance implies 0 <= value_i <= 2,100,000,000,000,000 for each i.',
  inputs: { outputs: outputs4 },
  ensures: ({ outputs }) => {
    const r = checkOutputValues(outputs);
    if (!r.ok) return true;
    for (let i = 0; i < 4; i++) {
      if (outputs[i].value < 0n || outputs[i].value > 2100000000000000n) return false;
    }
    return true;
  },
});

export const outputsAccepted = proof('outputs within MoneyRange with a total within MoneyRange are accepted', {
  fn: checkOutputValues,
  spec: '§5.1',
  statement: 'For 4 outputs each in [0, 2,100,000,000,000,000] whose sum is at most 2,100,000,000,000,000: the value loop accepts (MAX_MONEY itself is a valid output).',
  inputs: { outputs: tuple(4, record({ value: big(0n, 2100000000000000n) })) },
  requires: ({ outputs }) => outputs[0].value + outputs[1].value + outputs[2].value + outputs[3].value <= 2100000000000000n,
  ensures: ({ outputs }) => checkOutputValues(outputs).ok,
  covers: { 'a MAX_MONEY output': ({ outputs }) => outputs[0].value === 2100000000000000n },
});

export const outputNegativeRejected = proof('a negative output value is rejected as bad-txns-vout-negative', {
  fn: checkOutputValues,
  spec: '§5.1',
  statement: 'If the first output value is negative, the value loop rejects with bad-txns-vout-negative.',
  inputs: { outputs: outputs4 },
  requires: ({ outputs }) => outputs[0].value < 0n,
  ensures: ({ outputs }) => {
    const r = checkOutputValues(outputs);
    return !r.ok && r.error === 'bad-txns-vout-negative';
  },
});

export const feeNonNegative = proof('a transaction passing the input checks has 0 <= fee <= MAX_MONEY', {
  fn: checkTxInputs,
  spec: '§5.4',
  statement:
    'For 3 spent coins with any int64 values and an output total in MoneyRange: if CheckTxInputs accepts, fee = sum(inputs) - outputs, 0 <= fee <= 2,100,000,000,000,000 and the inputs sum to at most 2,100,000,000,000,000 (Core checks the running input total).',
  inputs: { coins: coins3, valueOut: big(0n, 2100000000000000n), spendHeight: nat31() },
  ensures: ({ coins, valueOut, spendHeight }) => {
    const r = checkTxInputs(coins, valueOut, spendHeight);
    if (!r.ok) return true;
    const sum = coins[0].value + coins[1].value + coins[2].value;
    return r.value + valueOut === sum && r.value >= 0n && r.value <= 2100000000000000n && sum <= 2100000000000000n;
  },
  covers: { 'a positive fee is accepted': ({ coins, valueOut, spendHeight }) => {
    const r = checkTxInputs(coins, valueOut, spendHeight);
    return r.ok && r.value > 0n;
  } },
});

export const inputsBelowOutputsRejected = proof('inputs below outputs are rejected', {
  fn: checkTxInputs,
  spec: '§5.4',
  statement: 'For 3 mature non-coinbase coins in MoneyRange whose sum is below the output total, CheckTxInputs rejects with bad-txns-in-belowout.',
  inputs: { coins: tuple(3, record({ value: big(0n, 2100000000000000n / 3n), height: nat31(), isCoinbase: bool() })), valueOut: big(0n, 2100000000000000n), spendHeight: nat31() },
  requires: ({ coins, valueOut }) =>
    !coins[0].isCoinbase && !coins[1].isCoinbase && !coins[2].isCoinbase && coins[0].value + coins[1].value + coins[2].value < valueOut,
  ensures: ({ coins, valueOut, spendHeight }) => {
    const r = checkTxInputs(coins, valueOut, spendHeight);
    return !r.ok && r.error === 'bad-txns-in-belowout';
  },
});

export const coinbaseMaturity = proof('coinbase outputs mature after exactly 100 blocks', {
  fn: isCoinbaseSpendMature,
  spec: '§5.4',
  statement: 'For heights c, s: a coinbase output of block c is spendable in block s iff s >= c + 100.',
  inputs: { coinHeight: nat31(), spendHeight: nat31() },
  ensures: ({ coinHeight, spendHeight }) => isCoinbaseSpendMature(coinHeight, spendHeight) === spendHeight >= coinHeight + 100,
});

export const prematureCoinbaseRejected = proof('spending an immature coinbase is rejected', {
  fn: checkTxInputs,
  spec: '§5.4',
  statement: 'If the first spent coin is a coinbase from fewer than 100 blocks ago, CheckTxInputs rejects with bad-txns-premature-spend-of-coinbase.',
  inputs: { coins: coins3, valueOut: big(0n, 2100000000000000n), spendHeight: int(0, 2 ** 31 - 1) },
  requires: ({ coins, spendHeight }) => coins[0].isCoinbase && spendHeight - coins[0].height < 100,
  ensures: ({ coins, valueOut, spendHeight }) => {
    const r = checkTxInputs(coins, valueOut, spendHeight);
    return !r.ok && r.error === 'bad-txns-premature-spend-of-coinbase';
  },
});

export const validInputsAccepted = proof('mature inputs in MoneyRange that cover the outputs are accepted, fee = in - out', {
  fn: checkTxInputs,
  spec: '§5.4',
  statement:
    'For 3 spent coins with values in [0, 2,100,000,000,000,000] summing to at most that, each either not a coinbase or created at least 100 blocks before the spending block, and an output total at most their sum: CheckTxInputs accepts with fee = sum(inputs) - outputs.',
  inputs: { coins: tuple(3, record({ value: big(0n, 2100000000000000n), height: nat31(), isCoinbase: bool() })), valueOut: big(0n, 2100000000000000n), spendHeight: nat31() },
  requires: ({ coins, valueOut, spendHeight }) => {
    const total = coins[0].value + coins[1].value + coins[2].value;
    let mature = true;
    for (let i = 0; i < 3; i++) if (coins[i].isCoinbase && spendHeight - coins[i].height < 100) mature = false;
    return mature && total <= 2100000000000000n && valueOut <= total;
  },
  ensures: ({ coins, valueOut, spendHeight }) => {
    const r = checkTxInputs(coins, valueOut, spendHeight);
    return r.ok && r.value + valueOut === coins[0].value + coins[1].value + coins[2].value;
  },
  covers: {
    'a coinbase spent exactly 100 blocks later': ({ coins, spendHeight }) => coins[0].isCoinbase && spendHeight - coins[0].height === 100,
    'a zero fee': ({ coins, valueOut }) => coins[0].value + coins[1].value + coins[2].value === valueOut,
  },
});
