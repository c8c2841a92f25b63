#!/usr/bin/python3
"""The ONNX backend node tests for RNN / LSTM / GRU, converted to rnnkit specs for the reference.

Run with Debian's python3-onnx (1.12):
  /usr/bin/python3 make_onnx_node_fixtures.py /work/shared/conformance/onnx-node
Reads test_*/model.onnx and test_data_set_0/{input,output}_<i>.pb (see SOURCE.txt) and writes
<case>.json beside this script in the same format as ../torch/*.json: spec, canonical weights,
batch-major inputs and the expected outputs ONNX recorded (from its numpy reference).

Conversion, written here independently of the TypeScript code:
  W [dirs, G*H, I] -> kernel [I, G*H] per direction (transpose); R likewise -> recurrentKernel;
  B [dirs, 2*G*H] = [Wb, Rb] -> bias, recurrentBias; gate order LSTM i,o,f,c -> i,f,c,o,
  GRU z,r,h as is; peephole P i,o,f -> i,f,o; linear_before_reset -> resetAfter.
  X time-major [T, B, I] -> [B, T, I]; Y [T, dirs, B, H] -> [B, T, dirs*H] (forward half first);
  Y_h / Y_c [dirs, B, H] -> h_n / c_n. layout=1 (batchwise) tensors are batch-major already.
"""
import glob
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
KIND = {'RNN': 'simpleRnn', 'LSTM': 'lstm', 'GRU': 'gru'}
GATES = {'RNN': 1, 'LSTM': 4, 'GRU': 3}
ACTIVATIONS = {'Tanh': 'tanh', 'Sigmoid': 'sigmoid', 'Relu': 'relu', 'Softsign': 'softsign', 'Softplus': 'softplus'}


def floats(a):
    return [float('%.9g' % v) for v in np.asarray(a, dtype=np.float32).reshape(-1).tolist()]


def tensor_json(a, dtype='float32'):
    a = np.asarray(a)
    if dtype == 'int32':
        return {'dtype': 'int32', 'shape': list(a.shape), 'data': [int(v) for v in a.reshape(-1)]}
    return {'dtype': 'float32', 'shape': list(a.shape), 'data': floats(a)}


def reorder(w, op, axis):
    """ONNX gate blocks along `axis` -> canonical order."""
    if op != 'LSTM':
        return w
    i, o, f, c = np.split(w, 4, axis=axis)
    return np.concatenate([i, f, c, o], axis=axis)


