/**
 * Graphs written by rnnkit's own exporter: the spec rides in metadata_props, the weights are the
 * named initializers. The import is accepted only if exporting the recovered model again gives
 * the same graph (nodes, attributes, initializer values, inputs, outputs), so an edited graph is
 * never read as the spec it claims to be.
 */
import {
  directionPrefixes,
  isRecurrentLayer,
  jsonTooDeep,
  layerInputSizes,
  MAX_JSON_DEPTH,
  type ModelSpec,
  RnnkitError,
  resolveRecurrentLayer,
  validateSpec,
  type Weights,
} from '@rnnkit/core';
import { exportOnnxModel, OPTIONS_METADATA_KEY, SPEC_METADATA_KEY } from '../export/export-onnx.js';
import {
  blocksFromOnnx,
  kernelFromOnnx,
  ONNX_GATE_SOURCE,
  ONNX_PEEPHOLE_SOURCE,
} from '../export/gate-layout.js';
import type { ExportOnnxOptions } from '../export/options.js';
import { encodeModel, type OnnxModel, type OnnxTensor, tensorToFloat32 } from '../proto/index.js';
import type { OnnxImport } from './result.js';

export function rnnkitMetadata(model: OnnxModel): { spec: string; options: string } | undefined {
  const spec = model.metadataProps?.find((p) => p.key === SPEC_METADATA_KEY)?.value;
  if (spec === undefined) return undefined;
  const options = model.metadataProps?.find((p) => p.key === OPTIONS_METADATA_KEY)?.value ?? '{}';
  return { spec, options };
}

function parseJson(text: string, what: string): unknown {
  try {
    const json: unknown = JSON.parse(text);
    if (jsonTooDeep(json)) throw new Error(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    return json;
  } catch (error) {
    throw new RnnkitError('MODEL_FORMAT', `the model's ${what} metadata is not JSON`, {
      path: what,
      cause: error,
    });
  }
}

export function importRnnkitGraph(
  model: OnnxModel,
  metadata: { spec: string; options: string },
): OnnxImport {
  const spec: ModelSpec = validateSpec(parseJson(metadata.spec, SPEC_METADATA_KEY));
  const options = parseJson(metadata.options, OPTIONS_METADATA_KEY) as ExportOnnxOptions;
  const initializers = new Map(model.graph.initializer.map((t) => [t.name, t]));
  const get = (name: string): OnnxTensor => {
    const tensor = initializers.get(name);
    if (!tensor) {
      throw new RnnkitError(
        'MODEL_FORMAT',
        `rnnkit-exported graph lacks the initializer '${name}'`,
        { path: name },
      );
    }
    return tensor;
  };
  const weights: Weights = new Map();
  const inputSizes = layerInputSizes(spec);
  spec.layers.forEach((layer, index) => {
    const inputSize = inputSizes[index];
    if (layer.type === 'embedding') {
      weights.set(`${layer.name}/embeddings`, {
        shape: [layer.inputDim, layer.outputDim],
        data: tensorToFloat32(get(`${layer.name}/embeddings`)),
      });
    } else if (layer.type === 'dense') {
      weights.set(`${layer.name}/kernel`, {
        shape: [inputSize, layer.units],
        data: tensorToFloat32(get(`${layer.name}/kernel`)),
      });
      if (layer.useBias ?? true)
        weights.set(`${layer.name}/bias`, {
          shape: [layer.units],
          data: tensorToFloat32(get(`${layer.name}/bias`)),
        });
    } else if (isRecurrentLayer(layer)) {
      const r = resolveRecurrentLayer(layer, inputSize);
      const source = ONNX_GATE_SOURCE[r.type];
      const width = r.gates * r.units;
      const w = tensorToFloat32(get(`${r.name}/W`));
      const rr = tensorToFloat32(get(`${r.name}/R`));
      const b = r.useBias ? tensorToFloat32(get(`${r.name}/B`)) : undefined;
      const p = r.peepholes ? tensorToFloat32(get(`${r.name}/P`)) : undefined;
      const check = (data: Float32Array, size: number, name: string) => {
        if (data.length !== size) {
          throw new RnnkitError(
            'INVALID_WEIGHTS',
            `initializer '${name}' holds ${data.length} values, the spec needs ${size}`,
            { path: name },
          );
        }
      };
      check(w, r.directions * width * inputSize, `${r.name}/W`);
      check(rr, r.directions * width * r.units, `${r.name}/R`);
      if (b) check(b, r.directions * 2 * width, `${r.name}/B`);
      if (p) check(p, r.directions * 3 * r.units, `${r.name}/P`);
      directionPrefixes(r.name, r.directions).forEach((prefix, d) => {
        weights.set(`${prefix}kernel`, {
          shape: [inputSize, width],
          data: kernelFromOnnx(
            w.subarray(d * width * inputSize, (d + 1) * width * inputSize),
            inputSize,
            r.units,
            source,
          ),
        });
        weights.set(`${prefix}recurrentKernel`, {
          shape: [r.units, width],
          data: kernelFromOnnx(
            rr.subarray(d * width * r.units, (d + 1) * width * r.units),
            r.units,
            r.units,
            source,
          ),
        });
        if (b) {
          const both = b.subarray(d * 2 * width, (d + 1) * 2 * width);
          weights.set(`${prefix}bias`, {
            shape: [width],
            data: blocksFromOnnx(both.subarray(0, width), r.units, source),
          });
          if (r.recurrentBias)
            weights.set(`${prefix}recurrentBias`, {
              shape: [width],
              data: blocksFromOnnx(both.subarray(width), r.units, source),
            });
        }
        if (p)
          weights.set(`${prefix}peephole`, {
            shape: [3 * r.units],
            data: blocksFromOnnx(
              p.subarray(d * 3 * r.units, (d + 1) * 3 * r.units),
              r.units,
              ONNX_PEEPHOLE_SOURCE,
            ),
          });
      });
    }
  });
  const recovered = { spec, weights };
  const again = exportOnnxModel(recovered, options);
  // Compare graphs as serialized bytes: equal bytes mean equal nodes, attributes and values.
  const strip = (m: OnnxModel): OnnxModel => ({
    ...m,
    producerName: '',
    producerVersion: '',
    docString: '',
    metadataProps: [],
  });
  const expected = encodeModel(strip(again));
  let actual: Uint8Array | undefined;
  try {
    actual = encodeModel(strip({ ...model, graph: { ...model.graph, valueInfo: [] } }));
  } catch {
    // Values rnnkit never writes (an integer beyond 2^53 read back inexactly) cannot re-encode;
    // such a graph is not rnnkit's export either.
    actual = undefined;
  }
  if (
    actual === undefined ||
    expected.length !== actual.length ||
    expected.some((byte, i) => byte !== actual[i])
  ) {
    throw new RnnkitError(
      'UNSUPPORTED_FEATURE',
      `the graph carries rnnkit spec metadata but differs from what that spec exports (edited after export?); refusing to read it as that spec`,
      { feature: 'edited rnnkit export', backend: 'onnx-import' },
    );
  }
  return {
    model: recovered,
    source: 'rnnkit',
    adaptInputs: (inputs) => ({ ...inputs }),
    adaptOutputs: (result) => ({ ...result.outputs }),
  };
}
