import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { describeOrtBackend } from '../../onnx/src/runtime/test-support/ort-backend-suite.js';
import { createOrtWebBackend } from './index.js';

describeOrtBackend('ort-web-wasm', () => createOrtWebBackend({ executionProvider: 'wasm' }));

describe('createOrtWebBackend options', () => {
  it("defaults to 'wasm' (id ort-web-wasm)", () => {
    expect(createOrtWebBackend().id).toBe('ort-web-wasm');
  });

  it('refuses WebGPU in Node with BACKEND_UNAVAILABLE', () => {
    let error: unknown;
    try {
      createOrtWebBackend({ executionProvider: 'webgpu' });
    } catch (e) {
      error = e;
    }
    expect(RnnkitError.isInstance(error)).toBe(true);
    expect((error as RnnkitError).code).toBe('BACKEND_UNAVAILABLE');
    expect((error as RnnkitError).backend).toBe('ort-web-webgpu');
  });

  it('refuses an unknown execution provider and bad thread counts', () => {
    expect(() => createOrtWebBackend({ executionProvider: 'webgl' as never })).toThrow(
      /wasm' or 'webgpu/,
    );
    expect(() => createOrtWebBackend({ threads: 0 })).toThrow(/threads/);
  });
});
