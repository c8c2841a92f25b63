/*
 * F4_MADD(acc, a, b) = acc + a*b on four lanes: the one multiply-add of the matrix products
 * (gemm.c), written once so the two builds differ only here.
 *
 * - SIMD128 build: f32x4.mul then f32x4.add, two roundings, the same bits on every runtime.
 * - Relaxed-SIMD build (-mrelaxed-simd defines __wasm_relaxed_simd__): f32x4.relaxed_madd,
 *   which the runtime may compute fused (one rounding: V8 emits vfmadd231ps where the CPU has
 *   FMA3) or as mul + add (the relaxed-SIMD proposal leaves the choice to the implementation),
 *   so its bits can differ from the SIMD128 build's and between CPUs; both stay within the
 *   tolerance table of the float64 reference (tested). Clang 16's wasm_simd128.h has no
 *   wasm_f32x4_relaxed_madd yet (it came in clang 17), hence the builtin, whose operand order
 *   is (a, b, c) -> a*b + c (clang's BuiltinsWebAssembly.def, the proposal's relaxed_madd).
 * Only the products use it: the gate maths and transcendentals keep mul + add, whose accuracy
 * kernels.test.ts pins against float64 for both builds.
 */
#ifndef RNNKIT_MADD_H
#define RNNKIT_MADD_H

#include <wasm_simd128.h>

#ifdef __wasm_relaxed_simd__
#define F4_MADD(acc, a, b) __builtin_wasm_relaxed_madd_f32x4((a), (b), (acc))
#else
#define F4_MADD(acc, a, b) wasm_f32x4_add((acc), wasm_f32x4_mul((a), (b)))
#endif

#endif
