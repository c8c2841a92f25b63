/** `rnnkit generate <model> --prompt "..." --length N`: sample text (or token ids) from a model. */
import { generate } from '@rnnkit/core';
import { parseBackendId } from '../args/backend-ids.js';
import { expectPositionals, parseCommandArgs, stringOption } from '../args/parse-command-args.js';
import { UsageError } from '../args/usage-error.js';
import { createNodeBackend } from '../backends/registry.js';
import { numberOption } from '../generate/number-options.js';
import { readVocabularyFor } from '../generate/read-vocabulary.js';
import { loadModelFile } from '../model-files/load-model-file.js';
import { fileSource } from '../model-files/read-bytes.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';

/** ORT measured fastest per token at batch 1 (README, "Which backend"). */
export const DEFAULT_GENERATE_BACKEND = 'ort-node-cpu';

const usage = `usage: rnnkit generate <model> (--prompt <text> | --prompt-ids <i,j,...>) --length <N>
                       [--temperature T] [--seed S] [--top-k K] [--top-p P] [--stop <text>]
                       [--backend <id>] [--vocabulary <file>] [--json]

Samples from a model whose last layer is a Dense over the vocabulary (softmax: probabilities;
linear: logits), token by token with carried state. Text needs a character vocabulary: the
<stem>.vocab.json beside the model (written by 'rnnkit train --text') or --vocabulary.
Prints the prompt and its continuation, token by token as they come.

options:
  --prompt <text>       text to start from (needs a vocabulary)
  --prompt-ids <ids>    or token ids, comma-separated (output is ids too, without a vocabulary)
  --length <N>          tokens to generate at most (required)
  --temperature <T>     >= 0, default 1; 0 is greedy (argmax)
  --seed <S>            integer seed of the sampling stream, default 0
  --top-k <K>           sample only from the K most likely tokens
  --top-p <P>           nucleus sampling: the smallest set holding mass P, in (0, 1]
  --stop <text>         stop before this text appears (it is not printed)
  --backend <id>        default ${DEFAULT_GENERATE_BACKEND} (fastest per token); see 'rnnkit backends'
  --vocabulary <file>   character vocabulary (default: <stem>.vocab.json beside the model)
  --json                print { prompt, text, tokens, stopReason } instead of streaming text
  --verbose             stack traces on errors
  -h, --help            this help`;

function parseIds(text: string): number[] {
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(value) || value < 0)
      throw new UsageError(
        `--prompt-ids must be comma-separated token ids, found '${part}'`,
        'generate',
      );
    return value;
  });
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'sample text or tokens from a language model, token by token',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('generate', argv, {
      prompt: { type: 'string', short: 'p' },
      'prompt-ids': { type: 'string' },
      length: { type: 'string', short: 'n' },
      temperature: { type: 'string', short: 't' },
      seed: { type: 'string', short: 's' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      stop: { type: 'string' },
      backend: { type: 'string', short: 'b' },
      vocabulary: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    const command = 'generate';
    const [modelPath] = expectPositionals(args, command, ['model']);
    const promptText = args.values.prompt as string | undefined;
    const promptIds = stringOption(args, 'prompt-ids', command);
    if ((promptText === undefined) === (promptIds === undefined))
      throw new UsageError('give exactly one of --prompt <text> and --prompt-ids <ids>', command);
    const length = numberOption(stringOption(args, 'length', command), 'length', command, {
      integer: true,
      min: 0,
    });
    if (length === undefined) throw new UsageError('missing --length <N>', command);
    const temperature = numberOption(
      stringOption(args, 'temperature', command),
      'temperature',
      command,
      { min: 0 },
    );
    const seed = numberOption(stringOption(args, 'seed', command), 'seed', command, {
      integer: true,
      min: 0,
      max: 0xffffffff,
    });
    const topK = numberOption(stringOption(args, 'top-k', command), 'top-k', command, {
      integer: true,
      min: 1,
    });
    const topP = numberOption(stringOption(args, 'top-p', command), 'top-p', command, {
      above: 0,
      max: 1,
    });
    const stop = args.values.stop as string | undefined;
    const backendId = parseBackendId(
      stringOption(args, 'backend', command) ?? DEFAULT_GENERATE_BACKEND,
      command,
    );
    const json = args.values.json === true;

    const file = await loadModelFile(await fileSource(modelPath));
    const { vocabulary } = await readVocabularyFor(
      modelPath,
      stringOption(args, 'vocabulary', command),
    );
    if (promptText !== undefined && !vocabulary) {
      throw new UsageError(
        `--prompt text needs a character vocabulary: none beside ${modelPath}; give --vocabulary <file> or --prompt-ids`,
        command,
      );
    }
    if (stop !== undefined && !vocabulary)
      throw new UsageError('--stop text needs a character vocabulary', command);
    const prompt = promptText ?? parseIds(promptIds ?? '');

    const backend = await createNodeBackend(backendId);
    const session = await backend.load(file.model);
    try {
      if (!json)
        io.stdout(vocabulary ? String(promptText ?? '') : `${(prompt as number[]).join(' ')}`);
      const result = await generate(session, {
        spec: file.model.spec,
        prompt,
        length,
        temperature,
        seed,
        topK,
        topP,
        stop: stop === undefined ? undefined : [stop],
        vocabulary,
        onToken: json ? undefined : (token) => io.stdout(token.text ?? ` ${token.id}`),
      });
      if (json) {
        io.stdout(
          `${JSON.stringify({ prompt, text: result.text, tokens: result.tokens, stopReason: result.stopReason }, null, 2)}\n`,
        );
      } else {
        io.stdout('\n');
      }
    } finally {
      await session.dispose();
    }
    return EXIT_OK;
  },
};
