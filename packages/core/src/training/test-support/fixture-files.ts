/** Loads the PyTorch fixtures (__fixtures__/make_fixtures.py) as rnnkit models, batches and configs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelSpec } from '../../spec/types.js';
import { float64Tensor, int32Tensor, type NamedTensors, type Tensor } from '../../tensor.js';
import type { Model, Weights } from '../../weights/canonical.js';
import type { LossConfig, TrainingConfig } from '../types.js';

interface TensorJson {
  dtype: string;
  shape: number[];
  data: number[];
}

export function tensorFromJson(json: TensorJson): Tensor {
  return json.dtype === 'int32'
    ? int32Tensor(json.shape, json.data)
    : float64Tensor(json.shape, json.data);
}

function weightsFromJson(json: Record<string, { shape: number[]; data: number[] }>): Weights {
  const weights: Weights = new Map();
  for (const [name, { shape, data }] of Object.entries(json)) {
    const values = Float32Array.from(data);
    // The script writes float32 values: reading them into float32 must be exact.
    for (let i = 0; i < data.length; i++) {
      if (values[i] !== data[i])
        throw new Error(`fixture weight ${name}[${i}] is not a float32 value`);
    }
    weights.set(name, { shape, data: values });
  }
  return weights;
}

interface CaseJson {
  name: string;
  spec: ModelSpec;
  weights: Record<string, { shape: number[]; data: number[] }>;
  inputs: Record<string, TensorJson>;
  targets: TensorJson;
}

export interface GradientFixture {
  name: string;
  model: Model;
  inputs: NamedTensors;
  targets: Tensor;
  loss: LossConfig;
  expectedLoss: number;
  gradients: Record<string, number[]>;
}

export interface TrajectoryFixture {
  name: string;
  model: Model;
  inputs: NamedTensors;
  targets: Tensor;
  config: TrainingConfig;
  losses: number[];
  finalWeights: Record<string, number[]>;
}

function readCases(file: string): CaseJson[] {
  const path = fileURLToPath(new URL(`../__fixtures__/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')).cases;
}

function common(c: CaseJson) {
  const inputs: NamedTensors = {};
  for (const [name, tensor] of Object.entries(c.inputs)) inputs[name] = tensorFromJson(tensor);
  return {
    name: c.name,
    model: { spec: c.spec, weights: weightsFromJson(c.weights) },
    inputs,
    targets: tensorFromJson(c.targets),
  };
}

export function gradientFixtures(): GradientFixture[] {
  return readCases('gradients.json').map((c) => {
    const raw = c as CaseJson & {
      loss: LossConfig;
      expectedLoss: number;
      gradients: Record<string, number[]>;
    };
    return {
      ...common(c),
      loss: raw.loss,
      expectedLoss: raw.expectedLoss,
      gradients: raw.gradients,
    };
  });
}

export function trajectoryFixtures(): TrajectoryFixture[] {
  return readCases('trajectories.json').map((c) => {
    const raw = c as CaseJson & {
      config: TrainingConfig;
      losses: number[];
      finalWeights: Record<string, number[]>;
    };
    return { ...common(c), config: raw.config, losses: raw.losses, finalWeights: raw.finalWeights };
  });
}
