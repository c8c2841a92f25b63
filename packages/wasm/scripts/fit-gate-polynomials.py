"""Fits the two polynomials of csrc/simd-math.h's f4_sigmoid and f4_tanh.

Run with /usr/bin/python3 (numpy). Both are 1 + u*q(u) with q of degree 4 on the Cody-Waite
reduced interval |u| <= ln2/2, fitted for the smallest maximum *relative* error by Lawson's
iteratively reweighted least squares (converges to the minimax fit), then rounded to float32
and checked again with float32 Horner evaluation, as the kernel computes them:

  EXPN: e^-u           (sigmoid: e^-x = 2^n e^-u)
  EM1:  (1 - e^-u) / u (tanh: e^-2|x| - 1 = (2^n - 1) - 2^n u p(u), no cancellation near 0)

The constant term is fixed at 1 so both are exact at u = 0. Output: the C #defines.
"""
import re

import numpy as np

HALF_LN2 = np.log(2) / 2 * 1.0001  # a little past ln2/2: rounding of n ln2 can land there
U = np.cos(np.linspace(0, np.pi, 4001)) * HALF_LN2  # Chebyshev-spaced, dense near the ends
DEGREE = 4


def lawson(target, iterations=400):
    """min over c of max |1 + u q(u) - target| / target, q = sum c_k u^k (k = 0..DEGREE)."""
    basis = np.stack([U ** (k + 1) for k in range(DEGREE + 1)], axis=1) / target[:, None]
    rhs = (target - 1) / target
    weights = np.ones_like(U) / len(U)
    for _ in range(iterations):
        root = np.sqrt(weights)
        coeffs, *_ = np.linalg.lstsq(basis * root[:, None], rhs * root, rcond=None)
        error = np.abs(basis @ coeffs - rhs)
        weights = weights * error
        weights /= weights.sum()
    return coeffs, error.max()


def float32_error(coeffs32, target):
    u = U.astype(np.float32)
    q = np.full_like(u, coeffs32[-1])
    for c in coeffs32[-2::-1]:
        q = (q * u + c).astype(np.float32)
    value = (np.float32(1) + u * q).astype(np.float32)
    return np.max(np.abs(value.astype(np.float64) - target) / target)


safe_u = np.where(U == 0, 1.0, U)
targets = {
    "EXPN": np.exp(-U),
    "EM1": np.where(U == 0, 1.0, -np.expm1(-U) / safe_u),
}
for name, target in targets.items():
    coeffs, fitted = lawson(target)
    coeffs32 = coeffs.astype(np.float32)
    print(f"/* {name}: fit {fitted:.3g}, float32 evaluation {float32_error(coeffs32, target):.3g} relative */")
    for k, c in enumerate(coeffs32):
        print(f"#define {name}_C{k + 1} {re.sub('0+p', 'p', float(c).hex())}f")
