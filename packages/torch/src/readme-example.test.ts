/** The README's ten-line example, run on the PyTorch-written char RNN fixture. */
import { readFileSync } from 'node:fs';
import { createReferenceBackend, float32Tensor } from '@rnnkit/core';
import { expect, it } from 'vitest';
import { readTorchStateDict, writeTorchStateDict } from './index.js';

it('README example', async () => {
  const file = new URL('./__fixtures__/torch-written/char_rnn.safetensors', import.meta.url);
  const model = readTorchStateDict(new Uint8Array(readFileSync(file)), {
    modules: {
      modules: [
        { kind: 'rnn', prefix: 'rnn', nonlinearity: 'tanh', output: 'lastStep' },
        { kind: 'linear', prefix: 'fc' },
      ],
    },
  });
  const session = await createReferenceBackend().load(model);
  const { outputs } = await session.run({ input: float32Tensor([1, 6, 10]) });
  expect(outputs.output.shape).toEqual([1, 5]);
  expect(readTorchStateDict(writeTorchStateDict(model))).toEqual(model);
});
