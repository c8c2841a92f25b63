/**
 * A module description comes from the caller (or JSON they loaded), so every field is checked
 * before it steers the conversion; errors name the field (`modules[1].nonlinearity`).
 */
import { descriptionError } from './errors.js';
import type { ModuleDescription, TorchModule } from './module-description.js';

const KINDS = ['embedding', 'rnn', 'lstm', 'gru', 'linear', 'dropout'];
const OUTPUTS = ['sequence', 'lastStep', 'finalHidden'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalBoolean(module: Record<string, unknown>, key: string, path: string): void {
  if (module[key] !== undefined && typeof module[key] !== 'boolean') {
    throw descriptionError(`${path}.${key}`, 'expected true or false');
  }
}

export function checkDescription(description: unknown): ModuleDescription {
  if (!isObject(description)) throw descriptionError('$', 'expected an object { modules: [...] }');
  const modules = description.modules;
  if (!Array.isArray(modules) || modules.length === 0) {
    throw descriptionError('modules', 'expected a non-empty array of modules in forward() order');
  }
  const prefixes = new Set<string>();
  modules.forEach((module: unknown, index) => {
    const path = `modules[${index}]`;
    if (!isObject(module)) throw descriptionError(path, 'expected an object with a kind');
    if (typeof module.kind !== 'string' || !KINDS.includes(module.kind)) {
      throw descriptionError(`${path}.kind`, `expected one of ${KINDS.join(', ')}`);
    }
    if (module.name !== undefined && typeof module.name !== 'string') {
      throw descriptionError(`${path}.name`, 'expected a string');
    }
    if (module.kind === 'dropout') {
      if (typeof module.name !== 'string')
        throw descriptionError(`${path}.name`, 'a dropout module needs a name');
      if (typeof module.rate !== 'number' || !(module.rate >= 0 && module.rate < 1)) {
        throw descriptionError(`${path}.rate`, 'expected a number in [0, 1)');
      }
      return;
    }
    if (typeof module.prefix !== 'string') {
      throw descriptionError(
        `${path}.prefix`,
        "expected the module's attribute path ('' for a bare module)",
      );
    }
    if (prefixes.has(module.prefix)) {
      throw descriptionError(`${path}.prefix`, `prefix '${module.prefix}' is used by two modules`);
    }
    prefixes.add(module.prefix);
    optionalBoolean(module, 'bias', path);
    if (
      module.inFeatures !== undefined &&
      !(
        module.kind === 'linear' &&
        Number.isSafeInteger(module.inFeatures) &&
        (module.inFeatures as number) >= 1
      )
    ) {
      throw descriptionError(
        `${path}.inFeatures`,
        'expected a positive integer, on a linear module',
      );
    }
    if (module.kind === 'rnn' || module.kind === 'lstm' || module.kind === 'gru') {
      optionalBoolean(module, 'bidirectional', path);
      optionalBoolean(module, 'batchFirst', path);
      if (
        module.numLayers !== undefined &&
        !(Number.isSafeInteger(module.numLayers) && (module.numLayers as number) >= 1)
      ) {
        throw descriptionError(`${path}.numLayers`, 'expected a positive integer');
      }
      if (module.output !== undefined && !OUTPUTS.includes(module.output as string)) {
        throw descriptionError(`${path}.output`, `expected one of ${OUTPUTS.join(', ')}`);
      }
      if (module.kind === 'rnn') {
        if (module.nonlinearity !== 'tanh' && module.nonlinearity !== 'relu') {
          throw descriptionError(
            `${path}.nonlinearity`,
            "nn.RNN needs nonlinearity 'tanh' or 'relu' (a state dict does not record it)",
          );
        }
      } else if (module.nonlinearity !== undefined) {
        throw descriptionError(
          `${path}.nonlinearity`,
          `only nn.RNN has a nonlinearity, not ${module.kind}`,
        );
      }
    }
  });
  const input = description.input;
  if (input !== undefined) {
    if (!isObject(input)) throw descriptionError('input', 'expected an object');
    if (input.type !== undefined && input.type !== 'tokens' && input.type !== 'features') {
      throw descriptionError('input.type', "expected 'tokens' or 'features'");
    }
  }
  return { ...(description as unknown as ModuleDescription), modules: modules as TorchModule[] };
}
