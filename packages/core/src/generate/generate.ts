/**
 * `generate(session, options)`: autoregressive sampling on any backend through the Session
 * interface. The prompt is fed once; then each sampled token is fed alone with the state the
 * previous call returned (DESIGN.md: streaming state equals running the joined sequence), so a
 * token costs one step, not a rerun of the whole text.
 */
import type { RecurrentState, Session } from '../backend.js';
import { RnnkitError } from '../errors.js';
import { Random } from '../init/random.js';
import type { ModelSpec } from '../spec/types.js';
import { float32Tensor, int32Tensor, type NamedTensors, type Tensor } from '../tensor.js';
import { type CharVocabulary, decodeTokens, encodeText } from './char-vocabulary.js';
import { type GenerationModel, generationModel } from './generation-model.js';
import { drawToken, samplingDistribution } from './sampling.js';

export interface GeneratedToken {
  /** 0-based position among the generated tokens. */
  index: number;
  id: number;
  /** The token's text, when a vocabulary was given. */
  text?: string;
}

export interface GenerateOptions {
  /** The session's model spec: it says how tokens go in and whether the output is probabilities or logits. */
  spec: ModelSpec;
  /** Text (needs `vocabulary`) or token ids; at least one token. */
  prompt: string | readonly number[];
  /** How many tokens to generate at most (integer >= 0). */
  length: number;
  /** Default 1; 0 is greedy (argmax, no draw). */
  temperature?: number;
  /** Keep the K most likely ids (integer >= 1). */
  topK?: number;
  /** Nucleus sampling mass in (0, 1]. */
  topP?: number;
  /** 32-bit seed of the xoshiro128** stream the draws come from. Default 0. */
  seed?: number;
  /** Stop before a token id in this list, or when the text ends with one of these strings (not included in the result). */
  stop?: readonly (string | number)[];
  /** A character vocabulary: text prompts, `text` in the result, stop strings. */
  vocabulary?: CharVocabulary;
  /**
   * Called once per generated token, in order, as soon as it is known not to start a stop
   * string (tokens that might are held back until that is decided).
   */
  onToken?: (token: GeneratedToken) => void;
  signal?: AbortSignal;
}

export interface GenerateResult {
  /** Generated ids (the prompt not included, stop ids and stop strings removed). */
  tokens: number[];
  /** The generated text, when a vocabulary was given. */
  text?: string;
  /** 'length': `length` tokens were generated; 'stop': a stop id or string ended it; 'aborted': the signal fired (what was generated so far is returned). */
  stopReason: 'length' | 'stop' | 'aborted';
  /** Which stop entry matched. */
  stoppedBy?: string | number;
}

function badOption(name: string, message: string): never {
  throw new RnnkitError('INVALID_INPUT', `generate: ${name} ${message}`, { path: name });
}

interface CheckedOptions {
  promptIds: number[];
  temperature: number;
  seed: number;
  stopIds: Set<number>;
  stopStrings: string[];
}

function checkOptions(options: GenerateOptions, model: GenerationModel): CheckedOptions {
  const { length, topK, topP, vocabulary } = options;
  if (!Number.isInteger(length) || length < 0)
    badOption('length', `must be an integer >= 0, found ${length}`);
  const temperature = options.temperature ?? 1;
  if (!Number.isFinite(temperature) || temperature < 0)
    badOption('temperature', `must be a finite number >= 0 (0 is greedy), found ${temperature}`);
  if (topK !== undefined && (!Number.isInteger(topK) || topK < 1))
    badOption('topK', `must be an integer >= 1, found ${topK}`);
  if (topP !== undefined && !(topP > 0 && topP <= 1))
    badOption('topP', `must be in (0, 1], found ${topP}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    badOption('seed', `must be an integer in [0, 2^32), found ${seed}`);
  if (vocabulary && vocabulary.tokens.length !== model.vocabularySize) {
    badOption(
      'vocabulary',
      `has ${vocabulary.tokens.length} characters but the model outputs ${model.vocabularySize} ids`,
    );
  }
  let promptIds: number[];
  if (typeof options.prompt === 'string') {
    if (!vocabulary) badOption('prompt', 'is text, which needs a vocabulary (or pass token ids)');
    promptIds = encodeText(vocabulary, options.prompt);
  } else {
    promptIds = [...options.prompt];
  }
  if (promptIds.length === 0)
    badOption('prompt', 'is empty: the model needs at least one token to predict the next');
  promptIds.forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= model.vocabularySize)
      badOption(`prompt[${i}]`, `is ${id}, outside the model's ids 0..${model.vocabularySize - 1}`);
  });
  const stopIds = new Set<number>();
  const stopStrings: string[] = [];
  (options.stop ?? []).forEach((entry, i) => {
    if (typeof entry === 'number') {
      if (!Number.isInteger(entry) || entry < 0 || entry >= model.vocabularySize)
        badOption(
          `stop[${i}]`,
          `is ${entry}, outside the model's ids 0..${model.vocabularySize - 1}`,
        );
      stopIds.add(entry);
    } else if (typeof entry === 'string') {
      if (entry === '') badOption(`stop[${i}]`, 'is an empty string');
      if (!vocabulary) badOption(`stop[${i}]`, 'is a string, which needs a vocabulary');
      stopStrings.push(entry);
    } else {
      badOption(`stop[${i}]`, 'must be a token id or a string');
    }
  });
  return { promptIds, temperature, seed, stopIds, stopStrings };
}

