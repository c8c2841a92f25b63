// Shared helpers for the training examples: run the `rnnkit` CLI (the same contract other tools
// call), write tensor JSON and specs, seeded shuffles (core's xoshiro stream).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Random, writeTensorJson } from '@rnnkit/core';

export const here = dirname(fileURLToPath(import.meta.url));
export const out = join(here, 'out');
export const results = join(here, 'results');
mkdirSync(out, { recursive: true });
mkdirSync(results, { recursive: true });
const bin = join(here, '..', '..', 'packages', 'cli', 'bin', 'rnnkit.js');

/** Runs `rnnkit ...args`; progress (stderr) goes to the terminal; returns stdout. */
export function rnnkit(...args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 28,
  });
  if (result.status !== 0 && !(args[0] === 'conformance' && result.status === 1))
    throw new Error(`rnnkit ${args.join(' ')} exited ${result.status}`);
  return { stdout: result.stdout, status: result.status, seconds: (Date.now() - started) / 1000 };
}

export function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

export const writeTensors = (path, tensors) => writeJson(path, writeTensorJson(tensors));

export function shuffled(items, seed) {
  const random = new Random(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The conformance table of `rnnkit conformance <model>` on every Node backend. */
export function conformance(modelPath, inputPath) {
  const { stdout, status } = rnnkit(
    'conformance',
    modelPath,
    ...(inputPath ? ['--input', inputPath] : []),
  );
  return { table: stdout.trim(), passed: status === 0 };
}

export const adam = (learningRate, extra = {}) => ({
  name: 'adam',
  learningRate,
  epsilon: 1e-7,
  epsilonStyle: 'keras',
  ...extra,
});
