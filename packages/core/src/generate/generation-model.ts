/**
 * What generation needs to know about a model, read from its spec: how a token goes in (an id
 * for a `tokens` input, a one-hot row for a `features` input as wide as the vocabulary), what
 * comes out (probabilities when the last Dense ends in softmax, logits when it is linear or
 * logSoftmax), and
 * whether streaming one token at a time computes what the whole sequence would (forward layers
 * only). Anything else is refused before a single run.
 */
import { RnnkitError } from '../errors.js';
import { isRecurrentLayer } from '../spec/resolve.js';
import type { ModelSpec } from '../spec/types.js';
import type { DistributionKind } from './sampling.js';

export interface GenerationModel {
  /** Width of the output distribution: the last Dense's units. */
  vocabularySize: number;
  kind: DistributionKind;
  /** Token ids (int32 [1, t]) or one-hot features (float32 [1, t, vocabularySize]). */
  input: 'tokens' | 'oneHot';
  inputName: string;
  outputName: string;
}

function refuse(feature: string, detail: string): never {
  throw new RnnkitError('UNSUPPORTED_FEATURE', `generation needs ${detail}`, { feature });
}

export function generationModel(spec: ModelSpec): GenerationModel {
  const layers = spec.layers.filter((layer) => layer.type !== 'dropout');
  const last = layers[layers.length - 1];
  if (last?.type !== 'dense') {
    refuse(
      'last layer',
      `a model ending in a Dense layer over the vocabulary (softmax for probabilities, linear for logits); '${last?.name}' is a ${last?.type} layer`,
    );
  }
  const activation = last.activation ?? 'linear';
  let kind: DistributionKind;
  if (activation === 'softmax') kind = 'probabilities';
  // Log-probabilities are logits whose softmax is the distribution itself (PyTorch log_softmax heads).
  else if (activation === 'linear' || activation === 'logSoftmax') kind = 'logits';
  else {
    refuse(
      'output activation',
      `the last Dense to end in softmax (probabilities) or be linear (logits); '${last.name}' uses ${typeof activation === 'string' ? activation : activation.name}`,
    );
  }
  for (const layer of spec.layers) {
    if (isRecurrentLayer(layer) && (layer.direction ?? 'forward') !== 'forward') {
      refuse(
        `${layer.direction} recurrent layer`,
        `forward recurrent layers only: '${layer.name}' is ${layer.direction}, which needs the whole sequence before its first output, so it cannot stream token by token`,
      );
    }
  }
  if (spec.input.timeSteps !== undefined) {
    refuse(
      'fixed timeSteps',
      `an input of any length (one token per call); '${spec.input.name}' fixes timeSteps ${spec.input.timeSteps}`,
    );
  }
  const vocabularySize = last.units;
  if (spec.input.type === 'tokens') {
    const embedding = spec.layers[0];
    if (embedding.type === 'embedding' && embedding.inputDim < vocabularySize) {
      refuse(
        'vocabulary size',
        `the embedding to accept every id the output can give: '${embedding.name}' has inputDim ${embedding.inputDim} < ${vocabularySize} outputs`,
      );
    }
    return {
      vocabularySize,
      kind,
      input: 'tokens',
      inputName: spec.input.name,
      outputName: spec.output.name,
    };
  }
  if (spec.input.size !== vocabularySize) {
    refuse(
      'feature input',
      `a feature input as wide as the vocabulary (one-hot tokens): '${spec.input.name}' has size ${spec.input.size}, the output ${vocabularySize}`,
    );
  }
  return {
    vocabularySize,
    kind,
    input: 'oneHot',
    inputName: spec.input.name,
    outputName: spec.output.name,
  };
}
