#!/usr/bin/python3
"""PyTorch state dicts <-> rnnkit, both directions, with Debian's python3-torch (1.13).

    /usr/bin/python3 make_torch_state_dicts.py

(a) torch-written/: state dicts PyTorch made. For each case a module is built with a fixed seed,
    run on seeded inputs, and saved as
      <case>.safetensors   the module's state_dict() (names as PyTorch registers them)
      <case>.json          { "description": repr(module) and forward(), "torch": version,
                             "modules": the rnnkit ModuleDescription saying what forward() does,
                             "inputs": tensor JSON, "expected": tensor JSON of PyTorch's output }
(b) rnnkit-written/: state dicts rnnkit made (written by the TypeScript test with
    RNNKIT_WRITE_FIXTURES=1, see README.md). For each <case>.safetensors there, the matching
    module below is loaded with load_state_dict(strict=True), run on <case>.inputs.json, and its
    output saved as <case>.torch.json.

The `safetensors` Python package is not in Debian, so the format (8-byte little-endian header
length, JSON header, raw little-endian data) is read and written here with struct and json.
"""
import json
import os
import struct
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
TORCH_WRITTEN = os.path.join(HERE, 'torch-written')
RNNKIT_WRITTEN = os.path.join(HERE, 'rnnkit-written')

FORMATS = {torch.float32: ('F32', 'f', 4), torch.float64: ('F64', 'd', 8)}
DTYPES = {'F32': ('f', 4, torch.float32), 'F64': ('d', 8, torch.float64)}


# ---------------------------------------------------------------- safetensors by hand

