import { describe, expect, it } from 'vitest';
import { parsePlacements, withPlacementLog } from './placement.js';

// Lines as onnxruntime-web 1.30's WebGPU build logs them (captured from Chromium).
const LOG = [
  '2026-11-28 02:36:27.011800 [V:onnxruntime:, session_state.cc:1377 VerifyEachNodeIsAssignedToAnEp] Node placements',
  '2026-11-28 02:36:27.011899 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [CPUExecutionProvider]. Number of nodes: 1',
  '2026-11-28 02:36:27.012000 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   RNN (RNN_5)',
  '2026-11-28 02:36:27.012000 [V:onnxruntime:, session_state.cc:1383 VerifyEachNodeIsAssignedToAnEp]  Node(s) placed on [WebGpuExecutionProvider]. Number of nodes: 8',
  '2026-11-28 02:36:27.012099 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   Transpose (Transpose_0)',
  '2026-11-28 02:36:27.012099 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   LSTM (LSTM_1)',
  '2026-11-28 02:36:27.012199 [V:onnxruntime:, session_state.cc:1385 VerifyEachNodeIsAssignedToAnEp]   GRU (GRU_3)',
];

describe('ORT node placements', () => {
  it('reads which provider each node was placed on', () => {
    const placements = parsePlacements(LOG);
    expect(placements.get('RNN_5')).toBe('CPUExecutionProvider');
    expect(placements.get('LSTM_1')).toBe('WebGpuExecutionProvider');
    expect(placements.get('GRU_3')).toBe('WebGpuExecutionProvider');
  });

  it('reads the one-provider summary', () => {
    const line =
      '[V:onnxruntime:, session_state.cc:1370 VerifyEachNodeIsAssignedToAnEp] All nodes placed on [CPUExecutionProvider]. Number of nodes: 4';
    expect(parsePlacements([line]).get('*')).toBe('CPUExecutionProvider');
  });

  it('captures only ORT lines while creating, passes the rest through and restores the console', async () => {
    const seen: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => seen.push(args.join(' '));
    try {
      const { result, placements } = await withPlacementLog(async () => {
        for (const line of LOG) console.log(line);
        console.log('an app message');
        return 42;
      });
      expect(result).toBe(42);
      expect(placements.get('LSTM_1')).toBe('WebGpuExecutionProvider');
      expect(seen).toEqual(['an app message']);
      console.log('after');
      expect(seen).toEqual(['an app message', 'after']);
    } finally {
      console.log = original;
    }
  });

  it('keeps capturing through a printer ORT bound during an earlier capture (Emscripten binds once)', async () => {
    const seen: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => seen.push(args.join(' '));
    try {
      let bound: (...args: unknown[]) => void = () => {};
      await withPlacementLog(async () => {
        bound = console.error; // what Emscripten does when the wasm module starts
      });
      bound('after the capture, to the console');
      const { placements } = await withPlacementLog(async () => {
        for (const line of LOG) bound(line);
      });
      expect(placements.get('GRU_3')).toBe('WebGpuExecutionProvider');
      expect(seen).toEqual(['after the capture, to the console']);
    } finally {
      console.error = original;
    }
  });
});
