import { RnnkitError } from '@rnnkit/core';

/** A tensor in the state dict is missing, extra, or has the wrong shape or dtype. */
export function weightsError(name: string, message: string): RnnkitError {
  return new RnnkitError('INVALID_WEIGHTS', `state dict tensor '${name}': ${message}`, {
    path: name,
  });
}

/** The module description (user input) is malformed or contradicts itself. */
export function descriptionError(path: string, message: string): RnnkitError {
  return new RnnkitError('INVALID_SPEC', `module description ${path}: ${message}`, { path });
}

/** Something PyTorch's modules have (or lack) that rnnkit does not map. */
export function torchUnsupported(feature: string, path: string, detail: string): RnnkitError {
  return new RnnkitError(
    'UNSUPPORTED_FEATURE',
    `PyTorch state dict: ${feature} is not supported: ${detail}`,
    {
      feature,
      path,
    },
  );
}

export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
