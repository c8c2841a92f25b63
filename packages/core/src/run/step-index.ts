/**
 * `selectStep` indices against a run's number of steps. An index outside [-time, time) names no
 * position; it is refused as INVALID_INPUT before anything runs (Python would raise IndexError).
 */
import type { ModelSpec } from '../spec/types.js';

/** The first selectStep whose index does not fit `time` steps, described; undefined if all fit. */
export function stepIndexProblem(spec: ModelSpec, time: number): string | undefined {
  for (const layer of spec.layers) {
    if (layer.type !== 'selectStep') continue;
    if (layer.index >= time || layer.index < -time) {
      return `layer '${layer.name}' selects step ${layer.index}, which a sequence of ${time} steps does not have`;
    }
  }
  return undefined;
}

/** The position `index` names in a sequence of `time` steps (negative counts from the end). */
export function stepPosition(index: number, time: number): number {
  return index < 0 ? time + index : index;
}
