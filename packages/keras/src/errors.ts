import { RnnkitError } from '@rnnkit/core';

/** The importer's refusals name the Keras layer class and the layer's own name. */
export function unsupportedLayer(
  className: string,
  layerName: string,
  detail?: string,
): RnnkitError {
  const feature = `Keras layer ${className} '${layerName}'`;
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `@rnnkit/keras cannot import ${feature}${detail ? `: ${detail}` : ''}`,
    { feature, backend: 'keras', path: layerName },
  );
}

export function unsupported(feature: string, detail: string, path?: string): RnnkitError {
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `@rnnkit/keras does not support ${feature}: ${detail}`,
    {
      feature,
      backend: 'keras',
      path,
    },
  );
}

export function modelFormat(message: string, path?: string, cause?: unknown): RnnkitError {
  return new RnnkitError('MODEL_FORMAT', message, { path, cause });
}

export function invalidWeights(message: string, path?: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', message, { path });
}
