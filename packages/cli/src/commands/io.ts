/**
 * Where a command writes. The bin wires it to the process; tests capture it, so every command
 * runs in-process under test without spawning Node (fast, and real backends still run).
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** For progress bars only; absent (no bar) when output is captured or piped. */
  progressStream?: NodeJS.WriteStream;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progressStream: process.stderr,
  };
}

/** Captures output in strings (tests and scripts). */
export function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    out: () => out,
    err: () => err,
  };
}
