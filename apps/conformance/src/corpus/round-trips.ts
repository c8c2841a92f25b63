/**
 * Round trips: a generated model exported and imported again (spec -> ONNX -> spec, and
 * spec -> TF.js layers -> spec where TF.js layers can express it) must compute what the original
 * computes. Expected values are the reference executor's on the ORIGINAL model.
 */
import { type Model, RnnkitError } from '@rnnkit/core';
import { readTfjsLayersModel, writeTfjsLayersModel } from '@rnnkit/keras';
import { exportOnnx, importOnnx } from '@rnnkit/onnx';
import type { MatrixCase } from 'rnnkit';

type Converter = { name: string; convert: (model: Model) => Model };

const CONVERTERS: Converter[] = [
  { name: 'onnx', convert: (model) => importOnnx(exportOnnx(model)) },
  {
    name: 'tfjs-layers',
    convert: (model) => {
      const { modelJson, weightData } = writeTfjsLayersModel(model);
      const path = modelJson.weightsManifest[0].paths[0];
      const { spec, weights } = readTfjsLayersModel(modelJson, { [path]: weightData });
      return { spec, weights };
    },
  },
];

/** One case per (source case, format) that the format can express; the rest are not cases. */
export function roundTripCases(sources: readonly MatrixCase[]): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (const source of sources) {
    for (const { name, convert } of CONVERTERS) {
      let model: Model;
      try {
        model = convert(source.model);
      } catch (error) {
        if (RnnkitError.isInstance(error) && error.code === 'UNSUPPORTED_FEATURE') continue;
        throw error;
      }
      cases.push({
        ...source,
        id: `round-trip-${name}-${source.id}`,
        group: 'round-trip',
        description: `${source.description}, after spec -> ${name} -> spec`,
        model,
        // Formats may rename layers (TF.js layers does), so final states are compared through
        // the outputs only.
        expectedState: undefined,
      });
    }
  }
  return cases;
}
