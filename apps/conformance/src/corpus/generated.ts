/**
 * The seeded generator: random specs over every feature combination, random weights and inputs.
 * Case i is rebuilt from (seed, i) alone, so a failing case can be reproduced by its id.
 */
import type { MatrixCase } from 'rnnkit';
import { createRandom } from './random.js';
import { randomInputs, randomWeights } from './random-model.js';
import { randomSpec } from './random-spec.js';
import { referenceCase } from './reference-case.js';

export const DEFAULT_GENERATOR_SEED = 20261128;

export function generatedCases(count: number, seed = DEFAULT_GENERATOR_SEED): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (let index = 0; index < count; index++) {
    const random = createRandom(seed + index * 7919);
    const id = `generated-${seed}-${index}`;
    const spec = randomSpec(random, id);
    const model = { spec, weights: randomWeights(spec, random) };
    const inputs = randomInputs(model, random, {
      batch: random.integer(1, 3),
      time: random.integer(1, 6),
      postPaddedMask: random.chance(0.8),
    });
    cases.push(
      referenceCase({ id, group: 'generated', description: describe(spec), model, inputs }),
    );
  }
  return cases;
}

function describe(spec: MatrixCase['model']['spec']): string {
  const layers = spec.layers.map((layer) => {
    if (layer.type === 'embedding') return `embedding${layer.maskZero ? '(maskZero)' : ''}`;
    if (layer.type === 'dense')
      return `dense(${typeof layer.activation === 'string' ? layer.activation : (layer.activation?.name ?? 'linear')})`;
    if (layer.type === 'dropout') return 'dropout';
    if (layer.type === 'selectStep') return `selectStep(${layer.index})`;
    if (layer.type === 'pooling') return `pooling(${layer.mode},${layer.steps})`;
    if (layer.type === 'activation')
      return `activation(${typeof layer.activation === 'string' ? layer.activation : layer.activation.name})`;
    if (layer.type === 'concatStates') return `concatStates(${layer.kind}:${layer.layers})`;
    const extras = [
      layer.direction ?? 'forward',
      layer.direction === 'bidirectional' ? layer.mergeMode : undefined,
      layer.type === 'gru' ? (layer.resetAfter ? 'resetAfter' : 'resetBefore') : undefined,
      layer.type === 'lstm' && layer.peepholes ? 'peepholes' : undefined,
      layer.returnSequences ? 'seq' : undefined,
      layer.paddedOutputs ? `padded=${layer.paddedOutputs}` : undefined,
    ].filter(Boolean);
    return `${layer.type}(${extras.join(',')})`;
  });
  const extras = [
    spec.sequenceLengths ? 'lengths' : undefined,
    spec.stateInputs ? 'stateIn' : undefined,
    spec.stateOutputs ? 'stateOut' : undefined,
  ].filter(Boolean);
  return layers.join(' > ') + (extras.length ? ` [${extras.join(', ')}]` : '');
}
