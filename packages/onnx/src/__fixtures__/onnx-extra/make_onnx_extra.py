"""ONNX RNN/GRU/LSTM single-node cases the upstream backend tests miss: GRU linear_before_reset=1
and variable sequence_lens (forward, reverse and bidirectional), random weights and biases.

Expected outputs come from a direct numpy implementation of the operator formulas in the ONNX
operator documentation (independent of rnnkit); the GRU linear_before_reset=1 formula is
cross-checked against PyTorch's nn.GRU (which is linear_before_reset=1) before anything is written.

Run with Debian's python3 (onnx 1.12, torch 1.13): /usr/bin/python3 make_onnx_extra.py
Layout is that of the ONNX backend test data: test_<name>/model.onnx and
test_<name>/test_data_set_0/{input,output}_<i>.pb in graph input/output order.
"""
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

here = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240611)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


# The activation functions as the ONNX RNN/GRU/LSTM operator documentation defines them.
ACTIVATIONS = {
    "Tanh": lambda a, b: np.tanh,
    "Sigmoid": lambda a, b: sigmoid,
    "Relu": lambda a, b: lambda x: np.maximum(x, 0),
    "HardSigmoid": lambda a, b: lambda x: np.clip(a * x + b, 0, 1),
    "LeakyRelu": lambda a, b: lambda x: np.where(x >= 0, x, a * x),
}
DEFAULT_ACTIVATIONS = {"RNN": ["Tanh"], "GRU": ["Sigmoid", "Tanh"], "LSTM": ["Sigmoid", "Tanh", "Tanh"]}


def activation_functions(kind, D, names, alphas, betas):
    """Per direction, the functions [f], [f, g] or [f, g, h]. `names` lists every direction's in
    turn ([forward..., backward...]); alphas/betas are consumed in order by the activations that
    take one (the "packed" reading onnxruntime's ActivationFuncs uses)."""
    names = names or DEFAULT_ACTIVATIONS[kind] * D
    alphas, betas = list(alphas or []), list(betas or [])
    uses = {"HardSigmoid": (True, True), "LeakyRelu": (True, False)}
    funcs = []
    for name in names:
        ua, ub = uses.get(name, (False, False))
        funcs.append(ACTIVATIONS[name](alphas.pop(0) if ua else None, betas.pop(0) if ub else None))
    assert not alphas and not betas, "activation_alpha/beta not consumed exactly"
    n = len(DEFAULT_ACTIVATIONS[kind])
    return [funcs[d * n:(d + 1) * n] for d in range(D)]


def step_rnn(x, h, c, W, R, Wb, Rb, P, kind, lbr, acts):
    """One step of one direction for one example; ONNX gate orders (LSTM i,o,f,c; GRU z,r,h)."""
    H = h.shape[0]
    if kind == "RNN":
        (f,) = acts
        return f(x @ W.T + h @ R.T + Wb + Rb), None
    if kind == "GRU":
        f, g = acts
        gx = x @ W.T + Wb
        z = f(gx[:H] + h @ R[:H].T + Rb[:H])
        r = f(gx[H:2 * H] + h @ R[H:2 * H].T + Rb[H:2 * H])
        if lbr:
            n = g(gx[2 * H:] + r * (h @ R[2 * H:].T + Rb[2 * H:]))
        else:
            n = g(gx[2 * H:] + (r * h) @ R[2 * H:].T + Rb[2 * H:])
        return (1 - z) * n + z * h, None
    f, g, hh = acts
    gates = x @ W.T + Wb + h @ R.T + Rb
    pi, po, pf = (P[:H], P[H:2 * H], P[2 * H:]) if P is not None else (0, 0, 0)
    i = f(gates[:H] + pi * c)
    ft = f(gates[2 * H:3 * H] + pf * c)
    cc = g(gates[3 * H:])
    c2 = ft * c + i * cc
    o = f(gates[H:2 * H] + po * c2)
    return o * hh(c2), c2