/** One call's input: ids as int32 [1, t], or one-hot float32 [1, t, V]. */
function inputTensor(model: GenerationModel, ids: readonly number[]): Tensor {
  if (model.input === 'tokens') return int32Tensor([1, ids.length], ids);
  const tensor = float32Tensor([1, ids.length, model.vocabularySize]);
  ids.forEach((id, t) => {
    tensor.data[t * model.vocabularySize + id] = 1;
  });
  return tensor;
}

/** The last step's row of the output ([1, V] or [1, t, V]). */
function lastRow(output: Tensor | undefined, model: GenerationModel): ArrayLike<number> {
  const width = model.vocabularySize;
  if (
    !output ||
    output.dtype === 'int32' ||
    output.dtype === 'int64' ||
    output.data.length < width
  ) {
    throw new RnnkitError(
      'INTERNAL',
      `the session gave no float output '${model.outputName}' of width ${width}`,
      { path: model.outputName },
    );
  }
  const data = output.data as Float32Array | Float64Array;
  return data.subarray(data.length - width);
}

/** Longest suffix of `text` that is a proper prefix of a stop string: those characters wait. */
function heldBackLength(text: string, stops: readonly string[]): number {
  let held = 0;
  for (const stop of stops) {
    for (let n = Math.min(stop.length - 1, text.length); n > held; n--) {
      if (text.endsWith(stop.slice(0, n))) {
        held = n;
        break;
      }
    }
  }
  return held;
}

export async function generate(
  session: Session,
  options: GenerateOptions,
): Promise<GenerateResult> {
  const model = generationModel(options.spec);
  const checked = checkOptions(options, model);
  const { vocabulary, onToken, signal } = options;
  const random = new Random(checked.seed);
  const sampling = { temperature: checked.temperature, topK: options.topK, topP: options.topP };

  const tokens: number[] = [];
  /** Text of each generated token (char vocabularies: one character each). */
  const pieces: string[] = [];
  let text = '';
  let emitted = 0;
  const emitUpTo = (count: number) => {
    for (; emitted < count; emitted++) {
      onToken?.({
        index: emitted,
        id: tokens[emitted],
        text: vocabulary ? pieces[emitted] : undefined,
      });
    }
  };

  let state: RecurrentState | undefined;
  let feed = checked.promptIds;
  let stopReason: GenerateResult['stopReason'] = 'length';
  let stoppedBy: string | number | undefined;
  while (tokens.length < options.length) {
    if (signal?.aborted) {
      stopReason = 'aborted';
      break;
    }
    const inputs: NamedTensors = { [model.inputName]: inputTensor(model, feed) };
    const result = await session.run(inputs, { state });
    state = result.state;
    const distribution = samplingDistribution(
      lastRow(result.outputs[model.outputName], model),
      model.kind,
      sampling,
      `output '${model.outputName}' after ${checked.promptIds.length + tokens.length} tokens`,
    );
    const id =
      checked.temperature === 0 ? distribution.indexOf(1) : drawToken(distribution, random);
    if (checked.stopIds.has(id)) {
      stopReason = 'stop';
      stoppedBy = id;
      break;
    }
    tokens.push(id);
    if (vocabulary) {
      const piece = decodeTokens(vocabulary, [id]);
      pieces.push(piece);
      text += piece;
      const matched = checked.stopStrings.find((stop) => text.endsWith(stop));
      if (matched !== undefined) {
        // Drop the tokens the stop string covers (one character each in a char vocabulary).
        text = text.slice(0, text.length - matched.length);
        while (tokens.length > 0 && pieces.slice(0, tokens.length).join('').length > text.length) {
          tokens.pop();
          pieces.pop();
        }
        stopReason = 'stop';
        stoppedBy = matched;
        break;
      }
      // Emit every token that lies wholly before a possible start of a stop string.
      const safeLength = text.length - heldBackLength(text, checked.stopStrings);
      let covered = 0;
      let count = 0;
      while (count < tokens.length && covered + pieces[count].length <= safeLength) {
        covered += pieces[count].length;
        count++;
      }
      emitUpTo(count);
    } else {
      emitUpTo(tokens.length);
    }
    feed = [id];
  }
  emitUpTo(tokens.length);
  return {
    tokens,
    text: vocabulary ? decodeTokens(vocabulary, tokens) : undefined,
    stopReason,
    stoppedBy,
  };
}
