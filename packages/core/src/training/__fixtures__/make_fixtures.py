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
    as they were;
  - the issue 13 idioms (Keras Masking's maskValue with masked steps inside sequences, written
    out with torch.where; go_backwards' processing order; an activation layer; the
    torch.cat((h_n[-2], h_n[-1]), 1) concatStates head): 10 more gradient cases and 4 more
    trajectories, drawn last.
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


# ---------------------------------------------------------------- issue 13 idioms (maskValue, sequenceOrder, activation, concatStates)
# Generated after everything above, so those random draws (and cases) stay as they were.
# Keras Masking semantics (a step whose every feature equals mask_value keeps the state and, in
# sequence outputs, holds 0 or the previous output) have no torch module: the recurrence is
# written out with the module's own parameters (PyTorch's documented LSTM / GRU equations) and
# torch.where, and checked against the module on unmasked input before use.

MASK_VALUE = -1.0


def hand_step(r, x_t, state):
    """One step of r's (single-direction, layer 0) module, written out: PyTorch's nn.LSTM / nn.GRU formulas."""
    m = r.module
    gx = x_t @ m.weight_ih_l0.T + m.bias_ih_l0
    gh = state[0] @ m.weight_hh_l0.T + m.bias_hh_l0
    if r.kind == "lstm":
        i, f, g, o = (gx + gh).chunk(4, -1)
        c = torch.sigmoid(f) * state[1] + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c
    xr, xz, xn = gx.chunk(3, -1)
    hr, hz, hn = gh.chunk(3, -1)
    reset, update = torch.sigmoid(xr + hr), torch.sigmoid(xz + hz)
    n = torch.tanh(xn + reset * hn)
    return (1 - update) * n + update * state[0], None


def hand_run(r, x, real, reverse=False, padded="zero"):
    """Masked recurrence over x [B,T,F]; real [B,T] bool. A masked step keeps the state; its output is 0
    ('zero') or the last real output in processing order, 0 before the first ('previous').
    Returns the time-aligned outputs [B,T,H] and the final state (h, c)."""
    B, T, _ = x.shape
    h = torch.zeros(B, r.units)
    c = torch.zeros(B, r.units) if r.kind == "lstm" else None
    held = torch.zeros(B, r.units)
    outs = [None] * T
    for step in range(T):
        t = T - 1 - step if reverse else step
        nh, nc = hand_step(r, x[:, t, :], (h, c))
        keep = real[:, t].unsqueeze(-1)
        h = torch.where(keep, nh, h)
        if c is not None:
            c = torch.where(keep, nc, c)
        held = torch.where(keep, h, held if padded == "previous" else torch.zeros_like(h))
        outs[t] = held
    return torch.stack(outs, 1), (h, c)


def check_hand_run(r, x):
    """The written-out recurrence equals the torch module on unmasked input (forward direction)."""
    ours, (h, c) = hand_run(r, x, torch.ones(x.shape[0], x.shape[1], dtype=torch.bool))
    theirs, state = r.module(x)
    assert torch.allclose(ours, theirs, atol=1e-12), "hand-written recurrence differs from the torch module"
    if c is not None:
        assert torch.allclose(c, state[1][0], atol=1e-12)


def masked_features(B, T, F, steps):
    """Uniform features with every value of the listed (example, step) pairs set to MASK_VALUE."""
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    for b, t in steps:
        x_np[b, t, :] = MASK_VALUE
    real = torch.tensor((x_np != MASK_VALUE).any(-1))
    return x_np, real


def real_mse(out, y, real):
    """rnnkit's MSE on a sequence: the feature mean per position, averaged over the real positions."""
    return ((out - y) ** 2).mean(-1)[real].mean()


INTERIOR = [(0, 1), (0, 2), (1, 0), (1, 4), (2, 3)]


