/** `rnnkit inspect <model>`: what a model file holds, as rnnkit reads it. */
import {
  type Activation,
  hasDistinctBackwardActivations,
  layerInputSizes,
  layerShapes,
  type ModelSpec,
  resolveRecurrentLayer,
} from '@rnnkit/core';
import { expectPositionals, parseCommandArgs } from '../args/parse-command-args.js';
import { loadModel } from '../library/load-model.js';
import { FORMAT_NAMES } from '../model-files/detect-format.js';
import type { ModelFile } from '../model-files/model-file.js';
import { formatShape, type SignatureEntry } from '../model-files/signature.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';

const usage = `usage: rnnkit inspect <model> [--json]

Shows the detected source format, every layer (type, units, direction, activations, ...),
the shape after each layer, weight tensors and parameter count, and the model's inputs and
outputs with dtypes and shapes, named as the source file names them.

<model>: rnnkit spec .json (+ .safetensors beside it), .onnx, Keras .h5 / .keras,
         TF.js model.json, PyTorch state dict .safetensors

options:
  --json      print the same as JSON (the spec, weights, signature)
  --verbose   stack traces on errors
  -h, --help  this help`;

const activationText = (activation: Activation) =>
  typeof activation === 'string'
    ? activation
    : `${activation.name}(${Object.entries(activation)
        .filter(([key]) => key !== 'name')
        .map(([key, value]) => `${key}=${value}`)
        .join(', ')})`;

function layerRows(spec: ModelSpec): string[][] {
  const shapes = layerShapes(spec);
  const time = spec.input.timeSteps ?? 'time';
  const inputSizes = layerInputSizes(spec);
  return spec.layers.map((layer, index) => {
    const shape = shapes[index];
    const out = formatShape(
      shape.sequence ? ['batch', time, shape.features] : ['batch', shape.features],
    );
    let detail: string;
    switch (layer.type) {
      case 'embedding':
        detail = `vocabulary ${layer.inputDim}, dim ${layer.outputDim}${layer.maskZero ? ', maskZero' : ''}`;
        break;
      case 'dense':
        detail = `units ${layer.units}, activation ${activationText(layer.activation ?? 'linear')}${layer.useBias === false ? ', no bias' : ''}`;
        break;
      case 'dropout':
        detail = `rate ${layer.rate} (identity at inference)`;
        break;
      case 'selectStep':
        detail = `step ${layer.index}${layer.index < 0 ? ' from the end' : ''}`;
        break;
      case 'pooling':
        detail = `${layer.mode} over ${layer.steps === 'all' ? 'every step' : 'real steps'}`;
        break;
      case 'activation':
        detail = `${activationText(layer.activation)} on every position`;
        break;
      case 'concatStates':
        detail = `final ${layer.kind} states of ${layer.layers.join(', ')}`;
        break;
      default: {
        const r = resolveRecurrentLayer(layer, inputSizes[index]);
        const parts = [`units ${r.units}`, r.direction];
        if (r.direction === 'bidirectional') parts.push(`merge ${r.mergeMode}`);
        parts.push(r.returnSequences ? 'returns sequences' : 'returns last step');
        if (r.returnSequences && layer.paddedOutputs) parts.push(`padded ${layer.paddedOutputs}`);
        parts.push(`activation ${activationText(r.activation)}`);
        if (r.type !== 'simpleRnn') parts.push(`gates ${activationText(r.recurrentActivation)}`);
        if (hasDistinctBackwardActivations(r)) {
          const gates =
            r.type === 'simpleRnn'
              ? ''
              : ` gates ${activationText(r.backward.recurrentActivation)}`;
          parts.push(`backward activation ${activationText(r.backward.activation)}${gates}`);
        }
        if (r.type === 'gru') parts.push(`resetAfter ${r.resetAfter}`);
        if (r.peepholes) parts.push('peepholes');
        if (!r.useBias) parts.push('no bias');
        else if (r.recurrentBias) parts.push('recurrent bias');
        detail = parts.join(', ');
      }
    }
    return [layer.name, layer.type, detail, out];
  });
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) => `  ${row.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`.trimEnd())
    .join('\n');
}

const signatureRows = (entries: SignatureEntry[]) =>
  table(entries.map((e) => [e.name, e.dtype, formatShape(e.shape)]));

export function describeModelFile(file: ModelFile): string {
  const { spec, weights } = file.model;
  let parameters = 0;
  for (const tensor of weights.values()) parameters += tensor.data.length;
  const lines = [
    `${file.path}`,
    `format: ${FORMAT_NAMES[file.format]}${file.detail ? ` (${file.detail})` : ''}`,
    ...(spec.name ? [`name: ${spec.name}`] : []),
    `input: ${spec.input.type}${spec.input.type === 'tokens' ? '' : `, size ${spec.input.size}`}${spec.input.timeSteps ? `, ${spec.input.timeSteps} time steps` : ''}${spec.input.type === 'features' && spec.input.maskValue !== undefined ? `, maskValue ${spec.input.maskValue}` : ''}${spec.sequenceLengths ? `, sequence lengths '${spec.sequenceLengths.name}'` : ''}`,
    '',
    'layers:',
    table([['name', 'type', 'configuration', 'output shape'], ...layerRows(spec)]),
    '',
    `weights: ${weights.size} tensors, ${parameters.toLocaleString('en-US')} parameters`,
    table([...weights.entries()].map(([name, tensor]) => [name, formatShape(tensor.shape)])),
    '',
    'inputs:',
    signatureRows(file.signature.inputs),
    'outputs:',
    signatureRows(file.signature.outputs),
  ];
  return `${lines.join('\n')}\n`;
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show a model file: format, layers, shapes, parameters, inputs and outputs',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('inspect', argv, { json: { type: 'boolean' } });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const [path] = expectPositionals(args, 'inspect', ['model']);
    const file = await loadModel(path);
    if (args.values.json) {
      const weights = [...file.model.weights.entries()].map(([name, t]) => ({
        name,
        shape: t.shape,
      }));
      const parameters = weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
      io.stdout(
        `${JSON.stringify({ path: file.path, format: file.format, detail: file.detail, spec: file.model.spec, weights, parameters, ...file.signature }, null, 2)}\n`,
      );
      return EXIT_OK;
    }
    io.stdout(describeModelFile(file));
    return EXIT_OK;
  },
};
