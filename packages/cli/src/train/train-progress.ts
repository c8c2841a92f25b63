/**
 * What `rnnkit train` shows while it trains: on a TTY a redrawn bar (epoch, step, loss, metrics,
 * ETA); otherwise one line per epoch, so logs stay readable. Both go to stderr (stdout carries
 * `--json`).
 */
/** One finished batch (1-based epoch and step). */
export interface BatchEnd {
  epoch: number;
  step: number;
  steps: number;
  loss: number;
  metrics: Record<string, number>;
}

/** One finished epoch (1-based) and its history values. */
export interface EpochEnd {
  epoch: number;
  epochs: number;
  logs: Record<string, number | undefined>;
}

const format = (value: number) =>
  Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3);

export function formatLogs(logs: Record<string, number | undefined>): string {
  return Object.entries(logs)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key} ${format(value as number)}`)
    .join('  ');
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export interface TrainProgress {
  batch(event: BatchEnd, epochs: number): void;
  epoch(event: EpochEnd): void;
  finish(): void;
}

export function createTrainProgress(
  write: (text: string) => void,
  tty: { isTTY?: boolean; columns?: number } | undefined,
  now: () => number = Date.now,
): TrainProgress {
  const started = now();
  let epochStarted = started;
  let lastDraw = 0;
  let drawn = false;
  const totals = { done: 0 };
  return {
    batch(event, epochs) {
      totals.done++;
      if (!tty?.isTTY) return;
      const time = now();
      if (event.step < event.steps && time - lastDraw < 100) return;
      lastDraw = time;
      const total = epochs * event.steps;
      const eta = ((time - started) / totals.done) * (total - totals.done);
      const width = 20;
      const filled = Math.round((event.step / event.steps) * width);
      const line = `epoch ${event.epoch}/${epochs} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${event.step}/${event.steps}  ${formatLogs({ loss: event.loss, ...event.metrics })}  ETA ${seconds(eta)}`;
      const columns = tty.columns ?? 100;
      write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns, 120) - 1)}`);
      drawn = true;
    },
    epoch(event) {
      const time = now();
      const line = `epoch ${event.epoch}/${event.epochs}  ${formatLogs(event.logs)}  (${((time - epochStarted) / 1000).toFixed(1)} s)`;
      epochStarted = time;
      write(`${drawn ? '\r\x1b[2K' : ''}${line}\n`);
      drawn = false;
    },
    finish() {
      if (drawn) write('\r\x1b[2K');
      drawn = false;
    },
  };
}