def idiom_cases():
    B, T, F = 3, 5, 4
    feature_input = {"name": "x", "type": "features", "size": F}
    masked_input = dict(feature_input, maskValue=MASK_VALUE)
    out = []

    # 1. Keras Masking(mask_value=-1) + LSTM(return_sequences) + TimeDistributed(Dense), masked steps inside the
    #    sequences, paddedOutputs 'previous' (Keras's plain masked layer), MSE over the real steps.
    x_np, real = masked_features(B, T, F, INTERIOR)
    x = torch.tensor(x_np)
    r = Recurrent("lstm", "lstm", F, 3)
    check_hand_run(r, torch.tensor(rng.uniform(-1, 1, size=(2, 3, F))))
    lin = make_linear(3, 2)
    spec = spec_of(masked_input,
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "returnSequences": True,
                     "paddedOutputs": "previous"},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin)
    y = rng.uniform(-1, 1, size=(B, T, 2))
    y_t = torch.tensor(y)
    out.append(raw_loss_case("maskvalue-lstm-previous-per-step-mse", m, {"x": tensor_json(x_np)}, tensor_json(y),
                             {"name": "meanSquaredError"},
                             lambda: real_mse(lin(hand_run(r, x, real, padded="previous")[0]), y_t, real),
                             "masked steps (every feature -1) keep the state and hold the previous output; the loss skips them"))

    # 2. maskValue, a GRU's final state (after the last real step, interior masked steps skipped), sigmoid + BCE.
    x_np, real = masked_features(B, T, F, INTERIOR)
    x = torch.tensor(x_np)
    r = Recurrent("gru", "gru", F, 3)
    check_hand_run(r, torch.tensor(rng.uniform(-1, 1, size=(2, 3, F))))
    lin = make_linear(3, 2)
    spec = spec_of(masked_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": 2, "activation": "sigmoid"}])
    m = Model(spec, [r], lin)
    t = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
    t_t = torch.tensor(t)
    out.append(raw_loss_case("maskvalue-gru-final-state-bce", m, {"x": tensor_json(x_np)}, tensor_json(t),
                             {"name": "binaryCrossentropy"},
                             lambda: nn.functional.binary_cross_entropy_with_logits(
                                 lin(hand_run(r, x, real)[1][0]), t_t),
                             "rnnkit computes BCE from the sigmoid Dense's logits (probabilityClipping none)"))

    # 3. sequenceOrder 'processing' (Keras go_backwards=True, return_sequences=True): the reverse direction's
    #    time-aligned outputs (torch: run on the flipped input, flip back), flipped once more; per-step Linear, MSE.
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    r = Recurrent("lstm", "lstm", F, 3)
    lin = make_linear(3, 2)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "direction": "reverse",
                     "returnSequences": True, "sequenceOrder": "processing"},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin)
    y = rng.uniform(-1, 1, size=(B, T, 2))
    y_t = torch.tensor(y)

    def processing_order():
        aligned = r.module(x.flip(1))[0].flip(1)
        return aligned.flip(1)

    out.append(raw_loss_case("reverse-lstm-processing-order-per-step-mse", m, feats_of(x_np), tensor_json(y),
                             {"name": "meanSquaredError"},
                             lambda: nn.functional.mse_loss(lin(processing_order()), y_t)))

    # 4. sequenceOrder 'processing' under maskValue: the reverse GRU by hand (masked steps keep the state, output 0),
    #    reversed over the whole time axis (padded positions included), per-step Linear, MSE over real steps (the
    #    mask is not reversed: Keras passes the input's mask on).
    x_np, real = masked_features(B, T, F, INTERIOR)
    x = torch.tensor(x_np)
    r = Recurrent("gru", "gru", F, 3)
    lin = make_linear(3, 2)
    spec = spec_of(masked_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                     "direction": "reverse", "returnSequences": True, "sequenceOrder": "processing",
                     "paddedOutputs": "zero"},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r], lin)
    y = rng.uniform(-1, 1, size=(B, T, 2))
    y_t = torch.tensor(y)
    out.append(raw_loss_case("maskvalue-reverse-gru-processing-order-mse", m, {"x": tensor_json(x_np)}, tensor_json(y),
                             {"name": "meanSquaredError"},
                             lambda: real_mse(lin(hand_run(r, x, real, reverse=True)[0].flip(1)), y_t, real)))

    # 5-6. Activation after an LSTM's last output (tanh, then relu), Linear; MSE and BCE (PyTorch clipping).
    for activation, fn in (("tanh", torch.tanh), ("relu", torch.relu)):
        x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
        x = torch.tensor(x_np)
        r = Recurrent("lstm", "lstm", F, 4)
        lin = make_linear(4, 2)
        spec = spec_of(feature_input,
                       [{"type": "lstm", "name": "lstm", "units": 4, "recurrentBias": True},
                        {"type": "activation", "name": "act", "activation": activation},
                        {"type": "dense", "name": "out", "units": 2,
                         **({"activation": "sigmoid"} if activation == "relu" else {})}])
        m = Model(spec, [r], lin)
        if activation == "tanh":
            y = rng.uniform(-1, 1, size=(B, 2))
            loss = {"name": "meanSquaredError"}
        else:
            y = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
            loss = {"name": "binaryCrossentropy", "probabilityClipping": "pytorch"}
        y_t = torch.tensor(y)

        def value(r=r, lin=lin, x=x, fn=fn, y_t=y_t, loss=loss):
            z = lin(fn(run_recurrent(r, x, None, False)))
            if loss["name"] == "meanSquaredError":
                return nn.functional.mse_loss(z, y_t)
            return nn.functional.binary_cross_entropy(torch.sigmoid(z), y_t)

        out.append(raw_loss_case(f"lstm-last-{activation}-activation-dense", m, feats_of(x_np), tensor_json(y), loss,
                                 value))

    # 7. GRU + Linear + F.log_softmax as an activation layer, NLLLoss.
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    r = Recurrent("gru", "gru", F, 3)
    lin = make_linear(3, 4)
    spec = spec_of(feature_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True},
                    {"type": "dense", "name": "out", "units": 4},
                    {"type": "activation", "name": "logp", "activation": "logSoftmax"}])
    m = Model(spec, [r], lin)
    ids = rng.integers(0, 4, size=B)
    ids_t = torch.tensor(ids)
    out.append(raw_loss_case("gru-dense-logsoftmax-activation-nll", m, feats_of(x_np), tensor_json(ids, "int32"),
                             {"name": "sparseCategoricalCrossentropy"},
                             lambda: nn.functional.nll_loss(torch.log_softmax(lin(run_recurrent(r, x, None, False)), -1),
                                                            ids_t)))

    # 8. The usual BiGRU classifier head: torch.cat((h_n[-2], h_n[-1]), dim=1) with packed lengths, Linear, BCE logits.
    lengths = [5, 2, 4]
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    r = Recurrent("gru", "gru", F, 3, bidirectional=True)
    lin = make_linear(6, 2)
    spec = spec_of(feature_input,
                   [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                     "direction": "bidirectional", "returnSequences": True, "paddedOutputs": "zero"},
                    {"type": "concatStates", "name": "cat", "kind": "h", "layers": ["gru"]},
                    {"type": "dense", "name": "out", "units": 2}],
                   {"sequenceLengths": {"name": "lengths"}})
    m = Model(spec, [r], lin)
    t = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
    t_t = torch.tensor(t)

    def bigru_head():
        packed = nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
        _, h_n = r.module(packed)
        return nn.functional.binary_cross_entropy_with_logits(lin(torch.cat((h_n[-2], h_n[-1]), dim=1)), t_t)

    out.append(raw_loss_case("bigru-lengths-concat-hn-bce-logits", m,
                             dict(feats_of(x_np), lengths=tensor_json(np.array(lengths), "int32")), tensor_json(t),
                             {"name": "binaryCrossentropy", "fromLogits": True}, bigru_head))

    # 9. BiLSTM h_n concat head, softmax, categorical CE; 10. two stacked LSTMs, c_n of both (torch.cat((c_n[0], c_n[1]), 1)
    #    of a 2-layer module), MSE.
    x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
    x = torch.tensor(x_np)
    r = Recurrent("lstm", "lstm", F, 3, bidirectional=True)
    lin = make_linear(6, 3)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "direction": "bidirectional"},
                    {"type": "concatStates", "name": "cat", "kind": "h", "layers": ["lstm"]},
                    {"type": "dense", "name": "out", "units": 3, "activation": "softmax"}])
    m = Model(spec, [r], lin)
    onehot = np.eye(3)[rng.integers(0, 3, size=B)]
    onehot_t = torch.tensor(onehot)

    def bilstm_head():
        _, (h_n, _) = r.module(x)
        log_p = torch.log_softmax(lin(torch.cat((h_n[-2], h_n[-1]), dim=1)), -1)
        return -(onehot_t * log_p).sum(-1).mean()

    out.append(raw_loss_case("bilstm-concat-hn-softmax-cce", m, feats_of(x_np), tensor_json(onehot),
                             {"name": "categoricalCrossentropy"}, bilstm_head,
                             "rnnkit computes CE from the softmax Dense's logits (probabilityClipping none)"))

    r1 = Recurrent("lstm", "l1", F, 3)
    r2 = Recurrent("lstm", "l2", 3, 3)
    lin = make_linear(6, 2)
    spec = spec_of(feature_input,
                   [{"type": "lstm", "name": "l1", "units": 3, "recurrentBias": True, "returnSequences": True},
                    {"type": "lstm", "name": "l2", "units": 3, "recurrentBias": True},
                    {"type": "concatStates", "name": "cat", "kind": "c", "layers": ["l1", "l2"]},
                    {"type": "dense", "name": "out", "units": 2}])
    m = Model(spec, [r1, r2], lin)
    y = rng.uniform(-1, 1, size=(B, 2))
    y_t = torch.tensor(y)

    def stacked_c():
        seq, (_, c1) = r1.module(x)
        _, (_, c2) = r2.module(seq)
        return nn.functional.mse_loss(lin(torch.cat((c1[0], c2[0]), dim=1)), y_t)

    out.append(raw_loss_case("stacked-lstm-concat-cn-mse", m, feats_of(x_np), tensor_json(y),
                             {"name": "meanSquaredError"}, stacked_c))
    return out


