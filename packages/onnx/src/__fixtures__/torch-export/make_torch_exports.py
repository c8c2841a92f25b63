#!/usr/bin/python3
"""Writes real `torch.onnx.export` output for the torch-graph importer's tests.

Run with Debian's python3-torch (1.13, TorchScript exporter) and python3-onnx (1.12):

    cd packages/onnx/src/__fixtures__/torch-export && /usr/bin/python3 make_torch_exports.py

For every case it writes `<case>.onnx` and records, in `cases.json`, the inputs fed to PyTorch and
PyTorch's own outputs as tensor JSON ({ name: { dtype, shape, data } }) keyed by the ONNX graph's
input and output names. Cases marked `"expect": "refuse"` are exports whose meaning the spec cannot
express (the importer must refuse them, not approximate them); they still carry PyTorch's outputs
so the reason for refusing is checkable.

Models are traced at one (batch, time) and recorded at another wherever batch/time are dynamic, so
a shape the exporter baked into the graph would show up as a mismatch.
"""
import json
import os
import warnings

import onnx
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
VOCAB = 12


class Net(nn.Module):
    """Embedding/features -> nn.RNN|LSTM|GRU -> selection -> optional Linear + activation."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        kind = cfg["kind"]
        in_size = cfg.get("features", 5)
        if cfg.get("embedding"):
            self.emb = nn.Embedding(VOCAB, cfg["embedding"])
            in_size = cfg["embedding"]
        common = dict(
            num_layers=cfg.get("layers", 1),
            bidirectional=cfg.get("bidirectional", False),
            batch_first=cfg.get("batch_first", True),
            bias=cfg.get("bias", True),
        )
        if kind == "lstm":
            self.rnn = nn.LSTM(in_size, cfg["hidden"], **common)
        elif kind == "gru":
            self.rnn = nn.GRU(in_size, cfg["hidden"], **common)
        else:
            self.rnn = nn.RNN(in_size, cfg["hidden"], nonlinearity=kind.split("_")[1], **common)
        dirs = 2 if common["bidirectional"] else 1
        feat = cfg["hidden"] * (dirs if cfg.get("select") != "h_last" else 1)
        if cfg.get("select") in ("h_cat_all", "c_cat_all", "h_permute", "h_cat01"):
            feat = cfg["hidden"] * dirs * common["num_layers"]
        if cfg.get("second_rnn"):
            self.rnn2 = nn.GRU(feat, cfg["hidden"], batch_first=common["batch_first"])
            feat = cfg["hidden"]
        # nn.Dropout / nn.Identity between the RNN and the head: identities at inference.
        self.between = nn.Dropout(0.3) if cfg.get("dropout") else nn.Identity()
        if cfg.get("head"):
            self.fc = nn.Linear(feat, cfg["head"])

    def forward(self, x, *state):
        cfg = self.cfg
        batch_first = cfg.get("batch_first", True)
        if cfg.get("packed"):
            # pack_padded_sequence with a lengths graph input; pad_packed_sequence after the RNN.
            lengths, state = state[0], state[1:]
        if cfg.get("embedding"):
            x = self.emb(x)
        if cfg.get("packed"):
            x = pack_padded_sequence(
                x, lengths, batch_first=batch_first, enforce_sorted=cfg["packed"] == "sorted"
            )
        if cfg["kind"] == "lstm":
            out, (h, c) = self.rnn(x, (state[0], state[1]) if state else None)
        else:
            out, h = self.rnn(x, state[0] if state else None)
            c = None
        if cfg.get("packed"):
            out, _ = pad_packed_sequence(out, batch_first=batch_first)
        if cfg.get("second_rnn"):
            # A second, unpacked nn.GRU over the padded output: it runs over the padding.
            out, h = self.rnn2(out)
        select = cfg.get("select", "seq")
        if select == "seq":
            y = out
        elif select == "last":
            y = out[:, -1, :] if cfg.get("batch_first", True) else out[-1]
        elif select == "h_last":
            y = h[-1]
        elif select == "h_cat":
            # The usual BiGRU/BiLSTM classifier head: the last layer's two final states.
            y = torch.cat((h[-2], h[-1]), dim=1)
        elif select == "h_cat_all":
            # Every layer's and direction's final state side by side, in h_n's order.
            y = torch.cat([h[i] for i in range(h.size(0))], dim=1)
        elif select == "c_cat_all":
            y = torch.cat([c[i] for i in range(c.size(0))], dim=1)
        elif select == "h_permute":
            y = h.permute(1, 0, 2).reshape(h.size(1), -1)
        elif select == "h_cat01":
            y = torch.cat((h[0], h[1]), 1)
        elif select == "mean":
            y = out.mean(dim=1 if cfg.get("batch_first", True) else 0)
        elif select == "max":
            y = out.max(dim=1 if cfg.get("batch_first", True) else 0).values
        y = self.between(y)
        if cfg.get("head"):
            y = self.fc(y)
            act = cfg.get("activation")
            if act == "sigmoid":
                y = torch.sigmoid(y)
            elif act == "tanh":
                y = torch.tanh(y)
            elif act == "relu":
                y = torch.relu(y)
            elif act == "softmax":
                y = torch.softmax(y, dim=-1)
            elif act == "log_softmax":
                y = torch.log_softmax(y, dim=-1)
        outs = [y]
        if cfg.get("return_state"):
            outs.append(h)
            if c is not None:
                outs.append(c)
        return tuple(outs) if len(outs) > 1 else y


ALL_OPSETS = list(range(9, 18))

# name, config, opsets, expect
CASES = [
    ("lstm_seq", dict(kind="lstm", hidden=4), ALL_OPSETS, "import"),
    ("gru_seq_time_major", dict(kind="gru", hidden=4, batch_first=False), ALL_OPSETS, "import"),
    (
        "rnn_tanh_emb_last_softmax",
        dict(kind="rnn_tanh", hidden=6, embedding=5, select="last", head=4, activation="softmax"),
        [11, 14],
        "import",
    ),
    (
        "rnn_relu_2layer_h0_states",
        dict(kind="rnn_relu", hidden=5, layers=2, state_in=True, return_state=True),
        [10, 13],
        "import",
    ),
    (
        "lstm_bi_2layer_emb_states_sigmoid",
        dict(
            kind="lstm", hidden=4, embedding=5, layers=2, bidirectional=True,
            state_in=True, return_state=True, head=3, activation="sigmoid",
        ),
        [9, 12, 17],
        "import",
    ),
    (
        "gru_bi_time_major_h0_states",
        dict(kind="gru", hidden=4, bidirectional=True, batch_first=False, state_in=True, return_state=True),
        [10, 15],
        "import",
    ),
    (
        "lstm_2layer_emb_hlast_sigmoid",
        dict(kind="lstm", hidden=6, embedding=4, layers=2, select="h_last", head=1, activation="sigmoid"),
        [11, 16],
        "import",
    ),
    (
        "gru_2layer_last_tanh",
        dict(kind="gru", hidden=5, layers=2, select="last", head=3, activation="tanh"),
        [12, 17],
        "import",
    ),
    (
        "lstm_time_major_last_relu",
        dict(kind="lstm", hidden=4, batch_first=False, select="last", head=2, activation="relu", state_in=True),
        [9, 14],
        "import",
    ),
    (
        "lstm_seq_dense_relu",
        dict(kind="lstm", hidden=4, head=3, activation="relu"),
        [9, 14],
        "import",
    ),
    ("gru_no_bias_states", dict(kind="gru", hidden=4, bias=False, return_state=True), [11, 13], "import"),
    ("rnn_tanh_bi_seq_dense", dict(kind="rnn_tanh", hidden=4, bidirectional=True, head=2), [9, 16], "import"),
    # out[:, -1, :] of a bidirectional layer is [forward final h, backward output after one step],
    # not the spec's returnSequences=false [forward final, backward final]: a selectStep layer.
    ("lstm_bi_last", dict(kind="lstm", hidden=4, bidirectional=True, select="last"), [9, 13, 17], "import"),
    # h[-1] of a bidirectional stack is only the backward direction's final state.
    ("gru_bi_hlast_refused", dict(kind="gru", hidden=4, bidirectional=True, select="h_last"), [13, 17], "refuse"),
    # do_constant_folding=False: the exporter reorders PyTorch's gates with Slice/Concat/Unsqueeze
    # nodes over the raw parameters and transposes the Linear weight in the graph.
    (
        "lstm_bi_2layer_emb_states_sigmoid_unfolded",
        dict(
            kind="lstm", hidden=4, embedding=5, layers=2, bidirectional=True,
            state_in=True, return_state=True, head=3, activation="sigmoid", fold=False,
        ),
        [11, 13],
        "import",
    ),
    ("gru_2layer_last_tanh_unfolded", dict(kind="gru", hidden=5, layers=2, select="last", head=3, activation="tanh", fold=False), [9, 15], "import"),
    (
        "rnn_relu_2layer_h0_states_unfolded",
        dict(kind="rnn_relu", hidden=5, layers=2, state_in=True, return_state=True, fold=False),
        [10, 17],
        "import",
    ),
    # No dynamic_axes: zero initial states become Constant zeros Expand-ed to the batch size.
    (
        "lstm_bi_2layer_emb_states_sigmoid_static",
        dict(
            kind="lstm", hidden=4, embedding=5, layers=2, bidirectional=True,
            return_state=True, head=3, activation="sigmoid", static=True,
        ),
        [13, 16],
        "import",
    ),
    (
        "gru_2layer_time_major_last_static",
        dict(kind="gru", hidden=4, layers=2, select="last", head=3, batch_first=False, static=True),
        [11, 14],
        "import",
    ),
    ("lstm_seq_dense_softmax", dict(kind="lstm", hidden=4, head=5, activation="softmax"), [9, 12, 13], "import"),
    (
        "gru_emb_time_major_hlast_states",
        dict(
            kind="gru", hidden=5, embedding=4, batch_first=False, select="h_last", head=2,
            activation="sigmoid", state_in=True, return_state=True,
        ),
        [10, 16],
        "import",
    ),
]

# Issue 13's idioms (appended, so the cases above keep their seeds).
CASES += [
    (
        "gru_bi_hcat_head",
        dict(kind="gru", hidden=4, bidirectional=True, select="h_cat", head=3),
        [9, 13, 17],
        "import",
    ),
    (
        "lstm_bi_2layer_hcat_dropout_sigmoid",
        dict(kind="lstm", hidden=3, layers=2, bidirectional=True, select="h_cat", head=1,
             activation="sigmoid", dropout=True),
        [9, 11, 17],
        "import",
    ),
    ("gru_mean_pool_head", dict(kind="gru", hidden=4, select="mean", head=2), [9, 13, 17], "import"),
    (
        "lstm_bi_max_pool_time_major",
        dict(kind="lstm", hidden=3, bidirectional=True, batch_first=False, select="max"),
        [9, 11, 17],
        "import",
    ),
    (
        "rnn_tanh_bi_last_time_major_head",
        dict(kind="rnn_tanh", hidden=4, bidirectional=True, batch_first=False, select="last", head=2),
        [9, 14],
        "import",
    ),
    (
        "gru_2layer_emb_out_hn_identity",
        dict(kind="gru", hidden=4, layers=2, embedding=5, return_state=True),
        [9, 10, 17],
        "import",
    ),
    (
        "lstm_2layer_seq_log_softmax",
        dict(kind="lstm", hidden=4, layers=2, head=5, activation="log_softmax"),
        [9, 12, 13, 17],
        "import",
    ),
]

# pack_padded_sequence(enforce_sorted=False) with a lengths graph input (issue 13). The exporter
# sorts the batch by length (TopK), runs the RNN nodes with sequence_lens and un-sorts Y and h_n
# (Gather by the ScatterElements inverse permutation). What torch 1.13 does at each opset:
# - opset 9 with dynamic axes: not exported ("Unsupported: ONNX export of operator Sort, input
#   size not accessible"); without dynamic axes it exports.
# - opsets 9 and 10: the sort is a TopK of the int64 lengths, which TopK-1/TopK-10 do not allow
#   (float types only; integers from TopK-11). onnxruntime refuses those models ("Type
#   'tensor(int64)' of input parameter ... of operator (TopK) ... is invalid"): refused cases.
# - every opset: the zero initial state is a Constant at the traced batch size Expand-ed to the
#   run-time batch (PackedSequence's max_batch_size is traced as a constant), so onnxruntime runs
#   the file only at the traced batch size (else "invalid expand shape"). These cases trace at the
#   batch they record (PACKED_TRACE_BT); the importer reads that state as zeros at any batch,
#   which is what PyTorch computes.
# pad_packed_sequence pads to max(lengths) in PyTorch, but the exported graph keeps the input's
# time: recorded lengths always include the full time so both agree.
CASES += [
    (
        "gru_packed_out_hn",
        dict(kind="gru", hidden=4, packed="unsorted", return_state=True),
        [11, 13, 17],
        "import",
    ),
    (
        "lstm_packed_static",
        dict(kind="lstm", hidden=3, packed="unsorted", return_state=True, static=True),
        [12, 15],
        "import",
    ),
    (
        "lstm_packed_static_topk_int64_refused",
        dict(kind="lstm", hidden=3, packed="unsorted", return_state=True, static=True,
             refusal="TopK node '/TopK'.*opset 11", ort_error="operator \\(TopK\\).*is invalid"),
        [9, 10],
        "refuse",
    ),
    (
        "lstm_bi_2layer_packed_states",
        dict(kind="lstm", hidden=3, layers=2, bidirectional=True, packed="unsorted", return_state=True),
        [11, 14, 17],
        "import",
    ),
    (
        "rnn_tanh_2layer_emb_packed_hlast_head",
        dict(kind="rnn_tanh", hidden=4, layers=2, embedding=5, packed="unsorted", select="h_last",
             head=2, activation="sigmoid"),
        [11, 16],
        "import",
    ),
    (
        "gru_bi_packed_hcat_head",
        dict(kind="gru", hidden=4, bidirectional=True, packed="unsorted", select="h_cat", head=3),
        [12, 17],
        "import",
    ),
    (
        "rnn_relu_bi_packed_time_major",
        dict(kind="rnn_relu", hidden=3, bidirectional=True, batch_first=False, packed="unsorted"),
        [11, 15],
        "import",
    ),
    # enforce_sorted=True: the lengths go straight to sequence_lens (no TopK, so opset 10 works).
    ("gru_packed_sorted", dict(kind="gru", hidden=4, packed="sorted", return_state=True), [10, 17], "import"),
    # A second, unpacked GRU over pad_packed_sequence's output runs over the padded steps: the
    # spec's sequenceLengths apply to every recurrent layer, so this is refused.
    (
        "gru_packed_then_unpacked_refused",
        dict(kind="gru", hidden=4, packed="unsorted", second_rnn=True, select="h_last",
             refusal="lengths input 'lengths': layer\\(s\\) 'rnn2' run without it"),
        [11, 17],
        "refuse",
    ),
]

# Final states concatenated across layers and directions in h_n's order (issue 13): a
# concatStates layer.
CASES += [
    ("gru_2layer_hcat01_head", dict(kind="gru", hidden=4, layers=2, select="h_cat01", head=2), [9, 13, 17], "import"),
    ("lstm_bi_2layer_hcat_all", dict(kind="lstm", hidden=3, layers=2, bidirectional=True, select="h_cat_all"), [9, 17], "import"),
    ("lstm_2layer_ccat_all_head", dict(kind="lstm", hidden=3, layers=2, select="c_cat_all", head=2, activation="tanh"), [11, 17], "import"),
    ("rnn_tanh_bi_2layer_hpermute", dict(kind="rnn_tanh", hidden=3, layers=2, bidirectional=True, select="h_permute"), [9, 17], "import"),
    ("gru_bi_2layer_packed_hcat_all", dict(kind="gru", hidden=3, layers=2, bidirectional=True, packed="unsorted", select="h_cat_all"), [11, 17], "import"),
]

TRACE_BT = (2, 3)
RECORD_BT = (3, 5)
PACKED_TRACE_BT = (3, 4)


def make_inputs(cfg, batch, time, gen):
    batch_first = cfg.get("batch_first", True)
    if cfg.get("embedding"):
        shape = (batch, time) if batch_first else (time, batch)
        x = torch.randint(0, VOCAB, shape, generator=gen)
    else:
        shape = (batch, time, cfg.get("features", 5)) if batch_first else (time, batch, cfg.get("features", 5))
        x = torch.randn(shape, generator=gen)
    args = [x]
    if cfg.get("packed"):
        # Every length in [1, time), then one of them the full time (see the packed cases above).
        lengths = torch.randint(1, time, (batch,), generator=gen)
        lengths[int(torch.randint(0, batch, (1,), generator=gen))] = time
        if cfg["packed"] == "sorted":
            lengths = torch.sort(lengths, descending=True).values
        args.append(lengths)
    if cfg.get("state_in"):
        dirs = 2 if cfg.get("bidirectional") else 1
        n = cfg.get("layers", 1) * dirs
        args.append(torch.randn((n, batch, cfg["hidden"]), generator=gen) * 0.5)
        if cfg["kind"] == "lstm":
            args.append(torch.randn((n, batch, cfg["hidden"]), generator=gen) * 0.5)
    return args


def io_names(cfg):
    inputs = ["tokens" if cfg.get("embedding") else "features"]
    if cfg.get("packed"):
        inputs.append("lengths")
    if cfg.get("state_in"):
        inputs.append("h0")
        if cfg["kind"] == "lstm":
            inputs.append("c0")
    outputs = ["output"]
    if cfg.get("return_state"):
        outputs.append("h_n")
        if cfg["kind"] == "lstm":
            outputs.append("c_n")
    return inputs, outputs


def dynamic_axes(cfg, inputs, outputs):
    batch_first = cfg.get("batch_first", True)
    b, t = (0, 1) if batch_first else (1, 0)
    axes = {inputs[0]: {b: "batch", t: "time"}}
    for name in inputs[1:] + outputs[1:]:
        axes[name] = {0: "batch"} if name == "lengths" else {1: "batch"}
    if cfg.get("select", "seq") == "seq":
        axes["output"] = {b: "batch", t: "time"}
    else:
        axes["output"] = {0: "batch"}
    return axes


def tensor_json(t):
    t = t.detach()
    if t.dtype == torch.int64:
        return {"dtype": "int64", "shape": list(t.shape), "data": [int(v) for v in t.flatten().tolist()]}
    return {"dtype": "float32", "shape": list(t.shape), "data": [float(v) for v in t.float().flatten().tolist()]}


def main():
    index = []
    for seed, (name, cfg, opsets, expect) in enumerate(CASES):
        torch.manual_seed(1000 + seed)
        model = Net(cfg).eval()
        inputs, outputs = io_names(cfg)
        gen = torch.Generator().manual_seed(2000 + seed)
        trace_args = make_inputs(cfg, *(PACKED_TRACE_BT if cfg.get("packed") else TRACE_BT), gen)
        trace_bt = PACKED_TRACE_BT if cfg.get("packed") else TRACE_BT
        record_args = make_inputs(cfg, *(trace_bt if cfg.get("static") else RECORD_BT), gen)
        with torch.no_grad():
            result = model(*record_args)
        result = result if isinstance(result, tuple) else (result,)
        for opset in opsets:
            file = f"{name}_opset{opset}.onnx"
            path = os.path.join(HERE, file)
            torch.onnx.export(
                model,
                tuple(trace_args),
                path,
                opset_version=opset,
                input_names=inputs,
                output_names=outputs,
                dynamic_axes=None if cfg.get("static") else dynamic_axes(cfg, inputs, outputs),
                do_constant_folding=cfg.get("fold", True),
            )
            onnx.checker.check_model(onnx.load(path))
            index.append(
                {
                    "name": f"{name}_opset{opset}",
                    "file": file,
                    "opset": opset,
                    "expect": expect,
                    "config": cfg,
                    "inputs": {n: tensor_json(a) for n, a in zip(inputs, record_args)},
                    "outputs": {n: tensor_json(r) for n, r in zip(outputs, result)},
                    # What `writeTorchStateDict` of the imported model must write for
                    # model.load_state_dict(strict=True) to accept it: every key and shape.
                    "state_dict": {k: list(v.shape) for k, v in model.state_dict().items()},
                }
            )
    with open(os.path.join(HERE, "cases.json"), "w") as f:
        json.dump({"source": "make_torch_exports.py", "torch": torch.__version__, "onnx": onnx.__version__, "cases": index}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
