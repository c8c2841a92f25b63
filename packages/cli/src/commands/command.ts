import type { CliIo } from './io.js';

/** One `rnnkit <name>` command: its help text and its body (returns the exit code). */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
