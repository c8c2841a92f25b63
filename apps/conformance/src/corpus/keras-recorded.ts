/**
 * Real Keras .h5 files with the predictions Keras itself recorded: the dl4j `*_with_outputs`
 * models (Keras 1.2.2 on TensorFlow and Theano, Keras 2.1.3; each read as a full model and as
 * weights + config) and the Theano Keras 2.0.8 LSTM stack with its `predictions.npy`.
 * Keras ran in float32, which the backends' tolerance table already covers.
 */
import { float32Tensor } from '@rnnkit/core';
import type { MatrixCase } from 'rnnkit';
import {
  importOrRefuse,
  kebab,
  kerasBytes,
  kerasList,
  kerasText,
  modelInput,
} from './keras-files.js';
import { readH5Group } from './keras-h5-arrays.js';
import { readNpy } from './keras-npy.js';

const RECORDED_SUFFIX = '_inputs_and_outputs.h5';

export async function kerasRecordedCases(): Promise<MatrixCase[]> {
  const cases: MatrixCase[] = [];
  for (const folder of kerasList('real').filter((name) => name.endsWith('_with_outputs'))) {
    const recordedFile = kerasList(`real/${folder}`).find((name) => name.endsWith(RECORDED_SUFFIX));
    if (recordedFile === undefined) continue;
    const base = recordedFile.slice(0, -RECORDED_SUFFIX.length);
    const recorded = kerasBytes(`real/${folder}/${recordedFile}`);
    // Files whose "outputs" are training targets have no predictions group: no case.
    const predictions = await readH5Group(recorded, 'predictions').catch(() => undefined);
    if (predictions === undefined) continue;
    const [input] = Object.values(await readH5Group(recorded, 'inputs'));
    const variants = [
      {
        label: 'model',
        what: 'full model .h5',
        files: { [`${base}_model.h5`]: kerasBytes(`real/${folder}/${base}_model.h5`) },
      },
      {
        label: 'weights-config',
        what: 'weights .h5 + config .json',
        files: {
          [`${base}_weights.h5`]: kerasBytes(`real/${folder}/${base}_weights.h5`),
          [`${base}_config.json`]: kerasBytes(`real/${folder}/${base}_config.json`),
        },
      },
    ];
    for (const variant of variants) {
      const model = await importOrRefuse(variant.files);
      if (model === undefined) continue;
      const name = model.spec.output.name;
      const prediction = predictions[name];
      if (prediction === undefined) throw new Error(`${recordedFile}: no prediction '${name}'`);
      cases.push({
        id: `keras-${kebab(base)}-${variant.label}`,
        group: 'keras',
        description: `${base} (${variant.what}) against Keras's recorded predictions`,
        model,
        inputs: modelInput(model, input.shape, input.data),
        expected: { [name]: float32Tensor(prediction.shape, prediction.data) },
        source: 'keras',
      });
    }
  }
  cases.push(await theanoCase());
  return cases;
}

const THEANO = 'real/h5_dl4j_fullconfig_lstm_theano_with_predictions';
/** Of the 283 recorded sequences, this many evenly spaced ones (one batch keeps the run short). */
const THEANO_SEQUENCES = 20;

async function theanoCase(): Promise<MatrixCase> {
  const model = await importOrRefuse({
    'lstm_th_keras_2_weights.h5': kerasBytes(`${THEANO}/lstm_th_keras_2_weights.h5`),
    'lstm_th_keras_2_config.json': kerasBytes(`${THEANO}/lstm_th_keras_2_config.json`),
  });
  if (model === undefined) throw new Error('the Theano LSTM stack must import');
  const predictions = readNpy(kerasBytes(`${THEANO}/predictions.npy`));
  const total = predictions.shape[0];
  const picked = Array.from({ length: THEANO_SEQUENCES }, (_, k) =>
    Math.floor((k * total) / THEANO_SEQUENCES),
  );
  const data: number[] = [];
  let steps = 0;
  for (const index of picked) {
    const rows = kerasText(`${THEANO}/data/sequences/${index}.csv`).trim().split('\n');
    steps = rows.length;
    // The rows have 13 columns; the model takes the first 12 (as dl4j's test reads them).
    for (const row of rows) data.push(...row.split(';').slice(0, 12).map(Number));
  }
  return {
    id: 'keras-theano-lstm-stack-predictions',
    group: 'keras',
    description: `Theano Keras 2.0.8 LSTM(96) x 2 + Dense (weights .h5 + config), ${THEANO_SEQUENCES} of its 283 recorded predictions over ${steps} steps`,
    model,
    inputs: modelInput(model, [picked.length, steps, 12], data),
    expected: {
      [model.spec.output.name]: float32Tensor(
        [picked.length, 1],
        picked.map((index) => predictions.data[index]),
      ),
    },
    source: 'keras',
  };
}
