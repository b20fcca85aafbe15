import { validateBlockCommand } from './validate-block.js';

/** A CLI command: takes its arguments, returns the process exit code. */
export type Command = (args: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, { readonly run: Command; readonly summary: string }>> = {
  'validate-block': {
    run: validateBlockCommand,
    summary: 'validate-block --network NET --block FILE [--json]  context-free checks of a raw block',
  },
};

function usage(): string {
  return ['usage: bllvm <command> [options]', '', 'commands:', ...Object.values(COMMANDS).map((c) => `  ${c.summary}`)].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`${usage()}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  return command.run(rest);
}

process.exitCode = await main(process.argv.slice(2));
