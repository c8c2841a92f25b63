/** The layer table: each layer's type, size and the shape it outputs, from the spec alone. */
import { layerShapes, type ModelSpec } from '@rnnkit/core';

export interface LayerRow {
  name: string;
  type: string;
  detail: string;
  output: string;
  parameters: number;
}

function detailOf(layer: ModelSpec['layers'][number]): string {
  switch (layer.type) {
    case 'embedding':
      return `${layer.inputDim} tokens -> ${layer.outputDim}${layer.maskZero ? ', maskZero' : ''}`;
    case 'dense':
      return `${layer.units} units, ${typeof layer.activation === 'object' ? layer.activation.name : (layer.activation ?? 'linear')}`;
    case 'dropout':
      return `rate ${layer.rate} (identity at inference)`;
    case 'selectStep':
      return `time position ${layer.index}`;
    case 'pooling':
      return `${layer.mode} over ${layer.steps === 'real' ? 'real' : 'all'} steps`;
    case 'activation':
      return `${typeof layer.activation === 'object' ? layer.activation.name : layer.activation} on every position`;
    case 'concatStates':
      return `final ${layer.kind} states of ${layer.layers.join(', ')}`;
    default: {
      const parts = [`${layer.units} units`];
      if (layer.direction && layer.direction !== 'forward') parts.push(layer.direction);
      if (layer.type === 'gru') parts.push(`resetAfter ${layer.resetAfter}`);
      if (layer.returnSequences) parts.push('returnSequences');
      if (layer.paddedOutputs) parts.push(`paddedOutputs ${layer.paddedOutputs}`);
      return parts.join(', ');
    }
  }
}

export function describeLayers(
  spec: ModelSpec,
  weights: ReadonlyMap<string, { data: ArrayLike<number> }>,
): LayerRow[] {
  const shapes = layerShapes(spec);
  return spec.layers.map((layer, i) => {
    let parameters = 0;
    for (const [name, tensor] of weights)
      if (name.startsWith(`${layer.name}/`)) parameters += tensor.data.length;
    const shape = shapes[i];
    return {
      name: layer.name,
      type: layer.type,
      detail: detailOf(layer),
      output: shape.sequence ? `[batch, time, ${shape.features}]` : `[batch, ${shape.features}]`,
      parameters,
    };
  });
}
