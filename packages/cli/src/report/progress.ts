/**
 * Progress on long runs: a redrawn bar on a TTY, nothing when piped (so logs and JSON stay clean).
 */
export interface Progress {
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let last = 0;
  return {
    update(done, total, label = '') {
      const now = Date.now();
      if (done < total && now - last < 80) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / Math.max(total, 1)) * width);
      const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
      stream.write(
        `\r${bar.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min(stream.columns ?? 100, 100) - 1)}`,
      );
    },
    finish() {
      stream.write('\r\x1b[2K');
    },
  };
}
