/**
 * tfjs-core registers no gradient functions by itself: the `@tensorflow/tfjs` union package does
 * (its bundles carry every gradient config). This package imports only tfjs-core, so the
 * training engine makes sure they are registered on the first `createTrainer`, never at import:
 * - already registered (the app imported `@tensorflow/tfjs`): nothing to do;
 * - bundlers and browsers: tfjs-core's own `dist/register_all_gradients.js` module;
 * - plain Node, where that ES module cannot load (tfjs-core's dist uses extensionless imports and
 *   its Node bundle has no gradients): the installed `@tensorflow/tfjs` union package.
 * Without either, BACKEND_UNAVAILABLE says what to install.
 */
import { RnnkitError } from '@rnnkit/core';
import * as tf from '@tensorflow/tfjs-core';

let registered: Promise<void> | undefined;

export function registerGradients(backendId: string): Promise<void> {
  registered ??= load(backendId);
  registered.catch(() => {
    registered = undefined;
  });
  return registered;
}

async function load(backendId: string): Promise<void> {
  if (tf.getGradient('Sigmoid')) return;
  const failures: string[] = [];
  try {
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  } catch (error) {
    failures.push((error as Error).message);
  }
  if (tf.getGradient('Sigmoid')) return;
  try {
    // Not a literal: bundlers must not try to resolve the union package (browser builds get
    // the gradients from the import above; only plain Node needs this one, if installed).
    const unionPackage = '@tensorflow/tfjs';
    await import(/* @vite-ignore */ unionPackage);
  } catch (error) {
    failures.push((error as Error).message);
  }
  if (tf.getGradient('Sigmoid')) return;
  throw new RnnkitError(
    'BACKEND_UNAVAILABLE',
    `${backendId} cannot train: tfjs's gradient functions could not be registered (install @tensorflow/tfjs, which carries them: ${failures.join('; ')})`,
    { backend: backendId },
  );
}
