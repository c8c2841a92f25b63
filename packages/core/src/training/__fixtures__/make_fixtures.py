#!/usr/bin/python3
"""PyTorch (1.13, float64) fixtures for rnnkit's reference trainer.

Builds small models with torch.nn modules (RNN, LSTM, GRU, Embedding, Linear), writes each as an
rnnkit spec with its weights in rnnkit's canonical layout (Keras's: kernel [in, gates*units],
gate order LSTM i,f,c,o and GRU z,r,h; docs/decisions.md, packages/torch/src/gate-order.ts), and
records what PyTorch autograd computes:
  - gradients.json: the loss and every weight's gradient for each layer kind and feature PyTorch
    has (bidirectional, stacking, packed sequence lengths, embeddings, relu RNN, BCE/CE/MSE);
  - trajectories.json: 5 optimizer steps for every optimizer x loss (SGD plain/momentum/nesterov,
    Adam and AMSGrad, RMSprop plain/momentum/centered, with and without clip_grad_norm_): the loss
    before each step and the weights after the last;
  - the glue layers (selectStep, mean/max pooling over all or real steps, logSoftmax heads with
    NLLLoss): 8 more gradient cases and 4 more trajectories, drawn after the others so those stay
    as they were.
Run: /usr/bin/python3 make_fixtures.py (from this directory). Weights are float32 values so that
rnnkit's float32 Model holds them exactly; everything else is float64.
"""
import json
import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(1234)


def f32(shape, scale=1.0):
    """Random values that are exactly float32, as float64 arrays."""
    return (rng.uniform(-0.5, 0.5, size=shape) * scale).astype(np.float32).astype(np.float64)


def tensor_json(array, dtype="float64"):
    array = np.asarray(array)
    return {"dtype": dtype, "shape": list(array.shape), "data": array.reshape(-1).tolist()}


# Canonical block order -> torch block order for each gate layout.
TORCH_BLOCKS = {"simpleRnn": [0], "lstm": [0, 1, 2, 3], "gru": [1, 0, 2]}


def blocks(matrix_cols, kind, units):
    """Reorder the gate blocks along the last axis from canonical to torch order."""
    return np.concatenate([matrix_cols[..., b * units:(b + 1) * units] for b in TORCH_BLOCKS[kind]], axis=-1)


def unblocks(torch_cols, kind, units):
    """Torch gate order along the last axis -> canonical order."""
    order = TORCH_BLOCKS[kind]
    out = np.empty_like(torch_cols)
    for torch_index, canonical in enumerate(order):
        out[..., canonical * units:(canonical + 1) * units] = torch_cols[..., torch_index * units:(torch_index + 1) * units]
    return out


