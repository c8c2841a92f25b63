#!/usr/bin/env python3
"""Writes spec-written.safetensors with nothing but struct + json, following the format
description in https://github.com/huggingface/safetensors#format (the `safetensors` package is
not installed here, and torch 1.13 predates it):

  8 bytes   header length N, unsigned 64-bit little-endian
  N bytes   JSON header, "__metadata__" first, padded with spaces to a multiple of 8
  rest      tensor bytes, little-endian, row-major, ordered by descending dtype alignment then name

Values are chosen by hand to be exact in their dtype and to hit edge cases (F16 max, smallest
normal and subnormal, infinity; int64 beyond 2^53; a scalar; an empty tensor). The test lists the
same values independently. Run: /usr/bin/python3 make_spec_written.py
"""
import json
import struct

import numpy as np


def bf16_bits(values):
    # bfloat16 = top 16 bits of float32; the values below are exact, so truncation is exact.
    return [struct.unpack('<I', struct.pack('<f', v))[0] >> 16 for v in values]


tensors = {
    # name: (dtype, shape, little-endian bytes)
    'layer/kernel': ('F32', [2, 3], np.array([[1.5, -2.25, 0.0], [3.0, 0.125, -1.0]], '<f4').tobytes()),
    'wide': ('F64', [2], np.array([0.1, -1e300], '<f8').tobytes()),
    'half': ('F16', [6], np.array([0.5, -2.0, 65504.0, 2.0**-14, 2.0**-24, np.inf], '<f2').tobytes()),
    'brain': ('BF16', [2, 2], struct.pack('<4H', *bf16_bits([1.5, -0.375, 256.0, 3.140625]))),
    'ids': ('I64', [3], struct.pack('<3q', -(2**40), 2**53 + 1, 7)),
    'count': ('I32', [], struct.pack('<i', -42)),
    'flags': ('BOOL', [3], bytes([1, 0, 1])),
    'empty': ('F32', [0, 4], b''),
}

ALIGNMENT_RANK = ['BOOL', 'U8', 'I8', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']
order = sorted(tensors, key=lambda name: (-ALIGNMENT_RANK.index(tensors[name][0]), name))

header = {'__metadata__': {'format': 'pt', 'source': 'make_spec_written.py'}}
data = b''
for name in order:
    dtype, shape, raw = tensors[name]
    header[name] = {'dtype': dtype, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
    data += raw

header_bytes = json.dumps(header, separators=(',', ':')).encode('utf-8')
header_bytes += b' ' * (-len(header_bytes) % 8)
with open('spec-written.safetensors', 'wb') as out:
    out.write(struct.pack('<Q', len(header_bytes)) + header_bytes + data)
