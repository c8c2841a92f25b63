/**
 * The SIMD128 build against the float64 reference over the spec matrix
 * (test-support/reference-matrix-suite.ts). The relaxed-SIMD build runs the same matrix in
 * relaxed-simd.relaxed.test.ts, under a Node that has relaxed SIMD.
 */
import { describeReferenceMatrix } from './test-support/reference-matrix-suite.js';

describeReferenceMatrix('simd128');