class Recurrent:
    """A torch recurrent module plus the canonical names of its parameters."""

    def __init__(self, kind, name, input_size, units, bidirectional=False, nonlinearity="tanh"):
        cls = {"simpleRnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
        kwargs = {"nonlinearity": nonlinearity} if kind == "simpleRnn" else {}
        self.module = cls(input_size, units, batch_first=True, bidirectional=bidirectional, **kwargs)
        self.kind, self.name, self.units = kind, name, units
        self.directions = 2 if bidirectional else 1
        gates = {"simpleRnn": 1, "lstm": 4, "gru": 3}[kind]
        self.canonical = {}
        for d in range(self.directions):
            prefix = f"{name}/" if self.directions == 1 else f"{name}/{'forward' if d == 0 else 'backward'}/"
            suffix = "_l0" + ("_reverse" if d == 1 else "")
            kernel = f32((input_size, gates * units))
            recurrent = f32((units, gates * units))
            bias = f32((gates * units,))
            recurrent_bias = f32((gates * units,))
            with torch.no_grad():
                getattr(self.module, "weight_ih" + suffix).copy_(torch.tensor(blocks(kernel, kind, units).T))
                getattr(self.module, "weight_hh" + suffix).copy_(torch.tensor(blocks(recurrent, kind, units).T))
                getattr(self.module, "bias_ih" + suffix).copy_(torch.tensor(blocks(bias, kind, units)))
                getattr(self.module, "bias_hh" + suffix).copy_(torch.tensor(blocks(recurrent_bias, kind, units)))
            self.canonical[prefix + "kernel"] = ("weight_ih" + suffix, True)
            self.canonical[prefix + "recurrentKernel"] = ("weight_hh" + suffix, True)
            self.canonical[prefix + "bias"] = ("bias_ih" + suffix, False)
            self.canonical[prefix + "recurrentBias"] = ("bias_hh" + suffix, False)

    def to_canonical(self, use_grad):
        out = {}
        for name, (attr, transposed) in self.canonical.items():
            p = getattr(self.module, attr)
            value = (p.grad if use_grad else p).detach().numpy()
            value = value.T if transposed else value
            out[name] = unblocks(value, self.kind, self.units)
        return out


class Model:
    def __init__(self, spec, recurrent, linear=None, embedding=None, linear_name="out"):
        self.spec, self.recurrent, self.linear, self.embedding = spec, recurrent, linear, embedding
        self.linear_name = linear_name

    def parameters(self):
        params = []
        if self.embedding is not None:
            params += list(self.embedding.parameters())
        for r in self.recurrent:
            params += list(r.module.parameters())
        if self.linear is not None:
            params += list(self.linear.parameters())
        return params

    def canonical(self, use_grad=False):
        out = {}
        if self.embedding is not None:
            w = self.embedding.weight
            out[self.spec["layers"][0]["name"] + "/embeddings"] = (w.grad if use_grad else w).detach().numpy()
        for r in self.recurrent:
            out.update(r.to_canonical(use_grad))
        if self.linear is not None:
            w, b = self.linear.weight, self.linear.bias
            out[self.linear_name + "/kernel"] = (w.grad if use_grad else w).detach().numpy().T
            out[self.linear_name + "/bias"] = (b.grad if use_grad else b).detach().numpy()
        return out


def make_linear(in_features, units):
    linear = nn.Linear(in_features, units)
    with torch.no_grad():
        linear.weight.copy_(torch.tensor(f32((in_features, units)).T))
        linear.bias.copy_(torch.tensor(f32((units,))))
    return linear


def make_embedding(vocabulary, width):
    embedding = nn.Embedding(vocabulary, width)
    with torch.no_grad():
        embedding.weight.copy_(torch.tensor(f32((vocabulary, width))))
    return embedding


def spec_of(input_spec, layers, extra=None):
    spec = {"format": "rnnkit-model", "formatVersion": 1, "input": input_spec, "layers": layers, "output": {"name": "y"}}
    spec.update(extra or {})
    return spec


def run_recurrent(r, x, lengths, return_sequences):
    """Runs one torch recurrent module; returns sequence outputs [B,T,dirs*units] and last h [B, dirs*units]."""
    if lengths is not None:
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        out, state = r.module(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])
    else:
        out, state = r.module(x)
    h = state[0] if isinstance(state, tuple) else state
    last = torch.cat([h[d] for d in range(r.directions)], dim=-1)
    return out if return_sequences else last


# ---------------------------------------------------------------- gradient cases

def loss_value(loss, output, targets, valid=None):
    """rnnkit's reductions written with torch's own losses (docs/training.md)."""
    name = loss["name"]
    if name == "binaryCrossentropy":
        if loss.get("fromLogits"):
            return nn.functional.binary_cross_entropy_with_logits(output, targets)
        return nn.functional.binary_cross_entropy(output, targets)
    if name == "meanSquaredError":
        return nn.functional.mse_loss(output, targets)
    if name == "sparseCategoricalCrossentropy":
        flat = output.reshape(-1, output.shape[-1])
        ids = targets.reshape(-1).clone()
        if valid is not None:
            ids[~valid.reshape(-1)] = -100
        if loss.get("fromLogits"):
            return nn.functional.cross_entropy(flat, ids, ignore_index=-100)
        return nn.functional.nll_loss(torch.log(flat), ids, ignore_index=-100)
    if name == "categoricalCrossentropy":
        log_p = torch.log_softmax(output, -1) if loss.get("fromLogits") else torch.log(output)
        return -(targets * log_p).sum(-1).mean()
    raise ValueError(name)


def gradient_case(name, model, inputs, targets_json, targets_torch, loss, forward, valid=None, note=""):
    weights = {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in model.canonical().items()}
    for p in model.parameters():
        p.grad = None
    out = forward()
    value = loss_value(loss, out, targets_torch, valid)
    value.backward()
    grads = {k: v.reshape(-1).tolist() for k, v in model.canonical(use_grad=True).items()}
    return {"name": name, "note": note, "spec": model.spec, "weights": weights, "inputs": inputs,
            "targets": targets_json, "loss": loss, "expectedLoss": value.item(), "gradients": grads}


