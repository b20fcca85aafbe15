// z3-built.wasm with its stack pointer imported instead of defined, so that the invokers
// (generate-wat.mjs) read and write it as a global of their own instead of calling z3's
// `emscripten_stack_get_current` and `_emscripten_stack_restore` from another instance.
//
// The stack pointer is z3's first defined global, `(global (mut i32) (i32.const <stack top>))`,
// which `emscripten_stack_get_current` returns (its body is one `global.get`). Defined globals are
// numbered after imported ones, so removing that first defined global and appending one imported
// global (`bllvm.stack_pointer`, mutable i32) after the existing imports gives the import the very
// index the definition had: no other global, function or instruction changes, and only the import
// and global sections are rewritten (every other byte is copied). Any other shape is an error
// naming what differs: a z3-solver whose build does not fit is refused, never patched blindly.
// The spec: https://webassembly.github.io/spec/core/binary/modules.html

const SECTION = { import: 2, global: 6, export: 7, code: 10 };
const KIND = { func: 0, table: 1, memory: 2, global: 3, tag: 4 };
const I32 = 0x7f;
const I32_CONST = 0x41;
const GLOBAL_GET = 0x23;
const END = 0x0b;

/** The unsigned LEB128 at `at`: its value and the offset after it. */
function readU32(bytes, at) {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    const byte = bytes[at++];
    if (byte === undefined) throw new Error('stack-pointer import: LEB128 past the end of the module');
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { value, next: at };
  }
  throw new Error('stack-pointer import: LEB128 longer than 5 bytes');
}

/** The signed LEB128 at `at` (an i32.const operand): its value and the offset after it. */
function readS32(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    if (byte === undefined || shift >= 35) throw new Error('stack-pointer import: bad signed LEB128');
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte < 0x80) return { value: shift < 32 && (byte & 0x40) !== 0 ? value | (-1 << shift) : value, next: at };
  }
}

function writeU32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

const utf8 = (s) => [...writeU32(Buffer.byteLength(s)), ...Buffer.from(s)];

/** The module's sections in order: id, header start, payload start and end. */
function sections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('stack-pointer import: not a WebAssembly module');
  }
  const out = [];
  for (let at = 8; at < bytes.length; ) {
    const id = bytes[at];
    const { value: size, next } = readU32(bytes, at + 1);
    out.push({ id, header: at, start: next, end: next + size });
    at = next + size;
  }
  return out;
}

function only(list, id) {
  const found = list.filter((s) => s.id === id);
  if (found.length !== 1) throw new Error(`stack-pointer import: expected one section ${id}, found ${found.length}`);
  return found[0];
}

/** A name at `at`: the string and the offset after it. */
function readName(bytes, at) {
  const { value: length, next } = readU32(bytes, at);
  return { name: Buffer.from(bytes.subarray(next, next + length)).toString('utf8'), next: next + length };
}

/** The import section's entries: how many functions and globals it imports. */
function importCounts(bytes, section) {
  let { value: count, next: at } = readU32(bytes, section.start);
  const counts = { entries: count, functions: 0, globals: 0 };
  while (count-- > 0) {
    at = readName(bytes, at).next;
    at = readName(bytes, at).next;
    const kind = bytes[at++];
    if (kind === KIND.func) {
      counts.functions++;
      at = readU32(bytes, at).next;
    } else if (kind === KIND.table) {
      at++;
      const flags = bytes[at++];
      at = readU32(bytes, at).next;
      if (flags & 1) at = readU32(bytes, at).next;
    } else if (kind === KIND.memory) {
      const flags = bytes[at++];
      at = readU32(bytes, at).next;
      if (flags & 1) at = readU32(bytes, at).next;
    } else if (kind === KIND.global) {
      counts.globals++;
      at += 2;
    } else if (kind === KIND.tag) {
      at++;
      at = readU32(bytes, at).next;
    } else throw new Error(`stack-pointer import: unknown import kind ${kind}`);
  }
  if (at !== section.end) throw new Error('stack-pointer import: the import section does not end where its size says');
  return counts;
}

/** The function index `name` is exported as. */
function exportedFunction(bytes, section, name) {
  let { value: count, next: at } = readU32(bytes, section.start);
  while (count-- > 0) {
    const entry = readName(bytes, at);
    const kind = bytes[entry.next];
    const index = readU32(bytes, entry.next + 1);
    if (entry.name === name && kind === KIND.func) return index.value;
    at = index.next;
  }
  throw new Error(`stack-pointer import: no exported function ${name}`);
}

/** The body of defined function `definedIndex` (locals and code, without its size). */
function functionBody(bytes, section, definedIndex) {
  let { value: count, next: at } = readU32(bytes, section.start);
  if (definedIndex >= count) throw new Error('stack-pointer import: function index past the code section');
  for (let i = 0; i < definedIndex; i++) {
    const size = readU32(bytes, at);
    at = size.next + size.value;
  }
  const size = readU32(bytes, at);
  return bytes.subarray(size.next, size.next + size.value);
}

/**
 * `bytes` (z3-built.wasm) with its stack pointer imported as `bllvm.stack_pointer`, and the
 * stack pointer's initial value (the value the import must start with).
 */
export function withImportedStackPointer(bytes) {
  const list = sections(bytes);
  const imports = only(list, SECTION.import);
  const globals = only(list, SECTION.global);
  const counts = importCounts(bytes, imports);
  // emscripten_stack_get_current is `global.get <the first defined global>`: that global is the stack pointer.
  const getter = exportedFunction(bytes, only(list, SECTION.export), 'emscripten_stack_get_current');
  const body = functionBody(bytes, only(list, SECTION.code), getter - counts.functions);
  const local = readU32(body, 0);
  if (local.value !== 0 || body[local.next] !== GLOBAL_GET) throw new Error('stack-pointer import: emscripten_stack_get_current is not one global.get');
  const read = readU32(body, local.next + 1);
  if (read.value !== counts.globals || body[read.next] !== END || read.next + 1 !== body.length) {
    throw new Error(`stack-pointer import: emscripten_stack_get_current reads global ${read.value}, not the first defined one (${counts.globals})`);
  }
  // The first defined global: (mut i32) (i32.const top) end.
  const defined = readU32(bytes, globals.start);
  let at = defined.next;
  if (bytes[at] !== I32 || bytes[at + 1] !== 1 || bytes[at + 2] !== I32_CONST) throw new Error('stack-pointer import: the first defined global is not a mutable i32 set by i32.const');
  const top = readS32(bytes, at + 3);
  if (bytes[top.next] !== END) throw new Error("stack-pointer import: the stack pointer's initializer is not one i32.const");
  at = top.next + 1;
  const importPayload = [
    ...writeU32(counts.entries + 1),
    ...bytes.subarray(readU32(bytes, imports.start).next, imports.end),
    ...utf8('bllvm'),
    ...utf8('stack_pointer'),
    KIND.global,
    I32,
    1,
  ];
  const globalPayload = [...writeU32(defined.value - 1), ...bytes.subarray(at, globals.end)];
  const parts = [bytes.subarray(0, 8)];
  for (const s of list) {
    if (s === imports) parts.push(Uint8Array.of(s.id, ...writeU32(importPayload.length)), Uint8Array.from(importPayload));
    else if (s === globals) parts.push(Uint8Array.of(s.id, ...writeU32(globalPayload.length)), Uint8Array.from(globalPayload));
    else parts.push(bytes.subarray(s.header, s.end));
  }
  return { bytes: Buffer.concat(parts), stackTop: top.value };
}
