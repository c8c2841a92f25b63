/**
 * Every failure rnnkit reports on purpose is an `RnnkitError` with a stable `code`.
 * `RnnkitError.isInstance` works across duplicate copies of this package (two versions in one
 * bundle, or a worker and the page) because it checks a `Symbol.for` brand, not the prototype.
 */
export type RnnkitErrorCode =
  | 'INVALID_SPEC'
  | 'INVALID_CONFIG'
  | 'TRAINING_DIVERGED'
  | 'INVALID_WEIGHTS'
  | 'UNSUPPORTED_FEATURE'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'MODEL_FORMAT'
  | 'BACKEND_UNAVAILABLE'
  /** A backend could not get the memory a model or run needs (e.g. a failed WebAssembly memory.grow). */
  | 'OUT_OF_MEMORY'
  | 'DISPOSED'
  | 'INTERNAL';

const brand = Symbol.for('rnnkit.error');

export interface RnnkitErrorOptions {
  /** JSON path of the offending field (`$.layers[1].units`) or the offending tensor's name. */
  path?: string;
  /** For UNSUPPORTED_FEATURE: the feature refused, and the backend that refused it. */
  feature?: string;
  backend?: string;
  cause?: unknown;
}

export class RnnkitError extends Error {
  readonly code: RnnkitErrorCode;
  readonly path?: string;
  readonly feature?: string;
  readonly backend?: string;
  readonly [brand] = true;

  constructor(code: RnnkitErrorCode, message: string, options: RnnkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RnnkitError';
    this.code = code;
    this.path = options.path;
    this.feature = options.feature;
    this.backend = options.backend;
  }

  static isInstance(value: unknown): value is RnnkitError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[brand] === true
    );
  }
}

/** Shorthand for the refusal every backend gives for a spec feature it does not compute. */
export function unsupportedFeature(backend: string, feature: string, detail?: string): RnnkitError {
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `backend '${backend}' does not support ${feature}${detail ? `: ${detail}` : ''}`,
    { backend, feature },
  );
}