def save_safetensors(tensors, path, metadata=None):
    header = {}
    if metadata:
        header['__metadata__'] = metadata
    blobs, offset = [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        dtype, code, size = FORMATS[t.dtype]
        values = t.reshape(-1).tolist()
        blob = struct.pack('<%d%s' % (len(values), code), *values)
        header[name] = {'dtype': dtype, 'shape': list(t.shape), 'data_offsets': [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(',', ':')).encode('utf-8')
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def load_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    (length,) = struct.unpack('<Q', raw[:8])
    header = json.loads(raw[8:8 + length].decode('utf-8'))
    data = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == '__metadata__':
            continue
        code, size, dtype = DTYPES[entry['dtype']]
        begin, end = entry['data_offsets']
        values = struct.unpack('<%d%s' % ((end - begin) // size, code), data[begin:end])
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(entry['shape'])
    return tensors


# ---------------------------------------------------------------- tensor JSON

def floats(t):
    # 9 significant digits round-trip a float32 exactly.
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


def tensor_json(t):
    if t.dtype in (torch.int32, torch.int64):
        return {'dtype': 'int32', 'shape': list(t.shape), 'data': [int(v) for v in t.reshape(-1).tolist()]}
    return {'dtype': 'float32', 'shape': list(t.shape), 'data': floats(t)}


def read_tensor(entry):
    dtype = torch.float32 if entry['dtype'] in ('float32', 'float64') else torch.int64
    return torch.tensor(entry['data'], dtype=dtype).reshape(entry['shape'])


# ---------------------------------------------------------------- (a) state dicts PyTorch wrote

class CharRnn(nn.Module):
    """forward: fc(out[:, -1, :]), logits."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(10, 20, batch_first=True)
        self.fc = nn.Linear(20, 5)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out[:, -1, :])


class SentimentLstm(nn.Module):
    """forward: sigmoid(fc(h_n[-1]))."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(12, 6)
        self.lstm = nn.LSTM(6, 8, batch_first=True)
        self.fc = nn.Linear(8, 1)

    def forward(self, ids):
        _, (h_n, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.fc(h_n[-1]))


class GruLanguageModel(nn.Module):
    """forward: softmax(fc(out), -1) on every step of a 2-layer bidirectional GRU."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(15, 6)
        self.gru = nn.GRU(6, 8, num_layers=2, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(16, 15)

    def forward(self, ids):
        out, _ = self.gru(self.embedding(ids))
        return torch.softmax(self.fc(out), dim=-1)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(5, 7, bias=False, bidirectional=True, batch_first=True)


class BidirectionalNoBias(nn.Module):
    """Nested prefix encoder.lstm, no biases; forward: head(cat(h_n[-2], h_n[-1]))."""

    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.head = nn.Linear(14, 3, bias=False)

    def forward(self, x):
        _, (h_n, _) = self.encoder.lstm(x)
        return self.head(torch.cat((h_n[-2], h_n[-1]), dim=1))


class RnnRelu(nn.Module):
    """A bare nn.RNN(relu) saved under prefix 'rnn'; forward: the output sequence."""

    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(4, 6, num_layers=2, nonlinearity='relu', batch_first=True)

    def forward(self, x):
        return self.rnn(x)[0]


def torch_written_cases():
    """(name, module factory, input maker, rnnkit module description, dtype of the saved file)."""
    features = lambda size: (lambda: torch.randn(3, 6, size))  # noqa: E731
    tokens = lambda vocab: (lambda: torch.randint(0, vocab, (3, 7), dtype=torch.int32))  # noqa: E731
    return [
        ('char_rnn', CharRnn, features(10), {
            'modules': [
                {'kind': 'rnn', 'prefix': 'rnn', 'nonlinearity': 'tanh', 'batchFirst': True, 'output': 'lastStep'},
                {'kind': 'linear', 'prefix': 'fc'},
            ]}, torch.float32),
        ('sentiment_lstm', SentimentLstm, tokens(12), {
            'modules': [
                {'kind': 'embedding', 'prefix': 'embedding'},
                {'kind': 'lstm', 'prefix': 'lstm', 'batchFirst': True, 'output': 'finalHidden'},
                {'kind': 'linear', 'prefix': 'fc', 'activation': 'sigmoid'},
            ]}, torch.float32),
        ('gru_language_model', GruLanguageModel, tokens(15), {
            'modules': [
                {'kind': 'embedding', 'prefix': 'embedding'},
                {'kind': 'gru', 'prefix': 'gru', 'batchFirst': True, 'numLayers': 2, 'bidirectional': True,
                 'output': 'sequence'},
                {'kind': 'linear', 'prefix': 'fc', 'activation': 'softmax'},
            ]}, torch.float32),
        ('bidirectional_no_bias', BidirectionalNoBias, features(5), {
            'modules': [
                {'kind': 'lstm', 'prefix': 'encoder.lstm', 'batchFirst': True, 'output': 'finalHidden'},
                {'kind': 'linear', 'prefix': 'head'},
            ]}, torch.float64),
        ('rnn_relu', RnnRelu, features(4), {
            'modules': [{'kind': 'rnn', 'prefix': 'rnn', 'nonlinearity': 'relu', 'batchFirst': True}],
        }, torch.float32),
        # A bare module's own state dict (no prefix): nothing is ambiguous, read without a description.
        ('bare_gru', lambda: nn.GRU(3, 5, batch_first=True), features(3), None, torch.float32),
    ]


def write_torch_written():
    os.makedirs(TORCH_WRITTEN, exist_ok=True)
    for seed, (name, factory, make_input, modules, dtype) in enumerate(torch_written_cases()):
        torch.manual_seed(100 + seed)
        module = factory()
        module.eval()
        x = make_input()
        with torch.no_grad():
            y = module(x.long() if x.dtype == torch.int32 else x)
            if isinstance(y, tuple):  # a bare recurrent module returns (out, h_n)
                y = y[0]
        state = {k: v.to(dtype) for k, v in module.state_dict().items()}
        save_safetensors(state, os.path.join(TORCH_WRITTEN, name + '.safetensors'))
        doc = module.__doc__ if type(module).__module__ == '__main__' else None
        case = {
            'description': repr(module) + ('; ' + doc if doc else ''),
            'torch': torch.__version__,
            'dtype': FORMATS[dtype][0],
            'modules': modules,
            'inputs': {'input': tensor_json(x)},
            'expected': {'output': tensor_json(y)},
        }
        with open(os.path.join(TORCH_WRITTEN, name + '.json'), 'w') as f:
            json.dump(case, f, indent=1)
            f.write('\n')
        print('torch-written', name, list(y.shape))


# ---------------------------------------------------------------- (b) state dicts rnnkit wrote

class LastStepHead(nn.Module):
    def __init__(self, rnn, fc, activation=None):
        super().__init__()
        self.rnn, self.fc, self.activation = rnn, fc, activation

    def forward(self, x):
        out, _ = self.rnn(x)
        y = self.fc(out[:, -1, :])
        return self.activation(y) if self.activation else y


class SentimentKerasShaped(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(9, 4)
        self.lstm = nn.LSTM(4, 5, batch_first=True)
        self.dense = nn.Linear(5, 1)

    def forward(self, ids):
        _, (h_n, _) = self.lstm(self.embedding(ids))
        return torch.sigmoid(self.dense(h_n[-1]))


class GruStack(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(11, 4)
        self.gru = nn.GRU(4, 5, num_layers=2, bidirectional=True, batch_first=True)
        self.head = nn.Linear(10, 11)

    def forward(self, ids):
        out, _ = self.gru(self.embedding(ids))
        return torch.softmax(self.head(out), dim=-1)


class RnnReluNoBias(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.RNN(3, 4, nonlinearity='relu', bias=False, batch_first=True)
        self.out = nn.Linear(4, 2, bias=False)

    def forward(self, x):
        return self.out(self.rnn(x)[0])


class LstmBidirectionalFinal(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 4, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        _, (h_n, _) = self.lstm(x)
        return torch.tanh(self.fc(torch.cat((h_n[-2], h_n[-1]), dim=1)))


RNNKIT_WRITTEN_MODULES = {
    'char_rnn': lambda: LastStepHead(nn.RNN(4, 6, batch_first=True), nn.Linear(6, 3)),
    'sentiment_keras_shaped': SentimentKerasShaped,
    'gru_stack_bidirectional': GruStack,
    'rnn_relu_no_bias': RnnReluNoBias,
    'lstm_bidirectional_final': LstmBidirectionalFinal,
}


def run_rnnkit_written():
    if not os.path.isdir(RNNKIT_WRITTEN):
        print('no rnnkit-written/ yet: run the TypeScript writer first (README.md)')
        return
    for name in sorted(RNNKIT_WRITTEN_MODULES):
        path = os.path.join(RNNKIT_WRITTEN, name + '.safetensors')
        if not os.path.exists(path):
            sys.exit('missing %s: run the TypeScript writer first (README.md)' % path)
        module = RNNKIT_WRITTEN_MODULES[name]()
        module.load_state_dict(load_safetensors(path), strict=True)
        module.eval()
        with open(os.path.join(RNNKIT_WRITTEN, name + '.inputs.json')) as f:
            inputs = json.load(f)
        (x,) = [read_tensor(entry) for entry in inputs.values()]
        with torch.no_grad():
            y = module(x)
        with open(os.path.join(RNNKIT_WRITTEN, name + '.torch.json'), 'w') as f:
            json.dump({'torch': torch.__version__, 'module': repr(module), 'output': tensor_json(y)}, f, indent=1)
            f.write('\n')
        reference_path = os.path.join(RNNKIT_WRITTEN, name + '.reference.json')
        with open(reference_path) as f:
            reference = read_tensor(next(iter(json.load(f).values())))
        print('rnnkit-written', name, list(y.shape), 'max |torch - rnnkit reference| = %.3g'
              % (y - reference).abs().max().item())


if __name__ == '__main__':
    write_torch_written()
    run_rnnkit_written()
