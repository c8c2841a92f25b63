/**
 * Wraps a TrainingEngine so the trainers it makes are disposed by the caller, after fit has
 * returned. Core's fit ends with `return finish(...)` inside `try { } finally { dispose }`, so
 * the trainer is disposed while finish's `getModel()` is still queued; the reference trainer
 * answers synchronously and never notices, but the tfjs trainer queues its work and then fails
 * with DISPOSED. Until fit awaits it, the CLI keeps trainers alive until it is done with them.
 */
import type { Trainer, TrainingEngine } from '@rnnkit/core';

export function deferDispose(engine: TrainingEngine): {
  engine: TrainingEngine;
  disposeAll: () => Promise<void>;
} {
  const trainers: Trainer[] = [];
  return {
    engine: {
      id: engine.id,
      async createTrainer(model, config) {
        const trainer = await engine.createTrainer(model, config);
        trainers.push(trainer);
        return new Proxy(trainer, {
          get(target, property) {
            if (property === 'dispose') return async () => {};
            const value = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    },
    async disposeAll() {
      for (const trainer of trainers.splice(0)) await trainer.dispose();
    },
  };
}
