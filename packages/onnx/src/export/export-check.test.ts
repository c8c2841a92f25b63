/**
 * The exported models that `__fixtures__/export-check/check_exported.py` runs through onnx's own
 * checker (full_check) and strict shape inference. This test keeps the committed files equal to
 * what the exporter writes today, so the checker's log stays about the current exporter.
 * Regenerate with: WRITE_EXPORT_CHECK=1 npx vitest run src/export/export-check.test.ts
 * then: /usr/bin/python3 src/__fixtures__/export-check/check_exported.py
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ExportOnnxOptions, exportOnnx } from './index.js';
import { randomModel, SPEC_MATRIX } from './test-support/spec-matrix.js';

const folder = new URL('../__fixtures__/export-check/', import.meta.url);

const variants: [string, ExportOnnxOptions][] = [
  ['opset17', {}],
  ['opset14', { opset: 14 }],
  ['streaming', { streamingState: true }],
];

describe('export-check fixtures', () => {
  const cases = Object.keys(SPEC_MATRIX).flatMap((key) =>
    variants.map(([suffix, options]) => [`${key}.${suffix}.onnx`, key, options] as const),
  );
  it.each(cases)('%s is what the exporter writes', (file, key, options) => {
    const bytes = exportOnnx(randomModel(SPEC_MATRIX[key]), options);
    const path = new URL(file, folder);
    if (process.env.WRITE_EXPORT_CHECK) writeFileSync(path, bytes);
    expect(existsSync(path), `${file} missing: regenerate (see the file comment)`).toBe(true);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
  });
});
