import { RnnkitError } from '@rnnkit/core';

export interface ExportOnnxOptions {
  /** Default 17 (the newest opset onnx 1.12's checker knows); 14 (RNN `layout`) .. 21. */
  opset?: number;
  /**
   * Default false. True adds, for every recurrent layer, graph inputs `state_in/<layer>/h` (and
   * `/c` for LSTM) and outputs `state_out/<layer>/h` (and `/c`), [directions, batch, units], see
   * `streamingStateNames`. The spec's own `stateInputs` are then not graph inputs: the runner
   * feeds every initial state through `state_in/...`. `stateOutputs` stay.
   */
  streamingState?: boolean;
}

export const DEFAULT_OPSET = 17;
export const MIN_OPSET = 14;
export const MAX_OPSET = 21;

export function resolveExportOptions(options: ExportOnnxOptions = {}): Required<ExportOnnxOptions> {
  const opset = options.opset ?? DEFAULT_OPSET;
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new RnnkitError(
      'UNSUPPORTED_FEATURE',
      `ONNX opset ${opset} is not supported by the exporter (supported: ${MIN_OPSET}..${MAX_OPSET}; 14 adds the RNN operators' layout attribute)`,
      { feature: `opset ${opset}`, backend: 'onnx-export' },
    );
  }
  return { opset, streamingState: options.streamingState ?? false };
}

/** The IR version that goes with an opset (onnx's VERSION_TABLE). */
export function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
