/**
 * `rnnkit <command> ...`: dispatch, top-level help and the one place errors become exit codes.
 * Returns the exit code instead of exiting, so tests call it in-process with captured output.
 */
import { UsageError } from '../args/usage-error.js';
import { backendsCommand } from './backends.js';
import { benchCommand } from './bench.js';
import type { Command } from './command.js';
import { conformanceCommand } from './conformance.js';
import { convertCommand } from './convert.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './exit-codes.js';
import { formatCliError } from './format-cli-error.js';
import { generateCommand } from './generate.js';
import { inspectCommand } from './inspect.js';
import { type CliIo, processIo } from './io.js';
import { runCommand } from './run.js';
import { trainCommand } from './train.js';

export const COMMANDS: readonly Command[] = [
  backendsCommand,
  inspectCommand,
  runCommand,
  convertCommand,
  conformanceCommand,
  benchCommand,
  generateCommand,
  trainCommand,
];

const VERSION = '0.1.0';

export function topLevelUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `usage: rnnkit <command> [options]

Run recurrent neural nets (SimpleRNN, LSTM, GRU) on TensorFlow.js and ONNX Runtime, and check
every backend against a float64 reference.

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

'rnnkit <command> --help' for a command's options. Every command takes --verbose (stack traces).
exit codes: 0 success, 1 a conformance failure, 2 bad usage or bad input.`;
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0] && rest[0] !== '--verbose')
        return main([rest[0], '--help'], io);
      io.stdout(`${topLevelUsage()}\n`);
      return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
    }
    if (name === '--version' || name === '-v') {
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      throw new UsageError(
        name.startsWith('-')
          ? `expected a command before '${name}' (one of ${COMMANDS.map((c) => c.name).join(', ')})`
          : `unknown command '${name}' (one of ${COMMANDS.map((c) => c.name).join(', ')})`,
      );
    }
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(formatCliError(error, verbose));
    return EXIT_BAD_INPUT;
  }
}
