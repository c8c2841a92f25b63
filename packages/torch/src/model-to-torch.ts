/**
 * rnnkit model -> PyTorch state dict tensors (float32, PyTorch's names and layouts), loadable with
 * `module.load_state_dict(tensors, strict=True)` into the modules `describeSpec` lists.
 *
 * A spec with one bias per gate (Keras-shaped, `recurrentBias` false) gets `bias_hh` = 0, which
 * computes the same: both biases are added to the same pre-activation (for a GRU with resetAfter
 * the recurrent bias sits inside r * (h U + b_hn), and b_hn = 0 is the spec's missing term).
 */
import {
  type Model,
  RnnkitError,
  recurrentLayers,
  validateModel,
  type WeightTensor,
} from '@rnnkit/core';
import { describeSpec } from './describe-spec.js';
import { kernelToTorch, swapGateBlocks, transpose } from './gate-order.js';
import type { ModuleDescription } from './module-description.js';
import { joinName, recurrentName } from './torch-names.js';

export interface TorchStateDict {
  /** PyTorch name -> float32 tensor in PyTorch's layout. */
  tensors: Map<string, WeightTensor>;
  /**
   * The modules the state dict fits, with what `forward()` must do between them (selectStep and
   * pooling, which have no parameters, are not modules and are not listed).
   */
  description: ModuleDescription;
}

function weight(model: Model, name: string): WeightTensor {
  const tensor = model.weights.get(name);
  // validateModel ran first, so a missing tensor is a bug here, not bad input.
  if (!tensor) throw new Error(`internal: weight '${name}' missing after validation`);
  return tensor;
}

export function modelToTorchTensors(
  model: Model,
  prefixes?: Record<string, string>,
): TorchStateDict {
  validateModel(model);
  const { description, modules } = describeSpec(model.spec, { strict: true, prefixes });
  const resolved = new Map(recurrentLayers(model.spec).map((layer) => [layer.name, layer]));
  const written = new Map<string, WeightTensor>();
  // Never two tensors under one name: the second would silently drop a layer's weights.
  const tensors = {
    set(name: string, tensor: WeightTensor) {
      if (written.has(name)) {
        throw new RnnkitError(
          'INVALID_SPEC',
          `two layers would write the state dict tensor '${name}'; give their modules distinct prefixes`,
          { path: name },
        );
      }
      written.set(name, tensor);
    },
  };

  for (const { module, layers } of modules) {
    if (module.kind === 'dropout') continue;
    const [layerName] = layers;
    if (module.kind === 'embedding') {
      const embeddings = weight(model, `${layerName}/embeddings`);
      tensors.set(joinName(module.prefix, 'weight'), {
        shape: [...embeddings.shape],
        data: new Float32Array(embeddings.data),
      });
    } else if (module.kind === 'linear') {
      const kernel = weight(model, `${layerName}/kernel`);
      const [inputs, outputs] = kernel.shape;
      tensors.set(joinName(module.prefix, 'weight'), {
        shape: [outputs, inputs],
        data: transpose(kernel.data, inputs, outputs),
      });
      if (module.bias) {
        const bias = weight(model, `${layerName}/bias`);
        tensors.set(joinName(module.prefix, 'bias'), {
          shape: [outputs],
          data: new Float32Array(bias.data),
        });
      }
    } else {
      layers.forEach((name, layerIndex) => {
        const layer = resolved.get(name);
        if (!layer) throw new Error(`internal: recurrent layer '${name}' not resolved`);
        const width = layer.gates * layer.units;
        for (let direction = 0; direction < layer.directions; direction++) {
          const reverse = direction === 1;
          const source =
            layer.directions === 1 ? `${name}/` : `${name}/${reverse ? 'backward' : 'forward'}/`;
          const torchName = (parameter: 'weight_ih' | 'weight_hh' | 'bias_ih' | 'bias_hh') =>
            recurrentName(module.prefix, parameter, layerIndex, reverse);
          const kernel = weight(model, `${source}kernel`);
          const recurrentKernel = weight(model, `${source}recurrentKernel`);
          tensors.set(torchName('weight_ih'), {
            shape: [width, layer.inputSize],
            data: kernelToTorch(module.kind, kernel.data, layer.inputSize),
          });
          tensors.set(torchName('weight_hh'), {
            shape: [width, layer.units],
            data: kernelToTorch(module.kind, recurrentKernel.data, layer.units),
          });
          if (layer.useBias) {
            const bias = weight(model, `${source}bias`);
            const recurrentBias = layer.recurrentBias
              ? weight(model, `${source}recurrentBias`).data
              : new Float32Array(width);
            tensors.set(torchName('bias_ih'), {
              shape: [width],
              data: swapGateBlocks(module.kind, bias.data),
            });
            tensors.set(torchName('bias_hh'), {
              shape: [width],
              data: swapGateBlocks(module.kind, recurrentBias),
            });
          }
        }
      });
    }
  }
  return { tensors: written, description };
}
