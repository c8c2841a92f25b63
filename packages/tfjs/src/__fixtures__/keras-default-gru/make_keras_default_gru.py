"""Writes keras_default_gru.json: a PyTorch GRU run, with its weights in rnnkit's canonical layout.

PyTorch's GRU is exactly Keras's default GRU (reset_after=True, sigmoid recurrent activation,
tanh, an input bias and a recurrent bias), so its outputs are an independent check of the
Keras-default GRU that tf.layers cannot load.

Canonical layout (Keras): kernel [input, 3*units], recurrentKernel [units, 3*units], gates z, r, h.
PyTorch: weight_ih_l0 [3*units, input], weight_hh_l0 [3*units, units], gates r, z, n.
Run: /usr/bin/python3 make_keras_default_gru.py   (torch 1.13)
"""
import json

import torch

torch.manual_seed(20240501)
INPUT, UNITS, BATCH, TIME = 3, 5, 2, 7

gru = torch.nn.GRU(INPUT, UNITS, batch_first=True)
x = torch.randn(BATCH, TIME, INPUT)
h0 = torch.randn(1, BATCH, UNITS) * 0.5
with torch.no_grad():
    y, h_n = gru(x, h0)


def to_keras_gates(t):
    """r, z, n blocks (dim 0) -> z, r, h."""
    r, z, n = t.chunk(3, dim=0)
    return torch.cat([z, r, n], dim=0)


def tensor(t):
    t = t.detach().contiguous().float()
    return {"dtype": "float32", "shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


out = {
    "source": "torch.nn.GRU (torch %s), batch_first=True; see make_keras_default_gru.py" % torch.__version__,
    "weights": {
        "gru/kernel": tensor(to_keras_gates(gru.weight_ih_l0).t()),
        "gru/recurrentKernel": tensor(to_keras_gates(gru.weight_hh_l0).t()),
        "gru/bias": tensor(to_keras_gates(gru.bias_ih_l0)),
        "gru/recurrentBias": tensor(to_keras_gates(gru.bias_hh_l0)),
    },
    "inputs": {"x": tensor(x), "h0": tensor(h0)},
    "outputs": {"y": tensor(y), "hn": tensor(h_n)},
}
with open("keras_default_gru.json", "w") as f:
    json.dump(out, f)
