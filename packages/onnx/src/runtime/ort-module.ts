/**
 * The slice of the ONNX Runtime JavaScript API the runner uses, written out structurally so
 * `@rnnkit/onnx` needs neither `onnxruntime-node` nor `onnxruntime-web` at run time: the backend
 * packages pass in whichever namespace they import, and both satisfy these types.
 */

export type OrtDataType = 'float32' | 'int32' | 'int64' | 'bool' | string;

export interface OrtTensor {
  readonly type: OrtDataType;
  readonly dims: readonly number[];
  readonly data: unknown;
  dispose?(): void;
}

export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: OrtDataType;
  readonly shape?: readonly (number | string)[];
}

export interface OrtRunOptions {
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
}

export interface OrtInferenceSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Present in onnxruntime 1.21 and later. */
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(
    feeds: Record<string, OrtTensor>,
    options?: OrtRunOptions,
  ): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}

export interface OrtSessionOptions {
  executionProviders?: readonly (string | { name: string; [key: string]: unknown })[];
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'layout' | 'all';
  logSeverityLevel?: 0 | 1 | 2 | 3 | 4;
  enableProfiling?: boolean;
  profileFilePrefix?: string;
  [key: string]: unknown;
}

/** What `import * as ort from 'onnxruntime-node'` (or `-web`) gives. */
export interface OrtModule {
  Tensor: new (
    type: 'float32' | 'int32' | 'int64',
    data: Float32Array | Int32Array | BigInt64Array,
    dims: readonly number[],
  ) => OrtTensor;
  InferenceSession: {
    create(model: Uint8Array, options?: OrtSessionOptions): Promise<OrtInferenceSession>;
  };
}
