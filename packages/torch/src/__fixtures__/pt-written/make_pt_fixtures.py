"""torch.save checkpoints written the ways people write them, for the .pt reader's tests.

Run from this folder with Debian's python3-torch: /usr/bin/python3 make_pt_fixtures.py
Writes <case>.pt and cases.json: per case the format, where the state dict sits, and every
tensor's dtype, shape and values (as float64 lists, row-major, as torch reads them back), plus
for the forward cases a seeded input and PyTorch's output.
"""
import collections
import json

import torch
from torch import nn

torch.manual_seed(0)
cases = {}


def values(t):
    return t.detach().double().reshape(-1).tolist()


def record(name, obj, state, key, legacy, forward=None):
    path = f"{name}.pt"
    torch.save(obj, path, _use_new_zipfile_serialization=not legacy)
    loaded = torch.load(path)
    sd = loaded[key] if key else loaded
    entry = {
        "format": "legacy" if legacy else "zip",
        "key": key,
        "tensors": {
            k: {"dtype": str(v.dtype).replace("torch.", ""), "shape": list(v.shape), "values": values(v)}
            for k, v in sd.items()
        },
    }
    if forward:
        entry.update(forward)
    cases[name] = entry


class CharRnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, batch_first=True)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


model = CharRnn().eval()
x = torch.randn(2, 5, 3)
with torch.no_grad():
    y = model(x)
forward = {"input": {"shape": list(x.shape), "data": values(x)}, "output": {"shape": list(y.shape), "data": values(y)}}
for legacy in (False, True):
    suffix = "legacy" if legacy else "zip"
    record(f"lstm_fc_{suffix}", model.state_dict(), model.state_dict(), "", legacy, forward)
    # A training checkpoint: the state dict inside a dict with metadata and an optimizer state.
    optimizer = torch.optim.Adam(model.parameters())
    checkpoint = {"epoch": 7, "loss": 0.25, "model_state_dict": model.state_dict(),
                  "optimizer_state_dict": optimizer.state_dict(), "note": "best"}
    record(f"checkpoint_{suffix}", checkpoint, None, "model_state_dict", legacy)

# float64 and float16 weights.
gru = nn.GRU(2, 3, batch_first=True)
record("gru_float64_zip", gru.double().state_dict(), None, "", False)
record("gru_float16_legacy", gru.half().state_dict(), None, "", True)

# Non-contiguous and shared storages: a transposed view, two rows of one storage, a slice at
# an offset, one tensor stored under two names.
base = torch.arange(24, dtype=torch.float32).reshape(4, 6) / 10
shared = collections.OrderedDict()
shared["t.weight"] = base.t()[:, :3]          # strides (1, 6), non-contiguous
shared["rows.a"] = base[1]                   # offset 6 into the storage
shared["rows.b"] = base[3, 2:5]              # offset 20
shared["same.x"] = base
shared["same.y"] = base
for legacy in (False, True):
    record(f"views_{'legacy' if legacy else 'zip'}", shared, None, "", legacy)

# The real cs177h GRU checkpoint's quirky forward (see ../torch-pt/cs177h-virus-gru/SOURCE.txt):
# the GRU is seq-first, but forward takes x[:, -1, :] (the last batch element at every step).
class GruRNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.GRU(24, 32, 2)
        self.linear1 = nn.Linear(32, 16)
        self.linear2 = nn.Linear(16, 1)

    def forward(self, x):
        x, _ = self.lstm(x)
        x = x[:, -1, :]
        return torch.sigmoid(self.linear2(self.linear1(x)))


quirk = GruRNN()
quirk.load_state_dict(torch.load("../torch-pt/cs177h-virus-gru/gru_model.pt"))
quirk.eval()
seq = torch.randn(6, 3, 24)  # (seq, batch, features)
with torch.no_grad():
    out = quirk(seq)  # (6, 1): one value per step, from batch element 2
cases["cs177h_forward"] = {
    "input_seq_first": {"shape": list(seq.shape), "data": values(seq)},
    "output": {"shape": list(out.shape), "data": values(out)},
}

with open("cases.json", "w") as f:
    json.dump(cases, f, indent=1)
print("wrote", ", ".join(cases))
