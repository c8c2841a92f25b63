/**
 * Test-only: core's PyTorch training fixtures (packages/core/src/training/__fixtures__, written
 * by make_fixtures.py with torch 1.13 in float64) as rnnkit models, batches and configs. Read
 * from core's directory, not copied, so both packages test against the same file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  float64Tensor,
  int32Tensor,
  type LossConfig,
  type Model,
  type ModelSpec,
  type NamedTensors,
  type Tensor,
  type TrainingConfig,
  type Weights,
} from '@rnnkit/core';

interface TensorJson {
  dtype: string;
  shape: number[];
  data: number[];
}

interface CaseJson {
  name: string;
  spec: ModelSpec;
  weights: Record<string, { shape: number[]; data: number[] }>;
  inputs: Record<string, TensorJson>;
  targets: TensorJson;
}

export interface FixtureCase {
  name: string;
  model: Model;
  inputs: NamedTensors;
  targets: Tensor;
}

export interface GradientFixture extends FixtureCase {
  loss: LossConfig;
  expectedLoss: number;
  gradients: Record<string, number[]>;
}

export interface TrajectoryFixture extends FixtureCase {
  config: TrainingConfig;
  losses: number[];
  finalWeights: Record<string, number[]>;
}

export function fixtureText(file: 'gradients.json' | 'trajectories.json'): string {
  const url = new URL(`../../../../core/src/training/__fixtures__/${file}`, import.meta.url);
  return readFileSync(fileURLToPath(url), 'utf8');
}

function tensorFromJson(json: TensorJson): Tensor {
  return json.dtype === 'int32'
    ? int32Tensor(json.shape, json.data)
    : float64Tensor(json.shape, json.data);
}

/** Parses one case; exported for the browser test, which gets the JSON text from Node. */
export function caseFromJson(c: CaseJson): FixtureCase {
  const weights: Weights = new Map();
  for (const [name, { shape, data }] of Object.entries(c.weights))
    weights.set(name, { shape, data: Float32Array.from(data) });
  const inputs: NamedTensors = {};
  for (const [name, tensor] of Object.entries(c.inputs)) inputs[name] = tensorFromJson(tensor);
  return {
    name: c.name,
    model: { spec: c.spec, weights },
    inputs,
    targets: tensorFromJson(c.targets),
  };
}

export function gradientFixtures(): GradientFixture[] {
  return JSON.parse(fixtureText('gradients.json')).cases.map(
    (c: CaseJson & Omit<GradientFixture, keyof FixtureCase>) => ({
      ...caseFromJson(c),
      loss: c.loss,
      expectedLoss: c.expectedLoss,
      gradients: c.gradients,
    }),
  );
}

export function trajectoryFixtures(): TrajectoryFixture[] {
  return JSON.parse(fixtureText('trajectories.json')).cases.map(
    (c: CaseJson & Omit<TrajectoryFixture, keyof FixtureCase>) => ({
      ...caseFromJson(c),
      config: c.config,
      losses: c.losses,
      finalWeights: c.finalWeights,
    }),
  );
}
