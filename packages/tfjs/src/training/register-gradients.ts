/**
 * tfjs-core registers no gradient functions by itself: the `@tensorflow/tfjs` union package does
 * it by importing `@tensorflow/tfjs-core/dist/register_all_gradients` for its side effect. This
 * package imports only tfjs-core (so apps bundle what they use), so the training engine loads
 * that module itself, once, on the first `createTrainer`, never at import time. Registering
 * twice is harmless (tfjs warns and keeps one), so an app that also imports `@tensorflow/tfjs`
 * is fine.
 */
let registered: Promise<unknown> | undefined;

export function registerGradients(): Promise<unknown> {
  registered ??= import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  return registered;
}
