import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'vitest';
import { readKerasH5 } from './index.js';

const root = new URL('./__fixtures__/real/', import.meta.url);
describe('smoke', () => {
  it('reads every h5', async () => {
    for (const dir of readdirSync(root)) {
      if (!dir.startsWith('h5_')) continue;
      for (const file of readdirSync(new URL(`${dir}/`, root))) {
        if (!file.endsWith('.h5') || file.includes('inputs_and_outputs')) continue;
        const bytes = readFileSync(new URL(`${dir}/${file}`, root));
        let config: string | undefined;
        if (file.endsWith('_weights.h5')) config = readFileSync(new URL(`${dir}/${file.replace('_weights.h5', '_config.json')}`, root), 'utf8');
        try {
          const m = await readKerasH5(bytes, { config, fileName: file });
          console.log('OK', file, m.source.flavor, m.spec.layers.map((l) => `${l.type}:${l.name}`).join(' '), [...m.weights.keys()].length);
        } catch (e) {
          console.log('ERR', file, (e as { code?: string }).code, (e as Error).message);
        }
      }
    }
  });
});
