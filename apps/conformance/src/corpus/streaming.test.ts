import { createReferenceBackend } from '@rnnkit/core';
import { runCell } from 'rnnkit';
import { describe, expect, it } from 'vitest';
import { streamingCases } from './streaming.js';

describe('streaming cases', () => {
  it('feed the sequence in more than one call', () => {
    for (const testCase of streamingCases())
      expect(testCase.leadingChunks?.length).toBeGreaterThan(0);
  });

  it('pass on the reference executor, carrying its own state between calls', async () => {
    const reference = createReferenceBackend();
    for (const testCase of streamingCases()) {
      const cell = await runCell(testCase, reference);
      expect(cell.status, testCase.id).toBe('pass');
    }
  });

  it('fail when the state is not carried (the chunks are not independent)', async () => {
    const reference = createReferenceBackend();
    const [testCase] = streamingCases();
    const cell = await runCell({ ...testCase, leadingChunks: [] }, reference);
    expect(cell.status).toBe('fail');
  });
});
