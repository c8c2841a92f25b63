/** What the numbers were measured on. */
import { arch, availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';

export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** Node's own flags (the bench re-runs with --experimental-wasm-relaxed-simd for that row). */
  nodeFlags?: string[];
  /** 1-minute load average when the run started: other processes skew timings. */
  loadAverage: number;
}

export function describeMachine(): MachineDescription {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    ...(process.execArgv.length ? { nodeFlags: [...process.execArgv] } : {}),
    loadAverage: Math.round(loadavg()[0] * 100) / 100,
  };
}