def cases():
    B, T, F = 3, 5, 4
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    feats = {"x": tensor_json(x_np)}
    out = []

    # 1. SimpleRNN (tanh) + Linear + sigmoid, BCELoss (PyTorch clipping).
    r = Recurrent("simpleRnn", "rnn", F, 3)
    lin = make_linear(3, 2)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "simpleRnn", "name": "rnn", "units": 3, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": 2, "activation": "sigmoid"}])
    m = Model(spec, [r], lin)
    t = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
    out.append(gradient_case("simpleRnn-dense-sigmoid-bce-pytorch", m, feats, tensor_json(t), torch.tensor(t),
                             {"name": "binaryCrossentropy", "probabilityClipping": "pytorch"},
                             lambda: torch.sigmoid(lin(run_recurrent(r, x, None, False)))))

    # 2. SimpleRNN relu, BCE with logits.
    r = Recurrent("simpleRnn", "rnn", F, 3, nonlinearity="relu")
    lin = make_linear(3, 2)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "simpleRnn", "name": "rnn", "units": 3, "recurrentBias": True, "activation": "relu"},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin)
    out.append(gradient_case("simpleRnn-relu-bce-logits", m, feats, tensor_json(t), torch.tensor(t),
                             {"name": "binaryCrossentropy", "fromLogits": True},
                             lambda: lin(run_recurrent(r, x, None, False))))

    # 3. Bidirectional LSTM with packed sequence lengths, per-step logits, CrossEntropyLoss ignoring padding.
    lengths = [5, 2, 4]
    r = Recurrent("lstm", "lstm", F, 3, bidirectional=True)
    lin = make_linear(6, 4)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "direction": "bidirectional",
                     "returnSequences": True, "paddedOutputs": "zero"},
                    {"type": "dense", "name": "out", "units": 4}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    ids = rng.integers(0, 4, size=(B, T))
    valid = torch.tensor([[t_ < L for t_ in range(T)] for L in lengths])
    ids_json = np.where(valid.numpy(), ids, 0)
    inputs = dict(feats, lengths=tensor_json(np.array(lengths), "int32"))
    out.append(gradient_case("bilstm-lengths-sparse-logits", m, inputs, tensor_json(ids_json, "int32"), torch.tensor(ids),
                             {"name": "sparseCategoricalCrossentropy", "fromLogits": True},
                             lambda: lin(run_recurrent(r, x, lengths, True)), valid,
                             "padded steps carry ignore_index in PyTorch, any id in rnnkit (masked)"))

    # 4. Two stacked GRUs (PyTorch's GRU = resetAfter true with recurrentBias), softmax, categorical CE on probabilities.
    r1 = Recurrent("gru", "gru1", F, 3)
    r2 = Recurrent("gru", "gru2", 3, 2)
    lin = make_linear(2, 3)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "gru", "name": "gru1", "units": 3, "resetAfter": True, "recurrentBias": True,
                     "returnSequences": True},
                    {"type": "gru", "name": "gru2", "units": 2, "resetAfter": True, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": 3, "activation": "softmax"}])
    m = Model(spec, [r1, r2], lin)
    onehot = np.eye(3)[rng.integers(0, 3, size=B)]
    out.append(gradient_case("stacked-gru-softmax-cce", m, feats, tensor_json(onehot), torch.tensor(onehot),
                             {"name": "categoricalCrossentropy"},
                             lambda: torch.softmax(lin(run_recurrent(r2, run_recurrent(r1, x, None, True), None, False)), -1)))

    # 5. Bidirectional GRU with lengths, final state, MSE.
    r = Recurrent("gru", "gru", F, 2, bidirectional=True)
    lin = make_linear(4, 2)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "gru", "name": "gru", "units": 2, "resetAfter": True, "recurrentBias": True,
                     "direction": "bidirectional"},
                    {"type": "dense", "name": "out", "units": 2}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    y = rng.uniform(-1, 1, size=(B, 2))
    out.append(gradient_case("bigru-lengths-mse", m, inputs, tensor_json(y), torch.tensor(y),
                             {"name": "meanSquaredError"}, lambda: lin(run_recurrent(r, x, lengths, False))))

    # 6. Embedding + LSTM + Linear + sigmoid (the article's sentiment model, small), BCE from logits form.
    V = 7
    tokens = rng.integers(0, V, size=(B, T))
    emb = make_embedding(V, 3)
    r = Recurrent("lstm", "lstm", 3, 4)
    lin = make_linear(4, 1)
    spec = spec_of({"name": "tokens", "type": "tokens"},
                   [{"type": "embedding", "name": "emb", "inputDim": V, "outputDim": 3},
                    {"type": "lstm", "name": "lstm", "units": 4, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": 1, "activation": "sigmoid"}])
    m = Model(spec, [r], lin, emb)
    t1 = (rng.uniform(size=(B, 1)) < 0.5).astype(np.float64)
    tok = torch.tensor(tokens)
    out.append(gradient_case("embedding-lstm-sigmoid-bce", m, {"tokens": tensor_json(tokens, "int32")}, tensor_json(t1),
                             torch.tensor(t1), {"name": "binaryCrossentropy"},
                             lambda: torch.sigmoid(lin(run_recurrent(r, emb(tok), None, False))),
                             note="rnnkit computes this from the Dense logits (probabilityClipping none); torch's BCELoss clamp is inactive here"))

    # 7. Embedding + GRU language model: per-step softmax, sparse CE on probabilities.
    emb = make_embedding(V, 3)
    r = Recurrent("gru", "gru", 3, 4)
    lin = make_linear(4, V)
    spec = spec_of({"name": "tokens", "type": "tokens"},
                   [{"type": "embedding", "name": "emb", "inputDim": V, "outputDim": 3},
                    {"type": "gru", "name": "gru", "units": 4, "resetAfter": True, "recurrentBias": True,
                     "returnSequences": True},
                    {"type": "dense", "name": "out", "units": V, "activation": "softmax"}])
    m = Model(spec, [r], lin, emb)
    next_ids = rng.integers(0, V, size=(B, T))
    out.append(gradient_case("embedding-gru-lm-sparse", m, {"tokens": tensor_json(tokens, "int32")},
                             tensor_json(next_ids, "int32"), torch.tensor(next_ids),
                             {"name": "sparseCategoricalCrossentropy"},
                             lambda: torch.softmax(lin(run_recurrent(r, emb(tok), None, True)), -1)))
    return out


# ---------------------------------------------------------------- trajectories

OPTIMIZERS = [
    ({"name": "sgd", "learningRate": 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
    ({"name": "sgd", "learningRate": 0.1, "momentum": 0.9}, lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ({"name": "sgd", "learningRate": 0.1, "momentum": 0.9, "nesterov": True},
     lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    ({"name": "adam", "learningRate": 0.01, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "epsilonStyle": "pytorch"},
     lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    ({"name": "adam", "learningRate": 0.01, "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-3, "epsilonStyle": "pytorch",
      "amsgrad": True}, lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.8, 0.99), eps=1e-3, amsgrad=True)),
    ({"name": "rmsprop", "learningRate": 0.01, "rho": 0.99, "epsilon": 1e-8, "epsilonStyle": "pytorch"},
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8)),
    ({"name": "rmsprop", "learningRate": 0.01, "rho": 0.9, "epsilon": 1e-4, "momentum": 0.5, "epsilonStyle": "pytorch"},
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-4, momentum=0.5)),
    ({"name": "rmsprop", "learningRate": 0.01, "rho": 0.9, "epsilon": 1e-4, "momentum": 0.5, "centered": True,
      "epsilonStyle": "pytorch"},
     lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-4, momentum=0.5, centered=True)),
]

LOSSES = [
    {"name": "binaryCrossentropy", "fromLogits": True},
    {"name": "binaryCrossentropy", "probabilityClipping": "pytorch"},
    {"name": "categoricalCrossentropy", "fromLogits": True},
    {"name": "sparseCategoricalCrossentropy"},
    {"name": "meanSquaredError"},
]

STEPS = 5


def trajectory(optimizer_json, make_optimizer, loss, clip):
    B, T, F = 4, 3, 2
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    classes = 2 if loss["name"] in ("binaryCrossentropy", "meanSquaredError") else 3
    activation = "linear"
    if loss["name"] == "binaryCrossentropy" and not loss.get("fromLogits"):
        activation = "sigmoid"
    if loss["name"] == "sparseCategoricalCrossentropy":
        activation = "softmax"
    r = Recurrent("gru", "gru", F, 3)
    lin = make_linear(3, classes)
    spec = spec_of({"name": "x", "type": "features", "size": F},
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": classes, "activation": activation}])
    m = Model(spec, [r], lin)
    if loss["name"] == "sparseCategoricalCrossentropy":
        ids = rng.integers(0, classes, size=B)
        targets_json, targets = tensor_json(ids, "int32"), torch.tensor(ids)
    elif loss["name"] == "categoricalCrossentropy":
        onehot = np.eye(classes)[rng.integers(0, classes, size=B)]
        targets_json, targets = tensor_json(onehot), torch.tensor(onehot)
    elif loss["name"] == "binaryCrossentropy":
        t = (rng.uniform(size=(B, classes)) < 0.5).astype(np.float64)
        targets_json, targets = tensor_json(t), torch.tensor(t)
    else:
        y = rng.uniform(-1, 1, size=(B, classes))
        targets_json, targets = tensor_json(y), torch.tensor(y)
    weights = {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in m.canonical().items()}
    optimizer = make_optimizer(m.parameters())
    losses = []

    def forward():
        z = lin(run_recurrent(r, x, None, False))
        if activation == "sigmoid":
            return torch.sigmoid(z)
        if activation == "softmax":
            return torch.softmax(z, -1)
        return z

    for _ in range(STEPS):
        optimizer.zero_grad()
        value = loss_value(loss, forward(), targets)
        value.backward()
        if clip is not None:
            nn.utils.clip_grad_norm_(m.parameters(), clip)
        optimizer.step()
        losses.append(value.item())
    config = {"format": "rnnkit-training", "formatVersion": 1, "loss": loss, "optimizer": optimizer_json,
              "batchSize": B, "epochs": 1}
    if clip is not None:
        config["clipNorm"] = clip
        config["clipNormScope"] = "global"
    final = {k: v.reshape(-1).tolist() for k, v in m.canonical().items()}
    return {"name": f"{optimizer_json['name']}-{len(losses)}-{json.dumps(loss, sort_keys=True)}-clip{clip}",
            "spec": spec, "weights": weights, "inputs": {"x": tensor_json(x_np)}, "targets": targets_json,
            "config": config, "losses": losses, "finalWeights": final}


def trajectories():
    out = []
    for i, (optimizer_json, make) in enumerate(OPTIMIZERS):
        for j, loss in enumerate(LOSSES):
            # Clip on every other combination, with a norm small enough to trigger.
            clip = 0.05 if (i + j) % 2 == 0 else None
            out.append(trajectory(optimizer_json, make, loss, clip))
    return out


# ---------------------------------------------------------------- glue layers (selectStep, pooling, logSoftmax)
# Generated after the cases above and the trajectories, so their random draws (and files) stay as
# they were. Max pooling's backward in PyTorch (`max(dim)` -> value_selecting_reduction_backward)
# sends the gradient to the FIRST maximal index only; case 4 has exact ties to pin that.

def previous_outputs(out, lengths):
    """paddedOutputs 'previous' for a forward layer with post-padding: step t >= L holds step L-1."""
    B, T, H = out.shape
    index = torch.tensor([[min(t, L - 1) for t in range(T)] for L in lengths])
    return out.gather(1, index.unsqueeze(-1).expand(B, T, H))


def glue_cases():
    B, T, F = 3, 5, 4
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    feats = {"x": tensor_json(x_np)}
    lengths = [5, 2, 4]
    valid = torch.tensor([[t_ < L for t_ in range(T)] for L in lengths])
    with_lengths = dict(feats, lengths=tensor_json(np.array(lengths), "int32"))
    feature_input = {"name": "x", "type": "features", "size": F}
    out = []

    # 1. BiLSTM, out[:, -1, :] (not the final state: the backward half has read one step), Linear, BCE logits.
    r = Recurrent("lstm", "lstm", F, 3, bidirectional=True)
    lin = make_linear(6, 2)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "direction": "bidirectional",
                     "returnSequences": True},
                    {"type": "selectStep", "name": "last", "index": -1},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin)
    t = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
    out.append(gradient_case("bilstm-selectstep-last-bce-logits", m, feats, tensor_json(t), torch.tensor(t),
                             {"name": "binaryCrossentropy", "fromLogits": True},
                             lambda: lin(run_recurrent(r, x, None, True)[:, -1, :])))

    # 2. GRU with lengths, mean pooling over every position (padded ones are 0: pad_packed_sequence), MSE.
    r = Recurrent("gru", "gru", F, 3)
    lin = make_linear(3, 2)
    spec = spec_of(feature_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                     "returnSequences": True, "paddedOutputs": "zero"},
                    {"type": "pooling", "name": "pool", "mode": "mean", "steps": "all"},
                    {"type": "dense", "name": "out", "units": 2}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    y = rng.uniform(-1, 1, size=(B, 2))
    out.append(gradient_case("gru-lengths-mean-pool-all-mse", m, with_lengths, tensor_json(y), torch.tensor(y),
                             {"name": "meanSquaredError"},
                             lambda: lin(run_recurrent(r, x, lengths, True).mean(dim=1))))

    # 3. The same GRU, mean over real steps only (sum / length), softmax + sparse CE.
    r = Recurrent("gru", "gru", F, 3)
    lin = make_linear(3, 3)
    spec = spec_of(feature_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                     "returnSequences": True, "paddedOutputs": "zero"},
                    {"type": "pooling", "name": "pool", "mode": "mean", "steps": "real"},
                    {"type": "dense", "name": "out", "units": 3, "activation": "softmax"}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    ids = rng.integers(0, 3, size=B)
    lens = torch.tensor(lengths, dtype=torch.float64).unsqueeze(-1)
    out.append(gradient_case("gru-lengths-mean-pool-real-sparse", m, with_lengths, tensor_json(ids, "int32"),
                             torch.tensor(ids), {"name": "sparseCategoricalCrossentropy"},
                             lambda: torch.softmax(lin(run_recurrent(r, x, lengths, True).sum(dim=1) / lens), -1)))

    # 4. Embedding(maskZero) + LSTM, paddedOutputs 'previous', max pooling over every position: the padded
    #    steps repeat the last real output exactly, so the max ties; PyTorch's gradient goes to the first.
    V = 7
    tokens = rng.integers(1, V, size=(B, T))
    token_lengths = [5, 2, 3]
    for b, L in enumerate(token_lengths):
        tokens[b, L:] = 0
    emb = make_embedding(V, 3)
    r = Recurrent("lstm", "lstm", 3, 4)
    lin = make_linear(4, 2)
    spec = spec_of({"name": "tokens", "type": "tokens"},
                   [{"type": "embedding", "name": "emb", "inputDim": V, "outputDim": 3, "maskZero": True},
                    {"type": "lstm", "name": "lstm", "units": 4, "recurrentBias": True, "returnSequences": True,
                     "paddedOutputs": "previous"},
                    {"type": "pooling", "name": "pool", "mode": "max", "steps": "all"},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin, emb)
    tok = torch.tensor(tokens)
    t = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
    out.append(gradient_case("embedding-maskzero-lstm-previous-max-pool-all-bce", m,
                             {"tokens": tensor_json(tokens, "int32")}, tensor_json(t), torch.tensor(t),
                             {"name": "binaryCrossentropy", "fromLogits": True},
                             lambda: lin(previous_outputs(run_recurrent(r, emb(tok), token_lengths, True),
                                                          token_lengths).max(dim=1).values),
                             note="ties: padded steps repeat the last real output; torch's max(dim) backward picks the first index"))

    # 5. LSTM with lengths, max pooling over real steps (padded ones masked to -inf), categorical CE on softmax.
    r = Recurrent("lstm", "lstm", F, 3)
    lin = make_linear(3, 3)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "returnSequences": True,
                     "paddedOutputs": "zero"},
                    {"type": "pooling", "name": "pool", "mode": "max", "steps": "real"},
                    {"type": "dense", "name": "out", "units": 3, "activation": "softmax"}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    onehot = np.eye(3)[rng.integers(0, 3, size=B)]
    out.append(gradient_case("lstm-lengths-max-pool-real-cce", m, with_lengths, tensor_json(onehot),
                             torch.tensor(onehot), {"name": "categoricalCrossentropy"},
                             lambda: torch.softmax(lin(run_recurrent(r, x, lengths, True).masked_fill(
                                 ~valid.unsqueeze(-1), float("-inf")).max(dim=1).values), -1)))

    # 6. Stacked LSTMs with lengths, per-step Linear + log_softmax, NLLLoss ignoring padded steps.
    r1 = Recurrent("lstm", "lstm1", F, 3)
    r2 = Recurrent("lstm", "lstm2", 3, 3)
    lin = make_linear(3, 4)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "lstm1", "units": 3, "recurrentBias": True, "returnSequences": True,
                     "paddedOutputs": "zero"},
                    {"type": "lstm", "name": "lstm2", "units": 3, "recurrentBias": True, "returnSequences": True,
                     "paddedOutputs": "zero"},
                    {"type": "dense", "name": "out", "units": 4, "activation": "logSoftmax"}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r1, r2], lin)
    step_ids = rng.integers(0, 4, size=(B, T))
    step_ids_json = np.where(valid.numpy(), step_ids, 0)
    flat_ids = torch.tensor(step_ids).clone()
    flat_ids[~valid] = -100

    def stacked_log_softmax():
        h = run_recurrent(r2, run_recurrent(r1, x, lengths, True), lengths, True)
        log_p = torch.log_softmax(lin(h), -1)
        return nn.functional.nll_loss(log_p.reshape(-1, 4), flat_ids.reshape(-1), ignore_index=-100)

    out.append(raw_loss_case("stacked-lstm-lengths-logsoftmax-nll", m, with_lengths,
                             tensor_json(step_ids_json, "int32"), {"name": "sparseCategoricalCrossentropy"},
                             stacked_log_softmax,
                             "NLLLoss on log_softmax; padded steps carry ignore_index in PyTorch, any id in rnnkit"))

    # 7. GRU + Linear + log_softmax with soft categorical targets (-sum y log p) and with MSE (the
    #    logSoftmax Jacobian in the backward).
    for loss_name in ("categoricalCrossentropy", "meanSquaredError"):
        r = Recurrent("gru", "gru", F, 3)
        lin = make_linear(3, 3)
        spec = spec_of(feature_input,
                       [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True},
                        {"type": "dense", "name": "out", "units": 3, "activation": "logSoftmax"}])
        m = Model(spec, [r], lin)
        if loss_name == "categoricalCrossentropy":
            soft = rng.uniform(0.1, 1, size=(B, 3))
            target = soft / soft.sum(-1, keepdims=True)
        else:
            target = rng.uniform(-2, 0, size=(B, 3))
        target_t = torch.tensor(target)

        def head(r=r, lin=lin):
            return torch.log_softmax(lin(run_recurrent(r, x, None, False)), -1)

        def value(loss_name=loss_name, target_t=target_t, head=head):
            log_p = head()
            if loss_name == "meanSquaredError":
                return nn.functional.mse_loss(log_p, target_t)
            return -(target_t * log_p).sum(-1).mean()

        out.append(raw_loss_case(f"gru-logsoftmax-{loss_name}", m, feats, tensor_json(target),
                                 {"name": loss_name}, value, "log-probabilities: cross-entropy is -sum(y * output)"))
    return out


