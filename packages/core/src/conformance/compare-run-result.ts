/**
 * Compares a backend's RunResult with a conformance case's expectations, applying the tolerance
 * table, at every position: padded steps are defined by the spec (each layer's paddedOutputs).
 */
import type { BackendId, RunResult } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { type Comparison, compareTensors } from './compare-tensors.js';
import type { ConformanceCase } from './conformance-case.js';
import { type Tolerance, toleranceFor } from './tolerances.js';

export interface NamedComparison {
  /** Output name, or `state.<layer>.h` / `state.<layer>.c`. */
  name: string;
  comparison: Comparison;
}

export interface CaseComparison {
  pass: boolean;
  tolerance: Tolerance;
  results: NamedComparison[];
}

function missing(name: string, where: string): NamedComparison {
  return {
    name,
    comparison: {
      pass: false,
      maxAbsError: Number.NaN,
      worstIndex: -1,
      mismatches: 0,
      checked: 0,
      problem: `missing from the ${where}`,
    },
  };
}

export function compareRunResult(
  testCase: ConformanceCase,
  result: RunResult,
  backendId: BackendId,
): CaseComparison {
  const tolerance = toleranceFor(backendId, testCase.tolerance);
  const results: NamedComparison[] = [];
  for (const [name, expected] of Object.entries(testCase.expected)) {
    const actual = result.outputs[name];
    if (actual === undefined) {
      results.push(missing(name, 'outputs'));
      continue;
    }
    results.push({ name, comparison: compareTensors(actual, expected, tolerance) });
  }
  for (const [layer, state] of Object.entries(testCase.expectedState ?? {})) {
    const parts: [string, Tensor | undefined, Tensor | undefined][] = [
      ['h', result.state[layer]?.h, state.h],
      ['c', result.state[layer]?.c, state.c],
    ];
    for (const [kind, actual, expected] of parts) {
      if (expected === undefined) continue;
      const name = `state.${layer}.${kind}`;
      results.push(
        actual === undefined
          ? missing(name, 'final state')
          : { name, comparison: compareTensors(actual, expected, tolerance) },
      );
    }
  }
  return { pass: results.every((r) => r.comparison.pass), tolerance, results };
}
