/** Types of stack-pointer-import.mjs. */
/** `bytes` (z3-built.wasm) with its stack pointer imported as `bllvm.stack_pointer`, and the stack pointer's initial value. */
export declare function withImportedStackPointer(bytes: Uint8Array): { bytes: Uint8Array; stackTop: number };
