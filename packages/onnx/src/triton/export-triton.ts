/**
 * spec + weights -> a Triton Inference Server model repository entry:
 * `<name>/config.pbtxt` and `<name>/1/model.onnx`, for Triton's onnxruntime backend.
 *
 * The ONNX model is rnnkit's streaming export (`state_in/<layer>/h|c` inputs and
 * `state_out/<layer>/h|c` outputs per recurrent layer) with every state tensor made batch-first
 * (`batchFirstState`), because Triton batches on dimension 0. The config declares each
 * state_in/state_out pair as implicit state of the sequence batcher, starting from zeros
 * (rnnkit's initial state), so Triton carries the recurrent state from one request of a sequence
 * (correlation id) to the next and a client streams tokens without ever seeing the state.
 * Sources: Triton's docs/user_guide/implicit_state_management.md and
 * protobuf/model_config.proto (triton-inference-server/server and /common on GitHub).
 */
import { type Model, RnnkitError, recurrentLayers } from '@rnnkit/core';
import { exportOnnxModel } from '../export/export-onnx.js';
import { type ExportedTensorInfo, exportedSignature } from '../export/signature.js';
import { streamingStateNames } from '../export/streaming-state.js';
import { encodeModel } from '../proto/index.js';
import { batchFirstState } from './batch-first-state.js';
import { enumValue, type PbtxtMessage, toPbtxt } from './pbtxt.js';

export interface TritonExportOptions {
  /** Triton model name and directory name. Default: the spec's `name`, else 'rnnkit_model'. */
  name?: string;
  /** Triton's `max_batch_size`: how many sequences one execution serves. Default 8. */
  maxBatchSize?: number;
  /**
   * Microseconds a sequence may wait for its next request before Triton frees its state.
   * Default 60 s: Triton's own default (1 s) would drop a text generator's state while a
   * person reads. Applies to models with recurrent state.
   */
  maxSequenceIdleMicroseconds?: number;
  /** ONNX opset (default 17, as `exportOnnx`). */
  opset?: number;
}

export interface TritonStateInfo {
  inputName: string;
  outputName: string;
  /** Without the batch dimension: [directions, units]. */
  dims: number[];
}

export interface TritonRepository {
  name: string;
  /** Paths relative to the model repository root, '/'-separated. */
  files: { path: string; contents: Uint8Array | string }[];
  config: string;
  /** The state pairs Triton carries between the requests of a sequence. */
  states: TritonStateInfo[];
}

const MODEL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const DEFAULT_TRITON_MAX_BATCH_SIZE = 8;
const DEFAULT_IDLE_MICROSECONDS = 60_000_000;

function tritonType(dtype: ExportedTensorInfo['dtype']) {
  return enumValue(dtype === 'int32' ? 'TYPE_INT32' : 'TYPE_FP32');
}

/** Dims without the batch dimension; a variable time dimension is -1. */
function dimsWithoutBatch(info: ExportedTensorInfo): number[] {
  const rest = info.shape.filter((dim, i) => !(i === 0 && dim === 'batch'));
  return rest.map((dim) => (typeof dim === 'number' ? dim : -1));
}

function tensorEntry(info: ExportedTensorInfo): PbtxtMessage {
  const dims = dimsWithoutBatch(info);
  // A [batch] tensor (sequence lengths) has no dims left; Triton's documented form is dims [1]
  // reshaped to [] for the model.
  if (dims.length === 0)
    return {
      name: info.name,
      data_type: tritonType(info.dtype),
      dims: [1],
      reshape: { shape: [] },
    };
  return { name: info.name, data_type: tritonType(info.dtype), dims };
}

function positiveInteger(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RnnkitError('INVALID_INPUT', `${path} must be a positive integer, got ${value}`, {
      path,
    });
  }
  return value;
}

export function exportTritonRepository(
  model: Model,
  options: TritonExportOptions = {},
): TritonRepository {
  const name = options.name ?? model.spec.name ?? 'rnnkit_model';
  if (!MODEL_NAME.test(name)) {
    throw new RnnkitError(
      'INVALID_INPUT',
      `Triton model name '${name}' must be letters, digits, '_', '.' or '-' (it is a directory name)`,
      { path: 'name' },
    );
  }
  const maxBatchSize = positiveInteger(
    options.maxBatchSize ?? DEFAULT_TRITON_MAX_BATCH_SIZE,
    'maxBatchSize',
  );
  const idle = positiveInteger(
    options.maxSequenceIdleMicroseconds ?? DEFAULT_IDLE_MICROSECONDS,
    'maxSequenceIdleMicroseconds',
  );
  const exportOptions = { opset: options.opset, streamingState: true };
  const onnx = batchFirstState(exportOnnxModel(model, exportOptions));
  // The spec in metadata describes the directions-first graph; this one differs, so it is kept
  // under another key and importOnnx does not take it for rnnkit's own export.
  onnx.metadataProps = (onnx.metadataProps ?? []).map(({ key, value }) => ({
    key: `rnnkit.triton.${key.replace(/^rnnkit\./, '')}`,
    value,
  }));
  onnx.metadataProps.push({ key: 'rnnkit.triton.state-layout', value: 'batch-first' });

  const signature = exportedSignature(model.spec, exportOptions);
  const states: TritonStateInfo[] = [];
  const stateNames = new Set<string>();
  for (const layer of recurrentLayers(model.spec)) {
    const names = streamingStateNames(layer.name);
    const pairs: [string, string][] = [[names.hIn, names.hOut]];
    if (layer.type === 'lstm') pairs.push([names.cIn, names.cOut]);
    for (const [inputName, outputName] of pairs) {
      states.push({ inputName, outputName, dims: [layer.directions, layer.units] });
      stateNames.add(inputName).add(outputName);
    }
  }

  const config: PbtxtMessage = {
    name,
    backend: 'onnxruntime',
    max_batch_size: maxBatchSize,
    input: signature.inputs.filter((i) => !stateNames.has(i.name)).map(tensorEntry),
    // Spec state outputs ([layers*directions, batch, units] in rnnkit) are batch-first here too.
    output: signature.outputs
      .filter((o) => !stateNames.has(o.name))
      .map((o) =>
        o.shape.length === 3 && o.shape[1] === 'batch'
          ? tensorEntry({ ...o, shape: [o.shape[1], o.shape[0], o.shape[2]] })
          : tensorEntry(o),
      ),
  };
  if (states.length > 0) {
    config.sequence_batching = {
      max_sequence_idle_microseconds: idle,
      // Oldest: batches only requests that are present (no idle slots to fill) and keeps each
      // sequence's responses in order.
      oldest: { max_candidate_sequences: maxBatchSize, preserve_ordering: true },
      state: states.map((s) => ({
        input_name: s.inputName,
        output_name: s.outputName,
        data_type: enumValue('TYPE_FP32'),
        dims: s.dims,
        initial_state: [
          {
            data_type: enumValue('TYPE_FP32'),
            dims: s.dims,
            zero_data: true,
            name: 'zeros',
          },
        ],
      })),
    };
  } else {
    config.dynamic_batching = {};
  }
  const text = toPbtxt(config);
  return {
    name,
    config: text,
    states,
    files: [
      { path: `${name}/config.pbtxt`, contents: text },
      { path: `${name}/1/model.onnx`, contents: encodeModel(onnx) },
    ],
  };
}