def feats_of(x_np):
    return {"x": tensor_json(x_np)}


def idiom_trajectories():
    """5 Adam steps (PyTorch epsilon) on each idiom: maskValue (LSTM, previous, interior masked steps),
    sequenceOrder processing (reverse GRU), an activation layer (tanh), concatStates (BiGRU h_n head)."""
    B, T, F = 3, 4, 2
    optimizer_json = {"name": "adam", "learningRate": 0.05, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8,
                      "epsilonStyle": "pytorch"}
    feature_input = {"name": "x", "type": "features", "size": F}
    out = []
    for kind in ("maskValue", "sequenceOrder", "activation", "concatStates"):
        if kind == "maskValue":
            x_np, real = masked_features(B, T, F, [(0, 1), (1, 0), (2, 3)])
        else:
            x_np = rng.uniform(-1, 1, size=(B, T, F)).astype(np.float32).astype(np.float64)
            real = None
        x = torch.tensor(x_np)
        if kind == "maskValue":
            r = Recurrent("lstm", "lstm", F, 3)
            lin = make_linear(3, 2)
            layers = [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True, "returnSequences": True,
                       "paddedOutputs": "previous"}, {"type": "dense", "name": "out", "units": 2}]
            input_spec = dict(feature_input, maskValue=MASK_VALUE)
            y = rng.uniform(-1, 1, size=(B, T, 2))
            loss = {"name": "meanSquaredError"}
        elif kind == "sequenceOrder":
            r = Recurrent("gru", "gru", F, 3)
            lin = make_linear(3, 2)
            layers = [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                       "direction": "reverse", "returnSequences": True, "sequenceOrder": "processing"},
                      {"type": "dense", "name": "out", "units": 2}]
            input_spec = feature_input
            y = rng.uniform(-1, 1, size=(B, T, 2))
            loss = {"name": "meanSquaredError"}
        elif kind == "activation":
            r = Recurrent("lstm", "lstm", F, 3)
            lin = make_linear(3, 3)
            layers = [{"type": "lstm", "name": "lstm", "units": 3, "recurrentBias": True},
                      {"type": "activation", "name": "act", "activation": "tanh"},
                      {"type": "dense", "name": "out", "units": 3, "activation": "softmax"}]
            input_spec = feature_input
            y = rng.integers(0, 3, size=B)
            loss = {"name": "sparseCategoricalCrossentropy"}
        else:
            r = Recurrent("gru", "gru", F, 3, bidirectional=True)
            lin = make_linear(6, 2)
            layers = [{"type": "gru", "name": "gru", "units": 3, "resetAfter": True, "recurrentBias": True,
                       "direction": "bidirectional", "returnSequences": True},
                      {"type": "concatStates", "name": "cat", "kind": "h", "layers": ["gru"]},
                      {"type": "dense", "name": "out", "units": 2}]
            input_spec = feature_input
            y = (rng.uniform(size=(B, 2)) < 0.5).astype(np.float64)
            loss = {"name": "binaryCrossentropy", "fromLogits": True}
        m = Model(spec_of(input_spec, layers), [r], lin)
        y_t = torch.tensor(y)
        weights = {k: {"shape": list(v.shape), "data": v.reshape(-1).tolist()} for k, v in m.canonical().items()}
        optimizer = torch.optim.Adam(m.parameters(), lr=0.05, betas=(0.9, 0.999), eps=1e-8)

        def value():
            if kind == "maskValue":
                return real_mse(lin(hand_run(r, x, real, padded="previous")[0]), y_t, real)
            if kind == "sequenceOrder":
                return nn.functional.mse_loss(lin(r.module(x.flip(1))[0]), y_t)
            if kind == "activation":
                z = lin(torch.tanh(run_recurrent(r, x, None, False)))
                return nn.functional.nll_loss(torch.log_softmax(z, -1), y_t)
            _, h_n = r.module(x)
            return nn.functional.binary_cross_entropy_with_logits(lin(torch.cat((h_n[-2], h_n[-1]), 1)), y_t)

        losses = []
        for _ in range(STEPS):
            optimizer.zero_grad()
            v = value()
            v.backward()
            optimizer.step()
            losses.append(v.item())
        config = {"format": "rnnkit-training", "formatVersion": 1, "loss": loss, "optimizer": optimizer_json,
                  "batchSize": B, "epochs": 1}
        targets = tensor_json(y, "int32") if kind == "activation" else tensor_json(y)
        final = {k: v.reshape(-1).tolist() for k, v in m.canonical().items()}
        out.append({"name": f"idiom-{kind}-adam-{STEPS}", "spec": m.spec, "weights": weights,
                    "inputs": feats_of(x_np), "targets": targets, "config": config, "losses": losses,
                    "finalWeights": final})
    return out


if __name__ == "__main__":
    header = {"generator": "make_fixtures.py", "torch": torch.__version__, "dtype": "float64"}
    gradient_cases = cases()
    trajectory_cases = trajectories()
    gradient_cases += glue_cases()
    trajectory_cases += glue_trajectories()
    gradient_cases += idiom_cases()
    trajectory_cases += idiom_trajectories()
    with open("gradients.json", "w") as f:
        json.dump(dict(header, cases=gradient_cases), f)
    with open("trajectories.json", "w") as f:
        json.dump(dict(header, steps=STEPS, cases=trajectory_cases), f)
    print("wrote gradients.json and trajectories.json")
