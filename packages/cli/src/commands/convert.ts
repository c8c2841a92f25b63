/**
 * `rnnkit convert <in> <out>`: any model rnnkit reads -> rnnkit spec, ONNX, TF.js layers,
 * safetensors, or a Triton Inference Server model repository.
 */

import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import { UsageError } from '../args/usage-error.js';
import { loadModel } from '../library/load-model.js';
import { type ConvertTarget, TARGETS, writeModelFiles } from '../model-files/write-model-files.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';

export { type ConvertTarget, TARGETS } from '../model-files/write-model-files.js';

const usage = `usage: rnnkit convert <in> <out> [--to rnnkit|onnx|tfjs-layers|safetensors|triton] [--opset N]

Reads any model rnnkit reads and writes it as:
  rnnkit        spec <out>.json + weights <out>.safetensors beside it   (default for .json)
  onnx          one .onnx file with native RNN/LSTM/GRU operators       (default for .onnx)
  tfjs-layers   TF.js layers <out> (model.json) + <stem>.weights.bin beside it
  safetensors   a PyTorch state dict (PyTorch's names and gate order; the spec in its
                metadata, so rnnkit reads it back)                       (default for .safetensors)
  triton        a Triton Inference Server model repository: <out>/<name>/config.pbtxt and
                <out>/<name>/1/model.onnx (onnxruntime backend; the sequence batcher carries
                every recurrent layer's state between the requests of a sequence)
Each writer refuses what its format cannot express exactly (error UNSUPPORTED_FEATURE).

options:
  --to <format>   output format (default: from <out>'s extension)
  --opset <N>     ONNX opset (default 17; 14..21), for onnx and triton
  --name <name>   triton: the model's name and directory (default: the spec's name)
  --max-batch-size <N>  triton: max_batch_size, sequences per execution (default 8)
  --verbose       stack traces on errors
  -h, --help      this help`;

export function targetFor(out: string, to: string | undefined): ConvertTarget {
  if (to !== undefined) {
    if (!(TARGETS as readonly string[]).includes(to)) {
      throw new UsageError(`unknown --to '${to}' (one of ${TARGETS.join(', ')})`, 'convert');
    }
    return to as ConvertTarget;
  }
  const lower = out.toLowerCase();
  if (lower.endsWith('.onnx')) return 'onnx';
  if (lower.endsWith('.safetensors')) return 'safetensors';
  if (lower.endsWith('.json')) return 'rnnkit';
  throw new UsageError(
    `cannot tell the output format from '${out}': give --to ${TARGETS.join('|')}`,
    'convert',
  );
}

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert a model to rnnkit spec, ONNX, TF.js layers, safetensors or a Triton repository',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('convert', argv, {
      to: { type: 'string' },
      opset: { type: 'string' },
      name: { type: 'string' },
      'max-batch-size': { type: 'string' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const [inPath, outPath] = expectPositionals(args, 'convert', ['in', 'out']);
    const target = targetFor(outPath, stringOption(args, 'to', 'convert'));
    const opsetText = stringOption(args, 'opset', 'convert');
    const opset = opsetText === undefined ? undefined : Number(opsetText);
    if (opset !== undefined && !Number.isInteger(opset))
      throw new UsageError(`--opset must be an integer, found '${opsetText}'`, 'convert');
    if (opset !== undefined && target !== 'onnx' && target !== 'triton')
      throw new UsageError('--opset applies only to --to onnx and --to triton', 'convert');
    const name = stringOption(args, 'name', 'convert');
    const batchText = stringOption(args, 'max-batch-size', 'convert');
    const maxBatchSize = batchText === undefined ? undefined : Number(batchText);
    if (maxBatchSize !== undefined && !(Number.isInteger(maxBatchSize) && maxBatchSize > 0))
      throw new UsageError(
        `--max-batch-size must be a positive integer, found '${batchText}'`,
        'convert',
      );
    if ((name !== undefined || maxBatchSize !== undefined) && target !== 'triton')
      throw new UsageError('--name and --max-batch-size apply only to --to triton', 'convert');

    const { model } = await loadModel(inPath);
    const written = await writeModelFiles(model, outPath, target, { opset, name, maxBatchSize });
    io.stderr(`wrote ${written.join(', ')}\n`);
    return EXIT_OK;
  },
};
