/**
 * `bllvm`: one argument parser (commander) and one help format for every command. Exit status
 * for every command: 0 valid / all passed / help asked for, 1 invalid / something failed,
 * 2 unreadable input, bad arguments or a command this installation cannot run.
 * Each command's implementation is loaded when it runs, so its dependencies load only for it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { NETWORK_NAMES, type PeerArgument, countParser, networkOption, parseFraction, parseHeight, parseHostPort, parsePeer } from './options.js';

import { EXIT_OK, EXIT_USAGE } from './output.js';

/** The backends `--backend` names (kernel/crypto/secp256k1.ts, SECP256K1_BACKENDS). */
const BACKEND_NAMES = ['libsecp256k1', 'tiny', 'noble'];

/**
 * Commands that run the proof harness need a checkout: the harness (ts-morph, z3-solver) and the
 * proofs are not in the npm package. Loaded by path so that the package build never compiles them.
 */
async function loadHarnessCommand<T>(command: string, file: string): Promise<T | undefined> {
  const source = fileURLToPath(new URL(`../../harness/cli/${file}.ts`, import.meta.url));
  if (!existsSync(source)) {
    process.stderr.write(`bllvm ${command}: needs a checkout of bllvm-ts (the harness and proofs are not in the npm package): git clone, npm ci, then npx bllvm ${command}\n`);
    return undefined;
  }
  return (await import(pathToFileURL(source).href)) as T;
}

const EXIT_STATUS_HELP = 'exit status: 0 valid / passed (or help), 1 invalid / failed, 2 unreadable input or bad arguments';

