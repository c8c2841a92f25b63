/**
 * `rnnkit train <model> --data <data.json> --config <training.json> --output <out>` (issue 12,
 * CLI contract; other tools call it, so options are only ever added).
 */
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import {
  buildCharVocabulary,
  type CharVocabulary,
  fit,
  isTrainingDiverged,
  type OptimizerState,
  parseTrainingConfig,
  RnnkitError,
  type TrainingCheckpoint,
  type TrainingConfig,
  type TrainingEngine,
  vocabularyPathFor,
  writeCharVocabulary,
} from '@rnnkit/core';
import { parseBackendId } from '../args/backend-ids.js';
import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import { UsageError } from '../args/usage-error.js';
import { numberOption } from '../generate/number-options.js';
import { renameSingleInput } from '../model-files/rename-single-input.js';
import { writeModelFiles } from '../model-files/write-model-files.js';
import { loadTrainingModel } from '../train/load-training-model.js';
import { resizeSpecForVocabulary, textDataset } from '../train/text-dataset.js';
import { createTrainProgress } from '../train/train-progress.js';
import { checkTrainingData, type TrainingData } from '../train/training-data.js';
import {
  createTrainingEngine,
  defaultTrainingEngine,
  TRAINING_BACKENDS,
} from '../train/training-engines.js';
import type { Command } from './command.js';
import { targetFor } from './convert.js';
import { EXIT_OK } from './exit-codes.js';
import { readTensorFile, writeTextFile } from './tensor-files.js';

const usage = `usage: rnnkit train <model> --data <data.json> --config <training.json> --output <out>
                    [--backend <id>] [--validation <data.json>] [--json]
       rnnkit train <spec.json> --text <corpus.txt> --config <training.json> --output <out>

Trains or fine-tunes any model rnnkit reads (ONNX, Keras, TF.js, rnnkit spec; a spec with no
weights beside it starts from seeded initial weights) and writes the result.

  <data.json>   tensor JSON: the model's input(s) by name (a one-input model takes any name)
                and 'targets': int32 class ids [batch] (or [batch, time] for per-step outputs)
                for sparseCategoricalCrossentropy, float32 shaped like the output otherwise
  --config      an rnnkit-training v1 file (docs/training.md). A Keras .h5/.keras model that
                was saved compiled may omit it: its loss, optimizer and metrics are used, with
                --epochs and --batch-size
  --output      .json rnnkit spec + safetensors, .onnx, .safetensors (PyTorch), or --to
                tfjs-layers, as 'rnnkit convert' writes; 'rnnkit run' runs the result

options:
  --backend <id>          reference (float64), tfjs-cpu, tfjs-wasm; default: the fastest here
                          (tfjs-wasm, else reference)
  --validation <file>     data evaluated after every epoch (valLoss, valAccuracy)
  --epochs <N>            override the config's epochs
  --batch-size <B>        override the config's batchSize
  --text <corpus.txt>     character-level language model: builds the vocabulary (saved beside
                          the output as <stem>.vocab.json), cuts the text into windows
  --sequence-length <L>   characters per window with --text (default 64)
  --stride <S>            characters between window starts with --text (default L)
  --to <format>           output format (rnnkit, onnx, tfjs-layers, safetensors)
  --json                  print the history as JSON on stdout
  --verbose               stack traces on errors
  -h, --help              this help

Progress goes to stderr: a bar on a terminal, one line per epoch otherwise. A loss that becomes
NaN or Inf stops training with TRAINING_DIVERGED naming the epoch and step; the last good
weights are still written to --output. Exit 2 on any bad input.`;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException).code;
    throw new RnnkitError(
      'INVALID_INPUT',
      `cannot read the ${what} ${path}: ${errno === 'ENOENT' ? 'no such file' : (errno ?? String(cause))}`,
      { path, cause },
    );
  }
}

async function readConfig(path: string): Promise<TrainingConfig> {
  const text = await readText(path, 'training config');
  try {
    return parseTrainingConfig(text);
  } catch (error) {
    if (RnnkitError.isInstance(error))
      throw new RnnkitError(error.code, `${path}: ${error.message}`, {
        path: error.path,
        cause: error,
      });
    throw error;
  }
}

