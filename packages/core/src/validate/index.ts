export { ACTIVATION_PARAMETERS, PLAIN_ACTIVATIONS } from './validate-activation.js';
export { LAYER_NAME_PATTERN } from './validate-layer.js';
export { validateModel } from './validate-model.js';
export { parseSpec, validateSpec } from './validate-spec.js';
