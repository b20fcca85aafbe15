/** A CLI command: takes its arguments, returns the process exit code. */
export type Command = (args: readonly string[]) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  /** Loaded on use, so a command's dependencies (say, the proof tooling) load only for it. */
  readonly load: () => Promise<Command>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  'validate-block': {
    summary: 'validate-block --network NET --block FILE [--undo FILE] [--height N] [--json]  check a raw block (with --undo: connect it)',
    load: async () => (await import('./validate-block.js')).validateBlockCommand,
  },
  'connect-chain': {
    summary: 'connect-chain --network NET FILE.dat [--json]  connect a blk*.dat file from genesis; print tip and UTXO set',
    load: async () => (await import('./connect-chain.js')).connectChainCommand,
  },
  conformance: {
    summary: 'conformance [--json] [--script-assets FILE]  run every Bitcoin Core / bcoin vector suite in test/vectors',
    load: async () => (await import('./conformance.js')).conformanceCommand,
  },
  prove: {
    summary: 'prove [--filter TEXT] [--json] [--no-cache] [--jobs N] [--coverage]  prove the kernel invariants with z3 (proofs/)',
    load: async () => (await import('./prove.js')).proveCommand,
  },
  'check-boundary': {
    summary: 'check-boundary [--root DIR] [--json]  kernel purity: imports, globals, module state, parameter mutation',
    load: async () => (await import('./check-boundary.js')).checkBoundaryCommand,
  },
};

function usage(): string {
  return ['usage: bllvm <command> [options]', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const entry = name === undefined ? undefined : COMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`${usage()}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  return (await entry.load())(rest);
}

process.exitCode = await main(process.argv.slice(2));
