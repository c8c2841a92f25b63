/**
 * Every failure prints as one line, `error [CODE]: message`, so scripts can grep the code and
 * people see the cause without a stack trace (the stack, and any cause chain, only with --verbose).
 */
import { RnnkitError } from '@rnnkit/core';
import { UsageError } from '../args/usage-error.js';

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

export function formatCliError(error: unknown, verbose = false): string {
  let line: string;
  if (error instanceof UsageError) {
    const help = error.command ? `rnnkit ${error.command} --help` : 'rnnkit --help';
    line = `error [USAGE]: ${oneLine(error.message)} (see '${help}')`;
  } else if (RnnkitError.isInstance(error)) {
    line = `error [${error.code}]: ${oneLine(error.message)}`;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    line = `error [INTERNAL]: ${oneLine(message)}`;
  }
  if (!verbose) return `${line}\n`;
  const details: string[] = [line];
  let current: unknown = error;
  while (current instanceof Error) {
    if (current.stack) details.push(current.stack);
    current = current.cause;
    if (current !== undefined) details.push('caused by:');
  }
  return `${details.join('\n')}\n`;
}