def convert(case_dir):
    model = onnx.load(os.path.join(case_dir, 'model.onnx'))
    node = model.graph.node[0]
    op = node.op_type
    attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    for unsupported in ('clip', 'activations', 'activation_alpha', 'activation_beta', 'input_forget'):
        if unsupported in attrs:
            raise SystemExit('%s: attribute %s not converted' % (case_dir, unsupported))
    hidden = attrs['hidden_size']
    direction = attrs.get('direction', b'forward').decode()
    layout = attrs.get('layout', 0)
    dirs = 2 if direction == 'bidirectional' else 1
    gates = GATES[op]

    data = os.path.join(case_dir, 'test_data_set_0')
    values = {}
    # The .pb files are numbered in graph input / output order (optional node slots left empty are absent).
    for index, graph_input in enumerate(model.graph.input):
        values[graph_input.name] = numpy_helper.to_array(onnx.load_tensor(os.path.join(data, 'input_%d.pb' % index)))
    graph_outputs = [o.name for o in model.graph.output]
    named_inputs = dict(zip(['X', 'W', 'R', 'B', 'sequence_lens', 'initial_h', 'initial_c', 'P'], node.input))
    get = lambda key: values.get(named_inputs.get(key, ''))

    x = get('X')
    if layout == 0:
        x = x.transpose(1, 0, 2)  # [T, B, I] -> [B, T, I]
    batch, time, size = x.shape

    # ONNX's Y holds zeros past sequence_lens: the spec's paddedOutputs 'zero'.
    layer = {'type': KIND[op], 'name': 'rnn', 'units': hidden, 'returnSequences': True,
             'paddedOutputs': 'zero', 'recurrentBias': True}
    if dirs == 2:
        layer['direction'] = 'bidirectional'
    elif direction == 'reverse':
        layer['direction'] = 'reverse'
    if op == 'GRU':
        layer['resetAfter'] = bool(attrs.get('linear_before_reset', 0))
    P = get('P')
    if P is not None:
        layer['peepholes'] = True

    weights = {}
    W, R, B = get('W'), get('R'), get('B')
    if B is None:
        B = np.zeros((dirs, 2 * gates * hidden), dtype=np.float32)
    for d in range(dirs):
        prefix = 'rnn/' + (('forward/', 'backward/')[d] if dirs == 2 else '')
        weights[prefix + 'kernel'] = {'shape': [size, gates * hidden], 'data': floats(reorder(W[d], op, 0).T)}
        weights[prefix + 'recurrentKernel'] = {'shape': [hidden, gates * hidden], 'data': floats(reorder(R[d], op, 0).T)}
        wb, rb = np.split(B[d], 2)
        weights[prefix + 'bias'] = {'shape': [gates * hidden], 'data': floats(reorder(wb, op, 0))}
        weights[prefix + 'recurrentBias'] = {'shape': [gates * hidden], 'data': floats(reorder(rb, op, 0))}
        if P is not None:
            pi, po, pf = np.split(P[d], 3)
            weights[prefix + 'peephole'] = {'shape': [3 * hidden], 'data': floats(np.concatenate([pi, pf, po]))}

    case = os.path.basename(case_dir)
    spec = {
        'format': 'rnnkit-model', 'formatVersion': 1, 'name': case,
        'input': {'name': 'X', 'type': 'features', 'size': int(size)},
        'layers': [layer],
        'output': {'name': 'output'},
        'stateOutputs': [{'name': 'h_n', 'kind': 'h', 'layers': ['rnn']}],
    }
    if op == 'LSTM':
        spec['stateOutputs'].append({'name': 'c_n', 'kind': 'c', 'layers': ['rnn']})
    inputs = {'X': tensor_json(x)}
    lengths = get('sequence_lens')
    if lengths is not None:
        spec['sequenceLengths'] = {'name': 'lengths'}
        inputs['lengths'] = tensor_json(lengths, 'int32')
    for key, kind, name in (('initial_h', 'h', 'h0'), ('initial_c', 'c', 'c0')):
        state = get(key)
        if state is not None:
            if layout == 1:
                state = state.transpose(1, 0, 2)
            spec.setdefault('stateInputs', []).append({'name': name, 'kind': kind, 'layers': ['rnn']})
            inputs[name] = tensor_json(state)

    expected = {}
    for index, name in enumerate(node.output):
        if not name:
            continue
        path = os.path.join(data, 'output_%d.pb' % graph_outputs.index(name))
        out = numpy_helper.to_array(onnx.load_tensor(path))
        if index == 0:
            # Y: layout 0 [T, dirs, B, H]; layout 1 [B, T, dirs, H] -> [B, T, dirs*H]
            if layout == 0:
                out = out.transpose(2, 0, 1, 3)
            expected['output'] = tensor_json(out.reshape(batch, time, dirs * hidden))
        else:
            # Y_h / Y_c: layout 0 [dirs, B, H]; layout 1 [B, dirs, H]
            if layout == 1:
                out = out.transpose(1, 0, 2)
            expected['h_n' if index == 1 else 'c_n'] = tensor_json(out)

    description = '%s %s hidden %d%s' % (op, direction, hidden, ' layout=1' if layout else '')
    path = os.path.join(HERE, case + '.json')
    with open(path, 'w') as f:
        json.dump({'description': description, 'spec': spec, 'weights': weights, 'inputs': inputs,
                   'expected': expected}, f, separators=(',', ':'))
        f.write('\n')
    print(path, os.path.getsize(path))


if __name__ == '__main__':
    source = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/conformance/onnx-node'
    for case_dir in sorted(glob.glob(os.path.join(source, 'test_*'))):
        convert(case_dir)
