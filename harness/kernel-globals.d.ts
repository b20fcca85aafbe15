/**
 * The globals the kernel uses beyond ES2022, for the harness's ts-morph project
 * (harness/runner/proof-sites.ts createProject). That project reads ES2022's library only: the
 * DOM library it would otherwise load (the repository's tsconfig.json types these from
 * @types/node instead) was a third of each project's set-up, and the harness tests set up a
 * project for every scratch copy of the kernel. Only what the kernel calls is declared; a kernel
 * file using any other global fails the project check in test/harness/project.test.ts.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;
