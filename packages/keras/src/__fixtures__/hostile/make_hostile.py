"""Hostile HDF5 files for the importer's bounds and time limit (run: /usr/bin/python3 make_hostile.py).

Each is a small Keras-looking .h5 (model_config + model_weights/layer_names) with one defect
found by fuzzing: group links that point back at the group itself or at the root, groups nested
300 deep, and a variable-length string attribute whose global heap collection size is corrupted.
"""
import json
import h5py
import numpy as np

CONFIG = json.dumps({
    "class_name": "Sequential",
    "config": {"name": "s", "layers": [
        {"class_name": "SimpleRNN", "config": {"name": "rnn", "units": 2,
                                               "batch_input_shape": [None, 3, 2]}}]},
})


def base(path):
    f = h5py.File(path, "w", libver="earliest")
    f.attrs["model_config"] = CONFIG.encode()
    weights = f.create_group("model_weights")
    weights.attrs["layer_names"] = [b"rnn"]
    rnn = weights.create_group("rnn")
    rnn.attrs["weight_names"] = [b"rnn/kernel:0", b"rnn/recurrent_kernel:0", b"rnn/bias:0"]
    inner = rnn.create_group("rnn")
    inner["kernel:0"] = np.ones((2, 2), np.float32)
    inner["recurrent_kernel:0"] = np.ones((2, 2), np.float32)
    inner["bias:0"] = np.zeros((2,), np.float32)
    return f


with base("self_link.h5") as f:
    f["model_weights/rnn/loop"] = f["model_weights/rnn"]

with base("root_link.h5") as f:
    f["model_weights/rnn/up"] = f["/"]

with base("deep_groups.h5") as f:
    g = f["model_weights/rnn"]
    for i in range(300):
        g = g.create_group("g")

# A variable-length string attribute lives in a global heap collection ("GCOL", version 1,
# 3 reserved bytes, then the collection size in 8 bytes). Corrupt that size.
with base("global_heap.h5") as f:
    f["model_weights"].attrs.create("note", "x" * 40, dtype=h5py.string_dtype())
data = bytearray(open("global_heap.h5", "rb").read())
at = data.find(b"GCOL")
assert at >= 0
data[at + 8:at + 16] = (0xFFFFFFFFFFFF).to_bytes(8, "little")
open("global_heap_size.h5", "wb").write(data)
data[at + 8:at + 16] = (17).to_bytes(8, "little")
open("global_heap_small.h5", "wb").write(data)