def run(kind, X, W, R, B, lens, h0, c0, P, direction, lbr, acts=None):
    T, N, _ = X.shape
    D, GH, _ = W.shape
    H = R.shape[2]
    Y = np.zeros((T, D, N, H), np.float64)
    Yh = np.zeros((D, N, H), np.float64)
    Yc = np.zeros((D, N, H), np.float64)
    acts = acts or activation_functions(kind, D, None, None, None)
    for d in range(D):
        reverse = direction == "reverse" or (direction == "bidirectional" and d == 1)
        Wb, Rb = B[d, :GH], B[d, GH:]
        for n in range(N):
            h = h0[d, n].astype(np.float64)
            c = c0[d, n].astype(np.float64) if c0 is not None else np.zeros(H)
            steps = range(lens[n] - 1, -1, -1) if reverse else range(lens[n])
            for t in steps:
                h, c2 = step_rnn(X[t, n], h, c, W[d], R[d], Wb, Rb, P[d] if P is not None else None, kind, lbr, acts[d])
                if c2 is not None:
                    c = c2
                Y[t, d, n] = h
            Yh[d, n] = h
            Yc[d, n] = c
    return Y.astype(np.float32), Yh.astype(np.float32), Yc.astype(np.float32)


def check_against_torch():
    """numpy GRU (linear_before_reset=1) == torch.nn.GRU, with torch's r,z,n gates reordered."""
    T, N, I, H = 4, 2, 3, 5
    gru = torch.nn.GRU(I, H)
    x = rng.standard_normal((T, N, I)).astype(np.float32)
    with torch.no_grad():
        y, h = gru(torch.from_numpy(x))
    wr, wz, wn = np.split(gru.weight_ih_l0.detach().numpy(), 3)
    rr, rz, rn = np.split(gru.weight_hh_l0.detach().numpy(), 3)
    br, bz, bn = np.split(gru.bias_ih_l0.detach().numpy(), 3)
    cr, cz, cn = np.split(gru.bias_hh_l0.detach().numpy(), 3)
    W = np.concatenate([wz, wr, wn])[None]
    R = np.concatenate([rz, rr, rn])[None]
    B = np.concatenate([bz, br, bn, cz, cr, cn])[None]
    Y, Yh, _ = run("GRU", x, W, R, B, [T] * N, np.zeros((1, N, H)), None, None, "forward", 1)
    assert np.allclose(Y[:, 0], y.numpy(), atol=1e-5), "numpy GRU disagrees with torch.nn.GRU"
    assert np.allclose(Yh, h.numpy(), atol=1e-5)