type Run<O> = (options: O, args: string[]) => Promise<number>;

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('bllvm')
    .description('bllvm-ts: a formally verified Bitcoin consensus kernel and its tools')
    .usage('<command> [options]')
    .exitOverride()
    .showHelpAfterError('(run with --help for the options)')
    .configureHelp({ showGlobalOptions: false, sortSubcommands: false });
  const action =
    <O>(run: () => Promise<Run<O> | undefined>) =>
    async (...params: unknown[]): Promise<void> => {
      const cmd = params[params.length - 1] as Command;
      const impl = await run();
      setExitCode(impl === undefined ? EXIT_USAGE : await impl(cmd.opts() as O, cmd.args));
    };

  program
    .command('demo')
    .description('a first run: builds a 300-block regtest chain, five local nodes serve it (one lies), two new nodes fast-sync from them over TCP and Iroh; tells what happened (under a minute, loopback only)')
    .option('--json', 'the story and the figures as one JSON object', false)
    .action(action(async () => (await import('./demo.js')).demoCommand));

  program
    .command('validate-block')
    .description('decode a raw block and run CheckBlock and the contextual checks its height allows; with --undo, the whole of ConnectBlock (scripts, fees, sigops)')
    .addOption(networkOption())
    .requiredOption('--block <file>', 'raw serialized block')
    .option('--undo <file>', "the block's spent outputs (test/vectors/INDEX.md §3.7): connect the block, scripts included")
    .option('--height <n>', 'block height (needed for contextual checks when the coinbase does not state it, BIP34)', parseHeight)
    .option('--script-threads <n>', 'worker threads for script checks with --undo (0: the main thread; default: the number of cores)', countParser('a thread count', 0, 256))
    .option('--json', 'one JSON object on stdout', false)
    .action(action(async () => (await import('./validate-block.js')).validateBlockCommand));

  program
    .command('connect-chain')
    .description("connect blk*.dat files from genesis on an empty UTXO set, as Core's -loadblock does; print the tip and the UTXO set")
    .argument('<files...>', 'blk*.dat files, in order (blocks are found by the network magic; padding, garbage and out-of-order blocks are handled as Core does)')
    .addOption(networkOption())
    .option('--xor-key <hex>', "the blocks directory's obfuscation key, 16 hex digits (default: the 8 bytes of xor.dat beside each file, Core 28+; none when absent)")
    .option('--script-threads <n>', 'worker threads for script checks (0: the main thread; default: the number of cores)', countParser('a thread count', 0, 256))
    .option('--json', 'one JSON object on stdout', false)
    .action(action(async () => (await import('./connect-chain.js')).connectChainCommand));

  program
    .command('utxo-commit')
    .description("connect blk*.dat files from genesis and commit to the UTXO set: print the tip's (and every N-th block's) height, block hash, UTXO count, total amount, tree root, MuHash (as Core's gettxoutsetinfo muhash) and digest")
    .argument('<files...>', 'blk*.dat files, in order (read as connect-chain reads them)')
    .addOption(networkOption())
    .option('--xor-key <hex>', "the blocks directory's obfuscation key, 16 hex digits (default: xor.dat beside each file)")
    .option('--every <n>', 'also print the commitment at every height divisible by N', countParser('a block count', 1, 0x7fffffff))
    .option('--rebuild', "recompute the tip's root from the final set alone; exit 1 unless it equals the incremental root", false)
    .addOption(new Option('--tree <kind>', "what carries the set: 'wasm' the tree engine in WebAssembly, 'kernel' the kernel's batch update over the memory store (default: wasm where it runs)").choices(['wasm', 'kernel']))
    .option('--json', 'one JSON object per line on stdout', false)
    .action(action(async () => (await import('./utxo-commit.js')).utxoCommitCommand));

  program
    .command('import')
    .description("load blk*.dat files into a data directory's store, validating each block (Core's -loadblock); continues from the stored tip; prints the tip, the UTXO set and its commitment")
    .argument('<files...>', 'blk*.dat files, in order (read as connect-chain reads them)')
    .requiredOption('--datadir <dir>', 'data directory (the store is in DIR/chain; created when new)')
    .addOption(networkOption())
    .option('--xor-key <hex>', "the blocks directory's obfuscation key, 16 hex digits (default: xor.dat beside each file)")
    .option('--json', 'one JSON object on stdout', false)
    .action(action(async () => (await import('./import.js')).importCommand));

  program
    .command('node')
    .description('run a node: headers-first sync from peers over TCP and Iroh, serving headers and blocks, an LMDB store in DIR/chain, optional JSON-RPC; until SIGINT/SIGTERM')
    .requiredOption('--datadir <dir>', 'data directory (store, node key, RPC cookie); created when new')
    .addOption(networkOption())
    .option('--listen <host:port>', 'accept TCP peers here', parseHostPort)
    .option('--iroh', 'also listen on Iroh (QUIC, node id = the node key; relays and discovery off)', false)
    .option('--iroh-bind <ip:port>', 'Iroh socket address (default 127.0.0.1:0)', parseHostPort)
    .option('--connect <peer...>', 'peers: HOST:PORT (TCP) or NODEID@IP:PORT[,IP:PORT] (Iroh); reconnected while running', (v: string, p: PeerArgument[] | undefined) => parsePeer(v, p))
    .option('--rpc <host:port>', "JSON-RPC server (Core's methods, cookie authentication)", parseHostPort)
    .option('--max-block-buffer <MiB>', 'cap on blocks downloaded and not yet connected', countParser('a size in MiB', 8, 65536), 256)
    .option('--snapshot-interval <n>', 'keep the UTXO set of every height divisible by N for fast-syncing peers (default: only the tip)', countParser('a block count', 1, 1_000_000))
    .option('--quiet', 'no progress or events on stderr', false)
    .action(action(async () => (await import('./node.js')).nodeCommand));

  program
    .command('fast-sync')
    .description("sync a new node from its peers' agreed UTXO commitment: headers, the commitment at the checkpoint from diverse peers, the set in verified chunks, then blocks to the tip (full or filtered); resumable")
    .requiredOption('--datadir <dir>', 'data directory of the new node (a killed sync resumes here)')
    .addOption(networkOption())
    .requiredOption('--peer <peer...>', 'peers that serve fast sync: HOST:PORT (TCP) or NODEID@IP:PORT[,IP:PORT] (Iroh)', (v: string, p: PeerArgument[] | undefined) => parsePeer(v, p))
    .option('--iroh', 'enable Iroh (implied by an Iroh peer)', false)
    .addOption(new Option('--filter <preset>', 'connect the blocks after the checkpoint as spam-filtered blocks of this preset').choices(['disabled', 'conservative', 'moderate', 'aggressive']))
    .option('--checkpoint-height <n>', 'height of the UTXO set to take (default: best header height - 2016)', parseHeight)
    .option('--min-peers <n>', 'diverse peers that must be asked (default 5)', countParser('a peer count', 1, 1000))
    .option('--threshold <n/d>', 'share of the peers asked that must agree (default 4/5)', parseFraction)
    .option('--loopback-by-node-id', 'count loopback peers apart by node id (tests and demos on one machine)', false)
    .option('--timeout <seconds>', 'give up (exit 1) when the peers, headers or chunks are not there within this time', countParser('a number of seconds', 1, 86_400), 600)
    .option('--json', 'one JSON object on stdout', false)
    .option('--quiet', 'no progress on stderr', false)
    .action(action(async () => (await import('./fast-sync.js')).fastSyncCommand));

  program
    .command('regtest-mine')
    .description("extend a regtest data directory's chain with the regtest builder's blocks (signed transactions of every common script kind, inscriptions, time locks); deterministic per seed, so it resumes; prints the tip, the UTXO set and its commitment")
    .requiredOption('--datadir <dir>', 'data directory (the store is in DIR/chain; created when new); its chain must be the one this seed built')
    .requiredOption('--blocks <n>', 'blocks to add on top of the stored tip', countParser('a block count', 0, 1_000_000))
    .option('--seed <text>', "the builder's seed (the same seed always builds the same chain)", 'bllvm')
    .option('--json', 'one JSON object on stdout', false)
    .action(action(async () => (await import('./regtest-mine.js')).regtestMineCommand));

  program
    .command('conformance')
    .description('run every Bitcoin Core / BIP / bcoin vector suite in test/vectors, and Core script_assets files')
    .option('--json', 'one JSON object on stdout', false)
    .addOption(new Option('--backend <name>', 'secp256k1 backend').choices(BACKEND_NAMES).default('libsecp256k1'))
    .option('--vectors <dir>', 'vector folder (default: test/vectors of the checkout)')
    .option('--script-assets <file...>', "Core's script_assets_test.json files (plain or gzip)")
    .option('--max-failures <n>', 'failures printed per suite', countParser('a count', 0, 1_000_000), 10)
    .action(action(async () => (await import('./conformance.js')).conformanceCommand));

  program
    .command('prove')
    .description('prove the kernel invariants with z3 over the kernel source (proofs/); needs a checkout')
    .option('--filter <text>', 'only proofs whose name contains the text, or the proofs of the file so named (e.g. encoding.proof.ts)')
    .option('--json', 'the whole record as JSON on stdout', false)
    .option('--no-cache', 'solve every proof again (ignore .cache/proofs)')
    .option('--jobs <n>', 'worker threads (default: the number of cores)', countParser('a count of jobs', 1, 256))
    .option('--coverage', 'exported kernel functions with their proofs, properties and tests', false)
    .option('--out <dir>', 'folder for proofs.json, proofs.junit.xml, proofs.sarif', 'reports')
    .option('--no-reports', 'write no report files')
    .option('--write-docs', 'regenerate docs/PROOFS.md (stable: no times or dates)', false)
    .option('--shard <K/N>', 'only shard K of N (a stable share by proof file and name, for a CI matrix); leaves the whole-suite checks to --merge')
    .option('--merge <dirs...>', "combine shard runs' --out folders into one report (every proof exactly once) and run the whole-suite checks")
    .action(action(async () => (await loadHarnessCommand<{ proveCommand: Run<never> }>('prove', 'prove'))?.proveCommand));

  program
    .command('mutate')
    .description('mutation score of the proofs: mutants of every proved kernel function, run against the proofs that translate it (killed, survived, equivalent); needs a checkout')
    .option('--filter <text>', "only functions whose name or file contains the text (a filtered run does not write reports/mutate.json)")
    .option('--json', 'the whole record as JSON on stdout', false)
    .option('--jobs <n>', 'worker threads (default: the number of cores)', countParser('a count of jobs', 1, 256))
    .option('--baseline <proofs.json>', "only the proofs a `prove` run's record lists as PROVED, each with a cached PROVED result for its source today (implies --cached-baseline)")
    .option('--cached-baseline', 'take the PROVED proofs from the proof cache (.cache/proofs) instead of proving the suite first; a proof without a cached PROVED result for its current source is left out', false)
    .option('--shard <K/N>', 'only the mutants of shard K of N (a stable share by mutant id); writes reports/mutate-shard-K-of-N.json')
    .option('--merge <files...>', 'combine the shard reports of one plan into reports/mutate.json (runs nothing)')
    .option('--no-carry', 'solve every mutant again (by default a mutant whose proofs, sources and mutation are unchanged takes its result from reports/mutate.json)')
    .action(action(async () => (await loadHarnessCommand<{ mutateCommand: Run<never> }>('mutate', 'mutate'))?.mutateCommand));

  program
    .command('check-boundary')
    .description('kernel purity: allowed imports only, no clock, randomness, I/O or module state, no parameter mutation; needs a checkout')
    .option('--root <dir>', 'checkout to check (a folder with kernel/)', '.')
    .option('--json', 'the offenders as JSON on stdout', false)
    .action(action(async () => (await loadHarnessCommand<{ checkBoundaryCommand: Run<never> }>('check-boundary', 'check-boundary'))?.checkBoundaryCommand));

  for (const command of program.commands) command.addHelpText('after', `\n${EXIT_STATUS_HELP}`);
  program.addHelpText('after', `\nnetworks: ${NETWORK_NAMES.join(', ')}\n${EXIT_STATUS_HELP}\nrun 'bllvm <command> --help' for a command's options`);
  return program;
}

/** Runs `bllvm` on the arguments after the program name; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    // Help asked for exits 0; help shown because something was missing (no command) and every parse error exit 2.
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw e;
  }
}
