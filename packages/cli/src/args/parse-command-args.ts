/**
 * node:util parseArgs, strict, with its errors turned into one-line usage errors that name the
 * command. Every command takes --help and --verbose.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean' },
};

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
}

export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Record<string, OptionSpec>,
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...COMMON, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError(
      firstLine(error instanceof Error ? error.message : String(error)),
      command,
    );
  }
}

/** A string option's value, or undefined; refuses an empty value (`--input=`). */
export function stringOption(args: ParsedArgs, name: string, command: string): string | undefined {
  const value = args.values[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`--${name} needs a value`, command);
  return value;
}

export function expectPositionals(
  args: ParsedArgs,
  command: string,
  names: readonly string[],
  optional: readonly string[] = [],
): string[] {
  const { positionals } = args;
  if (positionals.length < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}`,
      command,
    );
  }
  if (positionals.length > names.length + optional.length) {
    throw new UsageError(
      `unexpected argument '${positionals[names.length + optional.length]}'`,
      command,
    );
  }
  return positionals;
}
