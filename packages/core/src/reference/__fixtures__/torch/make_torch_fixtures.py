#!/usr/bin/python3
"""PyTorch reference outputs for the rnnkit reference executor.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 make_torch_fixtures.py
Writes one JSON file per case beside this script:

  { "description", "torch": version,
    "spec":     the rnnkit spec (canonical, written here independently of the TypeScript code),
    "weights":  { canonical name: { "shape", "data" } }   converted from the module's state_dict,
    "inputs":   tensor JSON { name: { "dtype", "shape", "data" } },
    "expected": tensor JSON of PyTorch's outputs (output sequence, h_n, c_n or the head output) }

Conversion (the point of the check): PyTorch weight_ih [gates*H, in] -> kernel [in, gates*H]
(transpose), weight_hh -> recurrentKernel, bias_ih -> bias, bias_hh -> recurrentBias.
Gate order: LSTM i,f,g,o is canonical i,f,c,o as is; GRU r,z,n -> canonical z,r,h.
PyTorch's GRU applies the reset gate after the recurrent product: resetAfter true.
Multi-layer PyTorch modules become stacked spec layers l0, l1, ... with returnSequences true,
so `output` is compared to the last layer's sequence and h_n/c_n to the stacked final state.
Padded steps of packed sequences are zero in PyTorch's padded output; tests compare only real steps.
"""
import json
import os

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))


def floats(t):
    # 9 significant digits round-trip a float32 exactly.
    return [float('%.9g' % v) for v in t.detach().reshape(-1).tolist()]


def tensor_json(t, dtype='float32'):
    if dtype == 'int32':
        return {'dtype': 'int32', 'shape': list(t.shape), 'data': [int(v) for v in t.reshape(-1).tolist()]}
    return {'dtype': dtype, 'shape': list(t.shape), 'data': floats(t)}


def reorder_gru(w):
    """PyTorch GRU rows r, z, n -> canonical z, r, h (along dim 0)."""
    r, z, n = w.chunk(3, dim=0)
    return torch.cat([z, r, n], dim=0)


def convert_recurrent(module, kind, spec_layers, weights, input_size):
    """Adds one spec layer per PyTorch layer and its canonical weights."""
    directions = 2 if module.bidirectional else 1
    for layer in range(module.num_layers):
        name = 'l%d' % layer
        # pad_packed_sequence pads `out` with zeros: the spec's paddedOutputs 'zero'.
        spec = {'type': kind, 'name': name, 'units': module.hidden_size, 'returnSequences': True,
                'paddedOutputs': 'zero', 'recurrentBias': True}
        if directions == 2:
            spec['direction'] = 'bidirectional'
        if kind == 'gru':
            spec['resetAfter'] = True
        if kind == 'simpleRnn' and module.nonlinearity == 'relu':
            spec['activation'] = 'relu'
        spec_layers.append(spec)
        for d in range(directions):
            suffix = '_l%d%s' % (layer, '_reverse' if d == 1 else '')
            prefix = name + '/' + (('forward/', 'backward/')[d] if directions == 2 else '')
            w_ih = getattr(module, 'weight_ih' + suffix)
            w_hh = getattr(module, 'weight_hh' + suffix)
            b_ih = getattr(module, 'bias_ih' + suffix)
            b_hh = getattr(module, 'bias_hh' + suffix)
            if kind == 'gru':
                w_ih, w_hh, b_ih, b_hh = map(reorder_gru, (w_ih, w_hh, b_ih, b_hh))
            weights[prefix + 'kernel'] = {'shape': [w_ih.shape[1], w_ih.shape[0]], 'data': floats(w_ih.t())}
            weights[prefix + 'recurrentKernel'] = {'shape': [w_hh.shape[1], w_hh.shape[0]], 'data': floats(w_hh.t())}
            weights[prefix + 'bias'] = {'shape': [b_ih.shape[0]], 'data': floats(b_ih)}
            weights[prefix + 'recurrentBias'] = {'shape': [b_hh.shape[0]], 'data': floats(b_hh)}


