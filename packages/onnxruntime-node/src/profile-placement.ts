/**
 * Where onnxruntime-node ran each node, from its own profiler: a session created with
 * `enableProfiling` writes, at `endProfiling()`, a JSON trace whose per-node events carry
 * `args.provider` (ORT's onnxruntime/core/framework/sequential_executor.cc records it for every
 * kernel run). The trace goes to a fresh temporary directory that is removed after reading.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrtInferenceSession, PlacementProbe } from '@rnnkit/onnx';

interface TraceEvent {
  cat?: string;
  name?: string;
  args?: { provider?: string; op_name?: string };
}

/** Node name -> provider from an ORT profile (events are named '<node>_kernel_time'). */
export function placementsFromProfile(events: readonly TraceEvent[]): Map<string, string> {
  const placements = new Map<string, string>();
  for (const event of events) {
    if (event.cat !== 'Node' || !event.args?.provider || !event.name) continue;
    const node = event.name.replace(/_kernel_time$/, '');
    if (node !== event.name) placements.set(node, event.args.provider);
  }
  return placements;
}

export const profilePlacement: PlacementProbe = {
  async sessionOptions() {
    const dir = await mkdtemp(join(tmpdir(), 'rnnkit-ort-profile-'));
    return { enableProfiling: true, profileFilePrefix: join(dir, 'profile') };
  },
  async read(session: OrtInferenceSession, options) {
    const dir = join(String(options.profileFilePrefix), '..');
    try {
      (session as OrtInferenceSession & { endProfiling(): void }).endProfiling();
      const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
      const events: TraceEvent[] = [];
      for (const file of files) events.push(...JSON.parse(await readFile(join(dir, file), 'utf8')));
      return placementsFromProfile(events);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
