/**
 * Creating and running ONNX Runtime sessions with every failure turned into an RnnkitError.
 * ORT reports problems as plain Errors (or, in the wasm build, strings with an error code); callers
 * of rnnkit must only ever see RnnkitError codes.
 */
import { RnnkitError } from '@rnnkit/core';
import type { OrtInferenceSession, OrtModule, OrtSessionOptions } from './ort-module.js';

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // ORT-web prefixes messages with internal call names; the first line is the useful part.
  return text.split('\n')[0].slice(0, 500);
}

/** Whether the bytes can be an ONNX ModelProto at all: a protobuf message starting with a field tag. */
function looksLikeProtobuf(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const tag = bytes[0];
  const wireType = tag & 7;
  const field = tag >> 3;
  return field >= 1 && (wireType === 0 || wireType === 2);
}

export async function createOrtSession(
  ort: OrtModule,
  bytes: Uint8Array,
  options: OrtSessionOptions,
  backend: string,
): Promise<OrtInferenceSession> {
  if (!(bytes instanceof Uint8Array) || !looksLikeProtobuf(bytes)) {
    throw new RnnkitError(
      'MODEL_FORMAT',
      `${backend}: the bytes are not an ONNX model (not a protobuf message)`,
      {
        backend,
      },
    );
  }
  try {
    return await ort.InferenceSession.create(bytes, options);
  } catch (error) {
    // onnxruntime-web fails this way when its wasm (or WebGPU) runtime cannot start, whatever
    // the model: that is the backend missing, not the model being bad.
    // onnxruntime-node: an execution provider whose libraries or device are missing (CUDA,
    // TensorRT: "Failed to load shared library"; WebGPU: no adapter).
    if (
      /no available backend found|Failed to load (shared )?library|AppendExecutionProvider|Failed to get a WebGPU adapter/i.test(
        describe(error),
      )
    ) {
      throw new RnnkitError(
        'BACKEND_UNAVAILABLE',
        `${backend}: ONNX Runtime could not start: ${describe(error)}`,
        {
          backend,
          cause: error,
        },
      );
    }
    throw new RnnkitError(
      'MODEL_FORMAT',
      `${backend}: ONNX Runtime could not load the model: ${describe(error)}`,
      {
        backend,
        cause: error,
      },
    );
  }
}

/** A failure inside ORT's run: inputs are validated before they get there, so it is ours to fix. */
export function runFailure(error: unknown, backend: string): RnnkitError {
  return new RnnkitError(
    'INTERNAL',
    `${backend}: ONNX Runtime failed to run the model: ${describe(error)}`,
    {
      backend,
      cause: error,
    },
  );
}
