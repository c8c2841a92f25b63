/**
 * Which Keras wrote a file decides what some names mean (hard_sigmoid's slope, config field
 * names, GRU defaults), so every reader records it.
 */
export type KerasFlavor = 'keras1' | 'keras2' | 'keras3' | 'tfjs';

export function flavorOf(kerasVersion: string | undefined, config?: unknown): KerasFlavor {
  const version = (kerasVersion ?? '').trim();
  if (version.startsWith('tfjs')) return 'tfjs';
  const major = /^(\d+)\./.exec(version)?.[1];
  if (major === '1') return 'keras1';
  if (major === '2') return 'keras2';
  if (major !== undefined && Number(major) >= 3) return 'keras3';
  // No version written (early converters, weights-only files): the config's own shape tells.
  return looksLikeKeras3(config) ? 'keras3' : looksLikeKeras1(config) ? 'keras1' : 'keras2';
}

function looksLikeKeras3(config: unknown): boolean {
  const text = JSON.stringify(config ?? null);
  return text.includes('"batch_shape"') || text.includes('"module":"keras');
}

function looksLikeKeras1(config: unknown): boolean {
  const text = JSON.stringify(config ?? null);
  return (
    text.includes('"inner_activation"') ||
    (text.includes('"output_dim"') && !text.includes('"units"'))
  );
}