def recurrent_case(case, kind, input_size, hidden, layers=1, bidirectional=False, nonlinearity='tanh',
                   batch=3, time=5, initial_state=False, lengths=None, seed=0):
    torch.manual_seed(seed)
    if kind == 'simpleRnn':
        module = nn.RNN(input_size, hidden, num_layers=layers, nonlinearity=nonlinearity,
                        bidirectional=bidirectional, batch_first=True)
    elif kind == 'lstm':
        module = nn.LSTM(input_size, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    else:
        module = nn.GRU(input_size, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=True)
    module.eval()
    directions = 2 if bidirectional else 1
    x = torch.randn(batch, time, input_size)
    h0 = torch.randn(layers * directions, batch, hidden) * 0.5 if initial_state else None
    c0 = torch.randn(layers * directions, batch, hidden) * 0.5 if initial_state and kind == 'lstm' else None

    with torch.no_grad():
        state = (h0, c0) if kind == 'lstm' else h0
        if not initial_state:
            state = None
        if lengths is not None:
            packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
            packed_out, final = module(packed, state)
            output, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=time)
        else:
            output, final = module(x, state)
    h_n, c_n = final if kind == 'lstm' else (final, None)

    spec_layers, weights = [], {}
    convert_recurrent(module, kind, spec_layers, weights, input_size)
    names = [layer['name'] for layer in spec_layers]
    spec = {
        'format': 'rnnkit-model', 'formatVersion': 1, 'name': case,
        'input': {'name': 'x', 'type': 'features', 'size': input_size},
        'layers': spec_layers,
        'output': {'name': 'output'},
        'stateOutputs': [{'name': 'h_n', 'kind': 'h', 'layers': names}],
    }
    if kind == 'lstm':
        spec['stateOutputs'].append({'name': 'c_n', 'kind': 'c', 'layers': names})
    inputs = {'x': tensor_json(x)}
    if initial_state:
        spec['stateInputs'] = [{'name': 'h0', 'kind': 'h', 'layers': names}]
        inputs['h0'] = tensor_json(h0)
        if kind == 'lstm':
            spec['stateInputs'].append({'name': 'c0', 'kind': 'c', 'layers': names})
            inputs['c0'] = tensor_json(c0)
    if lengths is not None:
        spec['sequenceLengths'] = {'name': 'lengths'}
        inputs['lengths'] = tensor_json(torch.tensor(lengths), 'int32')
    expected = {'output': tensor_json(output), 'h_n': tensor_json(h_n)}
    if c_n is not None:
        expected['c_n'] = tensor_json(c_n)
    write(case, repr(module) + (' packed, lengths %s' % lengths if lengths else '') +
          (' with h0/c0' if initial_state else ''), spec, weights, inputs, expected)


def embedding_lstm_head(case, seed=0):
    """Embedding -> LSTM -> Linear on the last hidden state -> sigmoid (a sentiment classifier)."""
    torch.manual_seed(seed)
    vocab, dim, hidden, batch, time = 10, 4, 6, 3, 7
    embedding = nn.Embedding(vocab, dim)
    lstm = nn.LSTM(dim, hidden, batch_first=True)
    linear = nn.Linear(hidden, 1)
    ids = torch.randint(0, vocab, (batch, time))
    with torch.no_grad():
        _, (h_n, c_n) = lstm(embedding(ids))
        prob = torch.sigmoid(linear(h_n[-1]))

    layers, weights = [], {}
    layers.append({'type': 'embedding', 'name': 'embedding', 'inputDim': vocab, 'outputDim': dim})
    weights['embedding/embeddings'] = {'shape': [vocab, dim], 'data': floats(embedding.weight)}
    convert_recurrent(lstm, 'lstm', layers, weights, dim)
    layers[1]['returnSequences'] = False
    layers.append({'type': 'dense', 'name': 'linear', 'units': 1, 'activation': 'sigmoid'})
    weights['linear/kernel'] = {'shape': [hidden, 1], 'data': floats(linear.weight.t())}
    weights['linear/bias'] = {'shape': [1], 'data': floats(linear.bias)}
    spec = {
        'format': 'rnnkit-model', 'formatVersion': 1, 'name': case,
        'input': {'name': 'ids', 'type': 'tokens'},
        'layers': layers,
        'output': {'name': 'prob'},
        'stateOutputs': [{'name': 'h_n', 'kind': 'h', 'layers': ['l0']},
                         {'name': 'c_n', 'kind': 'c', 'layers': ['l0']}],
    }
    inputs = {'ids': tensor_json(ids, 'int32')}
    expected = {'prob': tensor_json(prob), 'h_n': tensor_json(h_n), 'c_n': tensor_json(c_n)}
    write(case, 'Embedding(10, 4) -> LSTM(4, 6) -> Linear(6, 1) on h_n[-1] -> sigmoid',
          spec, weights, inputs, expected)


def write(case, description, spec, weights, inputs, expected):
    path = os.path.join(HERE, case + '.json')
    with open(path, 'w') as f:
        json.dump({'description': description, 'torch': torch.__version__, 'spec': spec,
                   'weights': weights, 'inputs': inputs, 'expected': expected}, f, separators=(',', ':'))
        f.write('\n')
    print(path, os.path.getsize(path))


if __name__ == '__main__':
    recurrent_case('rnn_tanh', 'simpleRnn', 3, 4, seed=1)
    recurrent_case('rnn_relu_initial_state', 'simpleRnn', 3, 4, nonlinearity='relu', initial_state=True, seed=2)
    recurrent_case('rnn_bidirectional_2_layers', 'simpleRnn', 2, 3, layers=2, bidirectional=True, seed=3)
    recurrent_case('lstm', 'lstm', 3, 5, seed=4)
    recurrent_case('lstm_initial_state', 'lstm', 3, 4, initial_state=True, seed=5)
    recurrent_case('lstm_bidirectional_2_layers_initial_state', 'lstm', 3, 4, layers=2, bidirectional=True,
                   initial_state=True, seed=6)
    recurrent_case('lstm_bidirectional_packed', 'lstm', 3, 4, bidirectional=True, lengths=[5, 2, 4], seed=7)
    recurrent_case('gru', 'gru', 3, 4, seed=8)
    recurrent_case('gru_2_layers_packed_initial_state', 'gru', 4, 3, layers=2, initial_state=True,
                   lengths=[3, 5, 1], seed=9)
    recurrent_case('gru_bidirectional', 'gru', 3, 8, bidirectional=True, seed=10)
    embedding_lstm_head('embedding_lstm_linear_sigmoid', seed=11)
