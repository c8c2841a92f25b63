/**
 * The `concatStates` layer (issue 13: PyTorch heads that concatenate final states across layers
 * and directions). Its own fields are checked with the other layers; where it sits and what it
 * names is checked once every layer is known.
 */
import { expected, fail, fieldPath, type JsonObject, oneOf } from './checks.js';

const RECURRENT = new Set(['simpleRnn', 'lstm', 'gru']);

export function validateConcatStatesFields(layer: JsonObject, path: string): void {
  if (layer.kind === undefined) fail(fieldPath(path, 'kind'), "expected 'h' or 'c', found nothing");
  oneOf(layer.kind, ['h', 'c'], fieldPath(path, 'kind'));
  const names = layer.layers;
  if (!Array.isArray(names) || names.length === 0)
    expected(fieldPath(path, 'layers'), 'a non-empty array of recurrent layer names', names);
  names.forEach((name: unknown, i: number) => {
    if (typeof name !== 'string' || name === '')
      expected(`${fieldPath(path, 'layers')}[${i}]`, 'a layer name', name);
  });
}

/**
 * Each listed layer is an earlier recurrent layer, listed once (kind 'c': lstm only); the layer
 * sits right after the last recurrent layer (dropout between is allowed), so nothing it discards
 * was computed for nothing and no recurrent layer follows it.
 */
export function checkConcatStates(layers: readonly JsonObject[]): void {
  let lastRecurrent = -1;
  layers.forEach((l, i) => {
    if (RECURRENT.has(l.type as string)) lastRecurrent = i;
  });
  layers.forEach((layer, index) => {
    if (layer.type !== 'concatStates') return;
    const path = `$.layers[${index}]`;
    const between = layers.slice(lastRecurrent + 1, index);
    if (index < lastRecurrent || between.some((l) => l.type !== 'dropout')) {
      fail(
        `${path}.type`,
        'a concatStates layer must come right after the last recurrent layer (only dropout may sit between)',
      );
    }
    const seen = new Set<string>();
    (layer.layers as string[]).forEach((name, i) => {
      const at = `${path}.layers[${i}]`;
      const target = layers.slice(0, index).find((l) => l.name === name);
      if (target === undefined) fail(at, `no earlier layer named '${name}'`);
      if (!RECURRENT.has(target.type as string))
        fail(
          at,
          `concatStates reads final states of recurrent layers, but '${name}' is a ${target.type} layer`,
        );
      if (layer.kind === 'c' && target.type !== 'lstm')
        fail(
          at,
          `kind 'c' (cell state) needs lstm layers, but '${name}' is a ${target.type} layer`,
        );
      if (seen.has(name)) fail(at, `layer '${name}' is listed twice`);
      seen.add(name);
    });
  });
}