def make_case(name, kind, direction, T, N, I, H, lens=None, lbr=None, initial=False, peepholes=False,
              activations=None, alphas=None, betas=None):
    D = 2 if direction == "bidirectional" else 1
    G = {"RNN": 1, "GRU": 3, "LSTM": 4}[kind]
    X = rng.standard_normal((T, N, I)).astype(np.float32)
    W = (rng.standard_normal((D, G * H, I)) * 0.5).astype(np.float32)
    R = (rng.standard_normal((D, G * H, H)) * 0.5).astype(np.float32)
    B = (rng.standard_normal((D, 2 * G * H)) * 0.5).astype(np.float32)
    P = (rng.standard_normal((D, 3 * H)) * 0.5).astype(np.float32) if peepholes else None
    h0 = (rng.standard_normal((D, N, H)) * 0.5).astype(np.float32) if initial else np.zeros((D, N, H), np.float32)
    c0 = None
    if kind == "LSTM":
        c0 = (rng.standard_normal((D, N, H)) * 0.5).astype(np.float32) if initial else np.zeros((D, N, H), np.float32)
    lengths = np.array(lens if lens is not None else [T] * N, np.int32)
    acts = activation_functions(kind, D, activations, alphas, betas)
    Y, Yh, Yc = run(kind, X, W, R, B, lengths, h0, c0, P, direction, lbr or 0, acts)

    inputs = [("X", X), ("W", W), ("R", R), ("B", B)]
    node_inputs = ["X", "W", "R", "B"]
    if lens is not None or initial or peepholes:
        node_inputs.append("sequence_lens" if lens is not None else "")
        if lens is not None:
            inputs.append(("sequence_lens", lengths))
    if initial or peepholes:
        node_inputs.append("initial_h" if initial else "")
        if initial:
            inputs.append(("initial_h", h0))
        if kind == "LSTM":
            node_inputs.append("initial_c" if initial else "")
            if initial:
                inputs.append(("initial_c", c0))
    if peepholes:
        node_inputs.append("P")
        inputs.append(("P", P))
    outputs = [("Y", Y), ("Y_h", Yh)] + ([("Y_c", Yc)] if kind == "LSTM" else [])
    attributes = {"hidden_size": H, "direction": direction}
    if lbr is not None:
        attributes["linear_before_reset"] = lbr
    if activations is not None:
        attributes["activations"] = activations
    if alphas is not None:
        attributes["activation_alpha"] = alphas
    if betas is not None:
        attributes["activation_beta"] = betas
    node = helper.make_node(kind, node_inputs, [o[0] for o in outputs], **attributes)
    elem = lambda a: TensorProto.INT32 if a.dtype == np.int32 else TensorProto.FLOAT  # noqa: E731
    graph = helper.make_graph(
        [node],
        name,
        [helper.make_tensor_value_info(n, elem(a), a.shape) for n, a in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, a.shape) for n, a in outputs],
    )
    model = helper.make_model(graph, producer_name="rnnkit-onnx-extra", opset_imports=[helper.make_opsetid("", 14)])
    model.ir_version = 7
    onnx.checker.check_model(model, full_check=True)
    folder = os.path.join(here, name)
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    onnx.save(model, os.path.join(folder, "model.onnx"))
    for i, (n, a) in enumerate(inputs):
        with open(os.path.join(folder, "test_data_set_0", f"input_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    for i, (n, a) in enumerate(outputs):
        with open(os.path.join(folder, "test_data_set_0", f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(a, n).SerializeToString())
    print(name, [n for n, _ in inputs], "->", [n for n, _ in outputs])


check_against_torch()
make_case("test_gru_linear_before_reset", "GRU", "forward", 5, 3, 4, 6, lbr=1)
make_case("test_gru_linear_before_reset_bidirectional_seq_lens", "GRU", "bidirectional", 5, 3, 2, 4, lens=[5, 2, 3], lbr=1, initial=True)
make_case("test_gru_linear_before_reset_0_seq_lens_reverse", "GRU", "reverse", 4, 3, 3, 3, lens=[1, 4, 2], lbr=0)
make_case("test_lstm_seq_lens_bidirectional_peepholes", "LSTM", "bidirectional", 5, 3, 3, 4, lens=[3, 5, 1], initial=True, peepholes=True)
make_case("test_rnn_seq_lens_reverse", "RNN", "reverse", 6, 2, 3, 4, lens=[6, 3], initial=True)
# Bidirectional nodes whose two directions use different activations ([forward..., backward...]),
# with parameterised ones so the packed alpha/beta reading across directions is exercised (issue 13).
make_case("test_rnn_bidirectional_activations_tanh_relu", "RNN", "bidirectional", 4, 2, 3, 3,
          activations=["Tanh", "Relu"])
make_case("test_gru_bidirectional_activations_seq_lens", "GRU", "bidirectional", 5, 3, 2, 4, lens=[5, 2, 3], lbr=1,
          activations=["Sigmoid", "Tanh", "HardSigmoid", "Relu"], alphas=[0.2], betas=[0.5])
make_case("test_lstm_bidirectional_activations_packed_alphas", "LSTM", "bidirectional", 4, 2, 3, 3, initial=True,
          activations=["Sigmoid", "Tanh", "Tanh", "HardSigmoid", "LeakyRelu", "LeakyRelu"],
          alphas=[0.25, 0.1, 0.1], betas=[0.4])
