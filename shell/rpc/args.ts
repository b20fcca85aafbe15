/**
 * Positional RPC arguments checked as Bitcoin Core's RPCHelpMan checks them (src/rpc/util.cpp):
 * a wrong count is RPC_MISC_ERROR with the method's help (Core throws its help text; ours is the
 * one-line summary and description), a value of the wrong JSON type is RPC_TYPE_ERROR
 * "Wrong type passed:" with Core's per-position messages (RPCArg::MatchesType), a null optional
 * argument is the default; ParseHashV's and UniValue::getInt's errors with Core's strings.
 * Tested by test/rpc/methods.test.ts.
 */
import { fromDisplayHex } from '../../kernel/encoding/hex.js';
import { RPC_INVALID_PARAMETER, RPC_MISC_ERROR, RPC_TYPE_ERROR, RpcError } from './server.js';

/** Core's RPCArg::Type as far as the type check goes: STR and STR_HEX are 'string', NUM 'number', BOOL 'bool'; 'any' skips the check (skip_type_check). */
export type RpcArgType = 'string' | 'number' | 'bool' | 'any';

export interface RpcArgSpec {
  readonly name: string;
  readonly type: RpcArgType;
  /** Core's RPCArg::Optional::NO. */
  readonly required: boolean;
}

export interface RpcMethodSpec {
  readonly name: string;
  readonly description: string;
  readonly args: readonly RpcArgSpec[];
}

/** UniValue's uvTypeName. */
function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** Core's one-line summary (RPCHelpMan::ToString): strings quoted, optional arguments in "( ... )", then the description. */
export function helpSummary(spec: RpcMethodSpec): string {
  let line = spec.name;
  let inOptional = false;
  for (const arg of spec.args) {
    if (!arg.required && !inOptional) line += ' (';
    if (arg.required && inOptional) line += ' )';
    inOptional = !arg.required;
    const name = arg.name.split('|')[0] ?? arg.name; // Core's GetFirstName
    line += ` ${arg.type === 'string' ? `"${name}"` : name}`;
  }
  if (inOptional) line += ' )';
  return `${line}\n\n${spec.description}\n`;
}

/**
 * Core's RPCHelpMan::HandleRequest checks: the count (IsValidNumArgs) and each argument's JSON type
 * (RPCArg::MatchesType). Returns the arguments with JSON nulls as undefined (Core's isNull: the default).
 */
export function checkArgs(spec: RpcMethodSpec, params: readonly unknown[]): readonly unknown[] {
  let required = 0;
  spec.args.forEach((arg, i) => {
    if (arg.required) required = i + 1;
  });
  if (params.length < required || params.length > spec.args.length) throw new RpcError(RPC_MISC_ERROR, helpSummary(spec));
  const mismatch: Record<string, string> = {};
  spec.args.forEach((arg, i) => {
    const value = params[i];
    if (arg.type === 'any' || (!arg.required && (value === null || value === undefined))) return;
    const type = jsonTypeName(value);
    if (type !== arg.type) mismatch[`Position ${i + 1} (${arg.name})`] = `JSON value of type ${type} is not of expected type ${arg.type}`;
  });
  // UniValue::write(4): four-space indentation, as JSON.stringify gives it.
  if (Object.keys(mismatch).length > 0) throw new RpcError(RPC_TYPE_ERROR, `Wrong type passed:\n${JSON.stringify(mismatch, null, 4)}`);
  return params.map((v) => (v === null ? undefined : v));
}

/** UniValue::getInt<int>: an integral JSON number within int32; anything else is a runtime error (RPC_MISC_ERROR). */
export function getInt(value: unknown): number {
  if (typeof value === 'bigint') {
    if (value < -0x80000000n || value > 0x7fffffffn) throw new RpcError(RPC_MISC_ERROR, 'JSON integer out of range');
    return Number(value);
  }
  if (typeof value !== 'number') throw new RpcError(RPC_MISC_ERROR, `JSON value of type ${jsonTypeName(value)} is not of expected type number`);
  if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RpcError(RPC_MISC_ERROR, 'JSON integer out of range');
  return value;
}

/** Core's ParseHashV: 64 hex digits (either case) in display order, returned in internal byte order. */
export function parseHash(value: unknown, name: string): Uint8Array {
  const hex = typeof value === 'string' ? value : '';
  const hash = fromDisplayHex(hex);
  if (hash.ok) return hash.value;
  if (hex.length !== 64) throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be of length 64 (not ${hex.length}, for '${hex}')`);
  throw new RpcError(RPC_INVALID_PARAMETER, `${name} must be hexadecimal string (not '${hex}')`);
}
