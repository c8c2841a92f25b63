/** The blocked product on the SIMD128 build (the relaxed build: relaxed-simd.relaxed.test.ts). */
import { describeGemm } from '../test-support/gemm-suite.js';

describeGemm('simd128');
