/** `rnnkit run <model> --backend <id> --input <in.json>`: one run, tensor JSON in and out. */
import { parseBackendId } from '../args/backend-ids.js';
import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import { UsageError } from '../args/usage-error.js';
import { createNodeBackend } from '../backends/registry.js';
import { loadModel } from '../library/load-model.js';
import { renameSingleInput } from '../model-files/rename-single-input.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';
import {
  readTensorFile,
  stateFromTensors,
  stateToTensors,
  writeTensorJson,
  writeTextFile,
} from './tensor-files.js';

const usage = `usage: rnnkit run <model> --input <in.json> [--backend <id>] [--output <out.json>]
                  [--state-in <state.json>] [--state-out <state.json>]

Runs a model on one backend. Inputs and outputs are tensor JSON
({ "<name>": { "dtype", "shape", "data" } }) named as the model names them: ONNX graph
input/output names, Keras input and output layer names, or the spec's names. A model with
one input also takes a file with a single entry under any name.

options:
  --backend <id>        backend to run on (default reference; see 'rnnkit backends')
  --input <file>        input tensors (required)
  --output <file>       write the outputs here (default: print them to stdout)
  --state-in <file>     initial recurrent state, tensors named '<layer>/h' and '<layer>/c'
                        of shape [directions, batch, units]
  --state-out <file>    write the final recurrent state the same way
  --verbose             stack traces on errors
  -h, --help            this help`;

export const runCommand: Command = {
  name: 'run',
  summary: 'run a model on one backend with tensor JSON in and out',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('run', argv, {
      backend: { type: 'string', short: 'b' },
      input: { type: 'string', short: 'i' },
      output: { type: 'string', short: 'o' },
      'state-in': { type: 'string' },
      'state-out': { type: 'string' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const [modelPath] = expectPositionals(args, 'run', ['model']);
    const backendId = parseBackendId(stringOption(args, 'backend', 'run') ?? 'reference', 'run');
    const inputPath = stringOption(args, 'input', 'run');
    if (inputPath === undefined) throw new UsageError('missing --input <in.json>', 'run');
    const outputPath = stringOption(args, 'output', 'run');
    const stateInPath = stringOption(args, 'state-in', 'run');
    const stateOutPath = stringOption(args, 'state-out', 'run');

    const file = await loadModel(modelPath);
    const inputs = file.toModelInputs(
      renameSingleInput(file, await readTensorFile(inputPath, 'input')),
    );
    const state = stateInPath
      ? stateFromTensors(file.model.spec, await readTensorFile(stateInPath, 'state'), stateInPath)
      : undefined;
    const backend = await createNodeBackend(backendId);
    const session = await backend.load(file.model);
    try {
      const result = await session.run(inputs, { state });
      const outputText = writeTensorJson(file.fromRunResult(result));
      if (outputPath) await writeTextFile(outputPath, outputText);
      else io.stdout(outputText);
      if (stateOutPath)
        await writeTextFile(stateOutPath, writeTensorJson(stateToTensors(result.state)));
    } finally {
      await session.dispose();
    }
    return EXIT_OK;
  },
};
