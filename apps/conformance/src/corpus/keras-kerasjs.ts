/**
 * keras-js's 35 single-layer fixtures (Keras 2.0.x): layer config, one input sequence, weights in
 * Keras order and Keras's output. Each becomes a one-layer TF.js layers model read by
 * @rnnkit/keras. Layers the importer refuses (go_backwards with return_sequences) are not cases.
 * Stateful fixtures ran predict twice on the same input and recorded the second call, so those
 * cases feed the input once as a leading chunk: every backend then carries its own state.
 */
import { float32Tensor, RnnkitError } from '@rnnkit/core';
import { readTfjsLayersModel } from '@rnnkit/keras';
import type { MatrixCase } from 'rnnkit';
import { kebab, kerasText, modelInput } from './keras-files.js';

interface KerasJsCase {
  layer: string;
  inputShape: number[];
  config: Record<string, unknown> & {
    layer?: { class_name: string; config: Record<string, unknown> };
  };
  input: { data: number[]; shape: number[] };
  weights: { data: number[]; shape: number[] }[];
  expected: { data: number[]; shape: number[] };
}

/**
 * keras-js wrote the expected outputs rounded to 6 decimals (error up to 5e-7, plus float32
 * rounding of Keras's own run), which the reference executor's atol of 1e-6 does not always
 * absorb. 2e-6 covers the rounding and is still far below what a wrong gate or bias gives.
 */
const ROUNDED_TO_6_DECIMALS = { atol: 2e-6 };

export function kerasJsCases(): MatrixCase[] {
  const fixtures = JSON.parse(kerasText('real/kerasjs_layer_fixtures/cases.json')) as Record<
    string,
    KerasJsCase
  >;
  const cases: MatrixCase[] = [];
  for (const [name, fixture] of Object.entries(fixtures)) {
    const { modelJson, shards } = asTfjsLayersModel(fixture);
    let model: ReturnType<typeof readTfjsLayersModel>;
    try {
      model = readTfjsLayersModel(modelJson, shards);
    } catch (error) {
      if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') continue;
      throw error;
    }
    const inputs = modelInput(model, [1, ...fixture.input.shape], fixture.input.data);
    const stateful = fixture.config.stateful === true;
    cases.push({
      id: `keras-js-${kebab(name.replace(/^(recurrent|wrappers)\./, ''))}`,
      group: 'keras',
      description: `keras-js fixture ${name}: ${describe(fixture)}`,
      model: { spec: model.spec, weights: model.weights },
      inputs,
      ...(stateful ? { leadingChunks: [inputs] } : {}),
      expected: {
        [model.spec.output.name]: float32Tensor(
          [1, ...fixture.expected.shape],
          fixture.expected.data,
        ),
      },
      source: 'keras',
      tolerance: ROUNDED_TO_6_DECIMALS,
    });
  }
  return cases;
}

function describe(fixture: KerasJsCase): string {
  const inner = fixture.config.layer?.config ?? fixture.config;
  const flags = [
    fixture.config.layer
      ? `${fixture.config.layer.class_name} merge ${String(fixture.config.merge_mode)}`
      : '',
    inner.return_sequences === true ? 'return_sequences' : '',
    inner.go_backwards === true ? 'go_backwards' : '',
    fixture.config.stateful === true ? 'stateful (second predict call)' : '',
  ].filter(Boolean);
  return `${fixture.layer} ${flags.join(', ')}`.trim();
}

/** A Sequential TF.js layers model.json with the one layer, and one float32 shard. */
function asTfjsLayersModel(fixture: KerasJsCase) {
  const bidirectional = fixture.layer === 'Bidirectional';
  const inner = bidirectional
    ? fixture.config.layer
    : { class_name: fixture.layer, config: fixture.config };
  const useBias = (inner?.config.use_bias as boolean | undefined) ?? true;
  const roles = useBias ? ['kernel', 'recurrent_kernel', 'bias'] : ['kernel', 'recurrent_kernel'];
  const names = bidirectional
    ? [
        ...roles.map((role) => `layer/forward_cell/${role}`),
        ...roles.map((role) => `layer/backward_cell/${role}`),
      ]
    : roles.map((role) => `layer/${role}`);
  if (names.length !== fixture.weights.length) {
    throw new Error(
      `keras-js fixture: ${fixture.weights.length} weights, expected ${names.length}`,
    );
  }
  const shard = new Float32Array(fixture.weights.reduce((sum, w) => sum + w.data.length, 0));
  let offset = 0;
  for (const weight of fixture.weights) {
    shard.set(weight.data, offset);
    offset += weight.data.length;
  }
  const modelJson = {
    modelTopology: {
      keras_version: '2.0.8',
      model_config: {
        class_name: 'Sequential',
        config: [
          {
            class_name: fixture.layer,
            config: {
              ...fixture.config,
              name: 'layer',
              batch_input_shape: [null, ...fixture.inputShape],
            },
          },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['shard'],
        weights: fixture.weights.map((weight, i) => ({
          name: names[i],
          shape: weight.shape,
          dtype: 'float32',
        })),
      },
    ],
  };
  return { modelJson, shards: { shard: new Uint8Array(shard.buffer) } };
}
