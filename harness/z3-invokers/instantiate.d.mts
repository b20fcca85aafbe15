/** Types of instantiate.mjs (shared by the main thread's TypeScript and the plain-JS z3 worker). */
export declare function z3InvokerOverrides(): {
  /** After instantiation: how many `invoke_*` imports became wasm invokers, and how many throwing imports throw the tag. */
  wiring: { invokers: number; throwing: number } | undefined;
  /** After instantiation: z3's wasm exports. */
  z3Exports: WebAssembly.Exports | undefined;
  instantiateWasm(imports: WebAssembly.Imports, receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown): WebAssembly.Exports;
};
/** The invokers' wasm bytes (invokers-module.mjs, built by build.mjs). */
export declare function invokersWasm(): Uint8Array;
/** After `init(overrides)`: z3-solver's calls into z3 without its debug build's per-call wrappers (instantiate.mjs). */
export declare function bindDirectly(api: { em: unknown; Z3: object }, overrides: ReturnType<typeof z3InvokerOverrides>): void;
/** z3-solver's `init` with the invokers and its calls bound directly: the harness's one way to start z3. */
export declare function initZ3(): ReturnType<typeof import('z3-solver').init>;