def raw_loss_case(name, model, inputs, targets_json, loss, value_fn, note=""):
    """Like gradient_case, with the loss written out in torch by the caller."""
    weights = {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in model.canonical().items()}
    for p in model.parameters():
        p.grad = None
    value = value_fn()
    value.backward()
    grads = {k: v.reshape(-1).tolist() for k, v in model.canonical(use_grad=True).items()}
    return {"name": name, "note": note, "spec": model.spec, "weights": weights, "inputs": inputs,
            "targets": targets_json, "loss": loss, "expectedLoss": value.item(), "gradients": grads}


def glue_trajectories():
    """5 Adam steps (PyTorch epsilon) on each glue layer: selectStep, mean/max pooling with lengths,
    a per-step logSoftmax head with NLLLoss."""
    B, T, F = 3, 4, 2
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    lengths = [4, 2, 3]
    valid = torch.tensor([[t_ < L for t_ in range(T)] for L in lengths])
    feature_input = {"name": "x", "type": "features", "size": F}
    inputs = {"x": tensor_json(x_np), "lengths": tensor_json(np.array(lengths), "int32")}
    optimizer_json = {"name": "adam", "learningRate": 0.05, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                      "epsilonStyle": "pytorch"}
    out = []
    for kind in ("selectStep", "mean", "max", "logSoftmax"):
        r = Recurrent("gru", "gru", F, 3, bidirectional=(kind == "selectStep"))
        width = 6 if kind == "selectStep" else 3
        classes = 3
        lin = make_linear(width, classes)
        gru = {"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
               "returnSequences": True, "paddedOutputs": "zero"}
        if kind == "selectStep":
            gru["direction"] = "bidirectional"
            layers = [gru, {"type": "selectStep", "name": "pick", "index": 1},
                      {"type": "dense", "name": "out", "units": classes}]
            loss = {"name": "categoricalCrossentropy", "fromLogits": True}
        elif kind in ("mean", "max"):
            layers = [gru, {"type": "pooling", "name": "pool", "mode": kind, "steps": "real"},
                      {"type": "dense", "name": "out", "units": classes, "activation": "softmax"}]
            loss = {"name": "sparseCategoricalCrossentropy"}
        else:
            layers = [gru, {"type": "dense", "name": "out", "units": classes, "activation": "logSoftmax"}]
            loss = {"name": "sparseCategoricalCrossentropy"}
        spec = spec_of(feature_input, layers, {"sequenceLengths": {"name": "lengths"}})
        m = Model(spec, [r], lin)
        if kind == "logSoftmax":
            ids = rng.integers(0, classes, size=(B, T))
            targets_json = tensor_json(np.where(valid.numpy(), ids, 0), "int32")
            flat = torch.tensor(ids).clone()
            flat[~valid] = -100
        else:
            ids = rng.integers(0, classes, size=B)
            onehot = torch.tensor(np.eye(classes)[ids])
            targets_json = tensor_json(onehot.numpy()) if kind == "selectStep" else tensor_json(ids, "int32")
        weights = {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in m.canonical().items()}
        optimizer = torch.optim.Adam(m.parameters(), lr=0.05, betas=(0.9, 0.999), eps=1e-8)
        lens = torch.tensor(lengths, dtype=torch.float64).unsqueeze(-1)

        def value():
            h = run_recurrent(r, x, lengths, True)
            if kind == "selectStep":
                return -(onehot * torch.log_softmax(lin(h[:, 1, :]), -1)).sum(-1).mean()
            if kind == "mean":
                p = torch.softmax(lin(h.sum(dim=1) / lens), -1)
                return nn.functional.nll_loss(torch.log(p), torch.tensor(ids))
            if kind == "max":
                pooled = h.masked_fill(~valid.unsqueeze(-1), float("-inf")).max(dim=1).values
                return nn.functional.nll_loss(torch.log(torch.softmax(lin(pooled), -1)), torch.tensor(ids))
            log_p = torch.log_softmax(lin(h), -1)
            return nn.functional.nll_loss(log_p.reshape(-1, classes), flat.reshape(-1), ignore_index=-100)

        losses = []
        for _ in range(STEPS):
            optimizer.zero_grad()
            v = value()
            v.backward()
            optimizer.step()
            losses.append(v.item())
        config = {"format": "rnnkit-training", "formatVersion": 1, "loss": loss, "optimizer": optimizer_json,
                  "batchSize": B, "epochs": 1}
        final = {k: v.reshape(-1).tolist() for k, v in m.canonical().items()}
        out.append({"name": f"glue-{kind}-adam-{STEPS}", "spec": spec, "weights": weights, "inputs": inputs,
                    "targets": targets_json, "config": config, "losses": losses, "finalWeights": final})
    return out


if __name__ == "__main__":
    header = {"generator": "make_fixtures.py", "torch": torch.__version__, "dtype": "float64"}
    gradient_cases = cases()
    trajectory_cases = trajectories()
    gradient_cases += glue_cases()
    trajectory_cases += glue_trajectories()
    with open("gradients.json", "w") as f:
        json.dump(dict(header, cases=gradient_cases), f)
    with open("trajectories.json", "w") as f:
        json.dump(dict(header, steps=STEPS, cases=trajectory_cases), f)
    print("wrote gradients.json and trajectories.json")
