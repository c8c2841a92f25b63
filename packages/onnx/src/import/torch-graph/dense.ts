/**
 * `nn.Linear`: Gemm(x, weight, bias, transB=1) on a 2-D input, or MatMul(x, weightᵀ initializer)
 * + Add(bias) on a sequence. Either way the weight must be constant and the input must end in a
 * feature axis, so the dense layer applies per time step exactly as the spec's dense does.
 */
import type { DenseLayer } from '@rnnkit/core';
import type { OnnxNode } from '../../proto/types.js';
import {
  attribute,
  inputValue,
  intAttribute,
  type LiftContext,
  layerName,
  onlyAttributes,
  refuse,
} from './context.js';
import type { ConstValue, DataValue, LiftValue } from './values.js';

type Handler = (node: OnnxNode, ctx: LiftContext) => LiftValue | undefined;

function inputFeatures(node: OnnxNode, x: DataValue): number {
  const last = x.axes[x.axes.length - 1];
  if (last?.tag !== 'feature' || x.axes.some((a) => a.tag === 'direction')) {
    throw refuse(
      node,
      `a Linear layer needs features on the last axis, found axes [${x.axes.map((a) => a.tag)}]`,
    );
  }
  return last.size;
}

/** [in, out] float32 from a constant [rows, cols], transposed when `transpose`. */
function kernel(w: ConstValue, transpose: boolean): { shape: number[]; data: Float32Array } {
  const [rows, cols] = w.dims;
  if (!transpose) return { shape: [rows, cols], data: Float32Array.from(w.values) };
  const data = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) data[c * rows + r] = w.values[r * cols + c];
  return { shape: [cols, rows], data };
}

function biasVector(node: OnnxNode, b: LiftValue | undefined, units: number): Float32Array {
  if (b?.kind !== 'const') throw refuse(node, 'the bias must be constant');
  const shapeOk =
    (b.dims.length === 1 && b.dims[0] === units) ||
    (b.dims.length === 2 && b.dims[0] === 1 && b.dims[1] === units);
  if (!shapeOk) throw refuse(node, `bias has shape [${b.dims}], expected [${units}]`);
  return Float32Array.from(b.values);
}

function addDense(
  node: OnnxNode,
  ctx: LiftContext,
  x: DataValue,
  w: { shape: number[]; data: Float32Array },
  bias?: Float32Array,
): DataValue {
  const units = w.shape[1];
  const name = layerName(ctx, node, 'dense', true);
  ctx.weights.set(`${name}/kernel`, w);
  if (bias) ctx.weights.set(`${name}/bias`, { shape: [units], data: bias });
  const layer: DenseLayer = {
    type: 'dense',
    name,
    units,
    activation: 'linear',
    useBias: bias !== undefined,
  };
  return {
    kind: 'data',
    axes: [...x.axes.slice(0, -1), { tag: 'feature', size: units }],
    layers: [...x.layers, layer],
    openDense: bias === undefined,
  };
}

const gemm: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  onlyAttributes(node, ['alpha', 'beta', 'transA', 'transB']);
  const alpha = attribute(node, 'alpha')?.f ?? 1;
  const beta = attribute(node, 'beta')?.f ?? 1;
  if (alpha !== 1 || beta !== 1 || (intAttribute(node, 'transA', 0) ?? 0) !== 0) {
    throw refuse(node, 'only Gemm with alpha=1, beta=1, transA=0 (a Linear layer) is understood');
  }
  if (x.axes.length !== 2) throw refuse(node, 'Gemm input must be [batch, features]');
  const size = inputFeatures(node, x);
  const w = inputValue(ctx, node, 1);
  if (w?.kind !== 'const' || w.dims.length !== 2)
    throw refuse(node, 'the Linear weight must be a constant matrix');
  const k = kernel(w, (intAttribute(node, 'transB', 0) ?? 0) === 1);
  if (k.shape[0] !== size)
    throw refuse(node, `weight expects ${k.shape[0]} features, input has ${size}`);
  const c = inputValue(ctx, node, 2);
  return addDense(node, ctx, x, k, c === undefined ? undefined : biasVector(node, c, k.shape[1]));
};

const matMul: Handler = (node, ctx) => {
  const x = inputValue(ctx, node, 0);
  if (x?.kind !== 'data') return undefined;
  const size = inputFeatures(node, x);
  const w = inputValue(ctx, node, 1);
  if (w?.kind !== 'const' || w.dims.length !== 2 || w.dims[0] !== size) {
    throw refuse(node, `MatMul with the data must multiply by a constant [${size}, units] matrix`);
  }
  return addDense(node, ctx, x, kernel(w, false));
};

const add: Handler = (node, ctx) => {
  const a = inputValue(ctx, node, 0);
  const b = inputValue(ctx, node, 1);
  const x = a?.kind === 'data' ? a : b?.kind === 'data' ? b : undefined;
  if (x === undefined) return undefined;
  const other = x === a ? b : a;
  const dense = x.layers[x.layers.length - 1];
  if (!x.openDense || dense?.type !== 'dense')
    throw refuse(
      node,
      'only adding the bias of a Linear layer right after its MatMul is understood',
    );
  const bias = biasVector(node, other, dense.units);
  ctx.weights.set(`${dense.name}/bias`, { shape: [dense.units], data: bias });
  const closed: DenseLayer = { ...dense, useBias: true };
  return { kind: 'data', axes: x.axes, layers: [...x.layers.slice(0, -1), closed] };
};

export const DENSE_HANDLERS: Record<string, Handler> = { Gemm: gemm, MatMul: matMul, Add: add };