async function kerasConfig(
  modelPath: string,
  fit: { epochs?: number; batchSize?: number },
): Promise<{ config: TrainingConfig; optimizerState?: OptimizerState }> {
  const { readKerasCompileSettings, readKerasOptimizerState, trainingConfigFromKeras } =
    await import('@rnnkit/keras');
  const bytes = new Uint8Array(await readFile(modelPath));
  const settings = await readKerasCompileSettings(bytes, { fileName: modelPath });
  if (!settings)
    throw new UsageError(
      `missing --config: ${modelPath} was saved without compile settings`,
      'train',
    );
  if (fit.epochs === undefined || fit.batchSize === undefined)
    throw new UsageError(
      "training with the Keras file's compile settings needs --epochs and --batch-size",
      'train',
    );
  const config = trainingConfigFromKeras(settings, {
    epochs: fit.epochs,
    batchSize: fit.batchSize,
  });
  // A .keras file also holds Adam's moments and step: fine-tuning continues from them.
  const optimizerState =
    /\.keras$/i.test(modelPath) && config.optimizer.name === 'adam'
      ? await readKerasOptimizerState(bytes, { fileName: modelPath })
      : undefined;
  return { config, optimizerState };
}

export const trainCommand: Command = {
  name: 'train',
  summary: 'train or fine-tune a model on tensor JSON data or text',
  usage,
  async run(argv, io) {
    const command = 'train';
    const args = parseCommandArgs(command, argv, {
      data: { type: 'string', short: 'd' },
      config: { type: 'string', short: 'c' },
      output: { type: 'string', short: 'o' },
      to: { type: 'string' },
      backend: { type: 'string', short: 'b' },
      validation: { type: 'string' },
      epochs: { type: 'string' },
      'batch-size': { type: 'string' },
      text: { type: 'string' },
      'sequence-length': { type: 'string' },
      stride: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const [modelPath] = expectPositionals(args, command, ['model']);
    const dataPath = stringOption(args, 'data', command);
    const textPath = stringOption(args, 'text', command);
    if ((dataPath === undefined) === (textPath === undefined))
      throw new UsageError(
        'give exactly one of --data <data.json> and --text <corpus.txt>',
        command,
      );
    const outputPath = stringOption(args, 'output', command);
    if (outputPath === undefined) throw new UsageError('missing --output <out>', command);
    const target = targetFor(outputPath, stringOption(args, 'to', command));
    const backendText = stringOption(args, 'backend', command);
    const backendId = backendText === undefined ? undefined : parseBackendId(backendText, command);
    if (backendId !== undefined && !TRAINING_BACKENDS.includes(backendId)) {
      throw new UsageError(
        `backend '${backendId}' runs models but does not train (training backends: ${TRAINING_BACKENDS.join(', ')})`,
        command,
      );
    }
    const epochs = numberOption(stringOption(args, 'epochs', command), 'epochs', command, {
      integer: true,
      min: 1,
    });
    const batchSize = numberOption(
      stringOption(args, 'batch-size', command),
      'batch-size',
      command,
      {
        integer: true,
        min: 1,
      },
    );
    const sequenceLength =
      numberOption(stringOption(args, 'sequence-length', command), 'sequence-length', command, {
        integer: true,
        min: 1,
      }) ?? 64;
    const stride =
      numberOption(stringOption(args, 'stride', command), 'stride', command, {
        integer: true,
        min: 1,
      }) ?? sequenceLength;
    if (
      textPath === undefined &&
      (args.values['sequence-length'] !== undefined || args.values.stride !== undefined)
    )
      throw new UsageError('--sequence-length and --stride apply only with --text', command);
    const validationPath = stringOption(args, 'validation', command);
    const json = args.values.json === true;

    // The config: a file, or a compiled Keras model's own settings.
    const configPath = stringOption(args, 'config', command);
    let config: TrainingConfig;
    let optimizerState: OptimizerState | undefined;
    if (configPath !== undefined) config = await readConfig(configPath);
    else if (/\.(h5|hdf5|keras)$/i.test(modelPath))
      ({ config, optimizerState } = await kerasConfig(modelPath, { epochs, batchSize }));
    else throw new UsageError('missing --config <training.json>', command);
    config = {
      ...config,
      ...(epochs !== undefined ? { epochs } : {}),
      ...(batchSize !== undefined ? { batchSize } : {}),
    };
    config = parseTrainingConfig(JSON.stringify(config));

    // The model, and its data.
    let vocabulary: CharVocabulary | undefined;
    let text: string | undefined;
    if (textPath !== undefined) {
      text = await readText(textPath, 'text corpus');
      vocabulary = buildCharVocabulary(text);
    }
    const size = vocabulary?.tokens.length;
    const { file, initialised } = await loadTrainingModel(
      modelPath,
      config.seed ?? 0,
      size === undefined ? undefined : (spec) => resizeSpecForVocabulary(spec, size),
    );
    const { spec } = file.model;
    const loss = config.loss;
    let data: TrainingData;
    if (text !== undefined && vocabulary && textPath) {
      const lossName = typeof loss === 'string' ? loss : loss.name;
      if (lossName !== 'sparseCategoricalCrossentropy')
        throw new UsageError(
          `--text trains on class ids: the config's loss must be sparseCategoricalCrossentropy, not ${lossName}`,
          command,
        );
      data = textDataset(spec, vocabulary, text, { sequenceLength, stride }, textPath);
    } else {
      const tensors = await readTensorFile(dataPath as string, 'data');
      data = checkTrainingData(spec, tensors, loss, dataPath as string, (inputs) =>
        file.toModelInputs(renameSingleInput(file, inputs)),
      );
    }
    const validationData = validationPath
      ? checkTrainingData(
          spec,
          await readTensorFile(validationPath, 'validation'),
          loss,
          validationPath,
          (inputs) => file.toModelInputs(renameSingleInput(file, inputs)),
        )
      : undefined;

    let engine: TrainingEngine;
    if (backendId) engine = await createTrainingEngine(backendId);
    else {
      const chosen = await defaultTrainingEngine();
      for (const note of chosen.notes) io.stderr(`note: ${note}\n`);
      engine = chosen.engine;
    }
    const count = data.targets.shape[0];
    io.stderr(
      `training ${spec.name ?? modelPath}${initialised ? ` (initial weights, seed ${config.seed ?? 0})` : ''} on ${engine.id}: ${count} examples, batch ${config.batchSize}, ${config.epochs} epochs${optimizerState ? `, continuing the file's ${optimizerState.name} state at step ${optimizerState.step}` : ''}\n`,
    );
    const progress = createTrainProgress(io.stderr, io.progressStream);
    const writeOutputs = async (model: typeof file.model) => {
      const written = await writeModelFiles(model, outputPath, target);
      const vocabularyPath = vocabularyPathFor(outputPath);
      if (vocabulary) {
        await writeTextFile(vocabularyPath, writeCharVocabulary(vocabulary));
        written.push(vocabularyPath);
      } else if (
        existsSync(vocabularyPathFor(modelPath)) &&
        vocabularyPathFor(modelPath) !== vocabularyPath
      ) {
        await copyFile(vocabularyPathFor(modelPath), vocabularyPath);
        written.push(vocabularyPath);
      }
      return written;
    };
    // A .keras file's Adam state enters core's fit as a checkpoint at the very start.
    const resumeFrom: TrainingCheckpoint | undefined = optimizerState
      ? {
          format: 'rnnkit-training-checkpoint',
          epoch: 0,
          batch: 0,
          model: file.model,
          optimizerState,
          history: { loss: [], accuracy: [], valLoss: [], valAccuracy: [] },
          partial: { examples: 0, loss: 0, accuracy: 0 },
        }
      : undefined;
    let result: Awaited<ReturnType<typeof fit>>;
    try {
      result = await fit(file.model, data, config, {
        engine,
        validationData,
        resumeFrom,
        onBatchEnd: (info) =>
          progress.batch(
            {
              epoch: info.epoch + 1,
              step: info.batch + 1,
              steps: info.batches,
              loss: info.loss,
              metrics: info.metrics,
            },
            config.epochs,
          ),
        onEpochEnd: (info) =>
          progress.epoch({
            epoch: info.epoch + 1,
            epochs: config.epochs,
            logs: {
              loss: info.loss,
              accuracy: info.metrics.accuracy,
              valLoss: info.valLoss,
              valAccuracy: info.valMetrics?.accuracy,
            },
          }),
      });
    } catch (error) {
      progress.finish();
      if (isTrainingDiverged(error)) {
        // core's fit keeps the weights from before the step whose loss was not finite: every
        // trainer leaves a non-finite step unapplied (the training contract), so no copy here.
        let where: string;
        try {
          where = `wrote them to ${(await writeOutputs(error.model))[0]}`;
        } catch (cause) {
          where = `they could not be written (${RnnkitError.isInstance(cause) ? cause.message : String(cause)})`;
        }
        throw new RnnkitError('TRAINING_DIVERGED', `${error.message}; ${where}`, {
          path: error.path,
          cause: error,
        });
      }
      throw error;
    }
    progress.finish();
    const written = await writeOutputs(result.model);
    if (json) {
      // Only the history entries this run computed (no accuracy without the metric, no val* without --validation).
      const history = Object.fromEntries(
        Object.entries(result.history).filter(([, values]) => values.length > 0),
      );
      io.stdout(
        `${JSON.stringify({ backend: engine.id, epochs: result.epochs, stopReason: result.stopReason, history }, null, 2)}\n`,
      );
    }
    io.stderr(`wrote ${written.join(', ')}\n`);
    return EXIT_OK;
  },
};
