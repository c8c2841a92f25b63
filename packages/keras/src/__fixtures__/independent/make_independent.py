"""Expected outputs for real Keras files that recorded none, and small Keras 3 files.

Independent of rnnkit: reads the .h5 / .keras files with h5py, implements Keras's own layer maths
(gate order, hard_sigmoid per Keras version, reset_after, go_backwards, Bidirectional, mask_zero) in
PyTorch float64, and writes <case>.json = { source, input, output }. The Keras 3 files
(keras3_*.keras, keras3_legacy.h5) are written here in Keras 3's layout (zip of config.json,
metadata.json, model.weights.h5 with layers/<snake_class>/.../vars/<i>), since no Keras 3 is
installed; their weights are seeded random numbers.

Run: /usr/bin/python3 make_independent.py   (torch 1.13, h5py 3.7, numpy)
"""
import io
import json
import os
import zipfile

import h5py
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, '..', 'real')
torch.set_default_dtype(torch.float64)


def activation(name, flavor):
    if name in (None, 'linear'):
        return lambda x: x
    if name == 'tanh':
        return torch.tanh
    if name == 'sigmoid':
        return torch.sigmoid
    if name == 'relu':
        return torch.relu
    if name == 'softmax':
        return lambda x: torch.softmax(x, dim=-1)
    if name == 'hard_sigmoid':
        if flavor == 'keras3':
            return lambda x: torch.clamp(x / 6 + 0.5, 0, 1)
        return lambda x: torch.clamp(0.2 * x + 0.5, 0, 1)
    raise ValueError(name)


def run_cell(kind, x, mask, w, cfg, flavor, backwards):
    """x [B,T,F]; returns per-step outputs [B,T,U] in Keras's order (reversed if go_backwards) and final h."""
    units = w['kernel'].shape[1] // {'SimpleRNN': 1, 'LSTM': 4, 'GRU': 3}[kind]
    act = activation(cfg.get('activation', 'tanh'), flavor)
    ract = activation(cfg.get('recurrent_activation', cfg.get('inner_activation', 'hard_sigmoid')), flavor)
    B, T, _ = x.shape
    h = torch.zeros(B, units)
    c = torch.zeros(B, units)
    steps = list(range(T))[::-1] if backwards else list(range(T))
    outs = []
    W, U = w['kernel'], w['recurrent_kernel']
    b = w.get('bias')
    for t in steps:
        xt = x[:, t, :]
        if kind == 'SimpleRNN':
            nh = act(xt @ W + (b if b is not None else 0) + h @ U)
            nc = c
        elif kind == 'LSTM':
            z = xt @ W + h @ U + (b if b is not None else 0)
            i, f, g, o = z.split(units, dim=1)
            nc = ract(f) * c + ract(i) * act(g)
            nh = ract(o) * act(nc)
        else:
            reset_after = w['reset_after']
            if reset_after:
                bi, br = (b[0], b[1]) if b is not None else (0, 0)
                xz = xt @ W + bi
                hz = h @ U + br
                z = ract(xz[:, :units] + hz[:, :units])
                r = ract(xz[:, units:2 * units] + hz[:, units:2 * units])
                hh = act(xz[:, 2 * units:] + r * hz[:, 2 * units:])
            else:
                bb = b if b is not None else torch.zeros(3 * units)
                xz = xt @ W + bb
                z = ract(xz[:, :units] + h @ U[:, :units])
                r = ract(xz[:, units:2 * units] + h @ U[:, units:2 * units])
                hh = act(xz[:, 2 * units:] + (r * h) @ U[:, 2 * units:])
            nh = z * h + (1 - z) * hh
            nc = c
        if mask is not None:
            m = mask[:, t:t + 1]
            nh = torch.where(m, nh, h)
            nc = torch.where(m, nc, c)
        h, c = nh, nc
        outs.append(h)
    return torch.stack(outs, dim=1), h


def recurrent(kind, x, mask, w, cfg, flavor):
    seq, last = run_cell(kind, x, mask, w, cfg, flavor, cfg.get('go_backwards', False))
    return seq if cfg.get('return_sequences', False) else last


def bidirectional(x, mask, wf, wb, cfg, flavor):
    inner = cfg['layer']
    kind, icfg = inner['class_name'], inner['config']
    fseq, flast = run_cell(kind, x, mask, wf, icfg, flavor, False)
    bseq, blast = run_cell(kind, x, mask, wb, icfg, flavor, True)
    if icfg.get('return_sequences', False):
        a, b = fseq, torch.flip(bseq, dims=[1])  # Keras realigns the backward sequence
    else:
        a, b = flast, blast
    mode = cfg.get('merge_mode', 'concat')
    return {'concat': lambda: torch.cat([a, b], -1), 'sum': lambda: a + b, 'ave': lambda: (a + b) / 2,
            'mul': lambda: a * b}[mode]()


def t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64))


def keras2_weights(group, layer, gru_reset_after):
    """Weights of one layer group by role; Keras 1 per-gate arrays joined in Keras gate order."""
    g = group[layer]
    names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs['weight_names']]
    sets = {}
    for n in names:
        side = 'forward' if 'forward' in n else 'backward' if 'backward' in n else 'single'
        base = n.split('/')[-1].replace(':0', '')
        sets.setdefault(side, {})[base] = np.array(g[n])
    out = {}
    for side, arrays in sets.items():
        w = {}
        if any(k.endswith('_W_i') or k.endswith('_W_z') for k in arrays):
            gates = ['i', 'f', 'c', 'o'] if any(k.endswith('_W_i') for k in arrays) else ['z', 'r', 'h']
            for role, letter in (('kernel', 'W'), ('recurrent_kernel', 'U'), ('bias', 'b')):
                w[role] = t(np.concatenate([next(v for k, v in arrays.items() if k.endswith(f'_{letter}_{gt}')) for gt in gates], -1))
        else:
            for k, v in arrays.items():
                role = 'kernel' if k.endswith('kernel') and not k.endswith('recurrent_kernel') else k.split('_')[-1] if False else None
                if k.endswith('recurrent_kernel') or k.endswith('_U'):
                    w['recurrent_kernel'] = t(v)
                elif k.endswith('kernel') or k.endswith('_W'):
                    w['kernel'] = t(v)
                elif k.endswith('bias') or k.endswith('_b'):
                    w['bias'] = t(v)
                elif k.endswith('embeddings'):
                    w['embeddings'] = t(v)
        w['reset_after'] = gru_reset_after
        out[side] = w
    return out


def run_chain(layers, x, weights_of, flavor):
    mask = None
    for layer in layers:
        cls, cfg = layer['class_name'], layer['config']
        name = cfg['name']
        if cls == 'InputLayer' or cls == 'Dropout':
            continue
        if cls == 'Embedding':
            w = weights_of(name, False)['single']
            if cfg.get('mask_zero'):
                mask = x != 0
            x = w['embeddings'][x.long()] if 'embeddings' in w else w['kernel'][x.long()]
        elif cls in ('SimpleRNN', 'LSTM', 'GRU'):
            w = weights_of(name, cfg.get('reset_after', flavor == 'keras3'))['single']
            x = recurrent(cls, x, mask, w, cfg, flavor)
        elif cls == 'Bidirectional':
            ws = weights_of(name, cfg['layer']['config'].get('reset_after', flavor == 'keras3'))
            x = bidirectional(x, mask, ws['forward'], ws['backward'], cfg, flavor)
        elif cls == 'Dense':
            w = weights_of(name, False)['single']
            x = activation(cfg.get('activation'), flavor)(x @ w['kernel'] + (w['bias'] if 'bias' in w else 0))
        elif cls == 'Activation':
            x = activation(cfg['activation'], flavor)(x)
        else:
            raise ValueError(cls)
    return x


def layer_list(config):
    c = config['config']
    return c if isinstance(c, list) else c['layers']


def write_case(name, source, x, y):
    with open(os.path.join(HERE, f'{name}.json'), 'w') as f:
        json.dump({'source': source,
                   'input': {'shape': list(x.shape), 'data': [float(v) for v in x.flatten()]},
                   'output': {'shape': list(y.shape), 'data': [float(v) for v in y.flatten()]}}, f)


def make_input(rng, layers, batch=3):
    first = layers[0]['config']
    shape = first.get('batch_input_shape') or first.get('batch_shape')
    if layers[0]['class_name'] == 'InputLayer':
        layers = layers[1:]
        first = dict(layers[0]['config'], batch_input_shape=shape)
    if layers[0]['class_name'] == 'Embedding':
        steps = shape[1] or 6
        ids = rng.integers(1, first['input_dim'], size=(batch, steps))
        return torch.tensor(ids, dtype=torch.int64), ids.astype(np.int32)
    steps = shape[1] or 5
    data = rng.normal(size=(batch, steps, shape[2])).astype(np.float32).astype(np.float64)
    return t(data), data


def real_h5_case(case, rel_path):
    rng = np.random.default_rng(7)
    with h5py.File(os.path.join(REAL, rel_path), 'r') as f:
        version = f.attrs.get('keras_version', b'2')
        version = version.decode() if isinstance(version, bytes) else version
        flavor = 'keras1' if version.startswith('1') else 'keras2'
        config = json.loads(f.attrs['model_config'])
        group = f['model_weights'] if 'model_weights' in f else f
        layers = layer_list(config)
        x, raw = make_input(rng, layers)
        y = run_chain(layers, x, lambda n, ra: keras2_weights(group, n, ra), flavor)
    write_case(case, rel_path, raw, y.numpy())


# ---- Keras 3 files, written in Keras 3's layout ----

def k3_layer(cls, config, module='keras.layers'):
    return {'module': module, 'class_name': cls, 'config': config, 'registered_name': None}


def k3_rnn(cls, name, units, extra):
    cfg = {'name': name, 'trainable': True, 'dtype': 'float32', 'return_sequences': False,
           'return_state': False, 'go_backwards': False, 'stateful': False, 'unroll': False,
           'zero_output_for_mask': False, 'units': units, 'activation': 'tanh', 'use_bias': True,
           'dropout': 0.0, 'recurrent_dropout': 0.0, 'seed': None}
    if cls != 'SimpleRNN':
        cfg['recurrent_activation'] = 'sigmoid'
    if cls == 'GRU':
        cfg['reset_after'] = True
    cfg.update(extra)
    return k3_layer(cls, cfg)


def keras3_model(rng, layers_spec, input_shape, dtype='float32'):
    """layers_spec: list of (class, config-layer, weights dict path->array). Returns config, weights h5 bytes."""
    layers = [k3_layer('InputLayer', {'batch_shape': input_shape, 'dtype': dtype, 'sparse': False, 'name': 'input_layer'})]
    layers += [entry for entry, _ in layers_spec]
    config = {'module': 'keras', 'class_name': 'Sequential',
              'config': {'name': 'sequential', 'trainable': True, 'dtype': 'float32', 'layers': layers},
              'registered_name': None, 'build_config': {'input_shape': input_shape}, 'compile_config': None}
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as f:
        f.create_group('vars')
        root = f.create_group('layers')
        used = {}
        for entry, arrays in layers_spec:
            cls = entry['class_name']
            base = {'SimpleRNN': 'simple_rnn', 'LSTM': 'lstm', 'GRU': 'gru', 'Dense': 'dense',
                    'Embedding': 'embedding', 'Bidirectional': 'bidirectional', 'Dropout': 'dropout'}[cls]
            n = used.get(base)
            used[base] = 0 if n is None else n + 1
            path = base if n is None else f'{base}_{n + 1}'
            g = root.create_group(path)
            g.create_group('vars')
            for sub, values in arrays.items():
                target = g.require_group(sub) if sub else g
                v = target.require_group('vars')
                for i, a in enumerate(values):
                    v.create_dataset(str(i), data=a.astype(np.float32))
    return config, buf.getvalue()


def k3_weights(rng, cls, fan_in, units, reset_after=True):
    gates = {'SimpleRNN': 1, 'LSTM': 4, 'GRU': 3}[cls]
    k = rng.normal(scale=0.5, size=(fan_in, gates * units))
    r = rng.normal(scale=0.5, size=(units, gates * units))
    b = rng.normal(scale=0.3, size=((2, gates * units) if cls == 'GRU' and reset_after else (gates * units,)))
    return [k, r, b]


def k3_run_weights(arrays, reset_after):
    return {'kernel': t(arrays[0]), 'recurrent_kernel': t(arrays[1]), 'bias': t(arrays[2]), 'reset_after': reset_after}


def make_keras3():
    rng = np.random.default_rng(3)
    # 1) Bidirectional GRU(reset_after) with an explicit backward layer, sum merge; LSTM with
    #    Keras 3 hard_sigmoid; Dense softmax.
    fw, bw = k3_weights(rng, 'GRU', 3, 4), k3_weights(rng, 'GRU', 3, 4)
    lstm = k3_weights(rng, 'LSTM', 4, 3)
    dense = [rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    bidi_cfg = {'name': 'bidirectional', 'trainable': True, 'dtype': 'float32', 'merge_mode': 'sum',
                'layer': k3_rnn('GRU', 'forward_gru', 4, {'return_sequences': True}),
                'backward_layer': k3_rnn('GRU', 'backward_gru', 4, {'return_sequences': True, 'go_backwards': True})}
    spec = [
        (k3_layer('Bidirectional', bidi_cfg), {'forward_layer/cell': fw, 'backward_layer/cell': bw}),
        (k3_rnn('LSTM', 'lstm', 3, {'recurrent_activation': 'hard_sigmoid'}), {'cell': lstm}),
        (k3_layer('Dropout', {'name': 'dropout', 'rate': 0.25, 'trainable': True, 'dtype': 'float32'}), {}),
        (k3_layer('Dense', {'name': 'dense', 'units': 2, 'activation': 'softmax', 'use_bias': True, 'trainable': True, 'dtype': 'float32'}), {'': dense}),
    ]
    config, weights = keras3_model(rng, spec, [None, 5, 3])
    write_keras('keras3_bidirectional_gru', config, weights)
    x = rng.normal(size=(2, 5, 3)).astype(np.float32).astype(np.float64)
    h = bidirectional(t(x), None, k3_run_weights(fw, True), k3_run_weights(bw, True), bidi_cfg, 'keras3')
    h = recurrent('LSTM', h, None, k3_run_weights(lstm, False), spec[1][0]['config'], 'keras3')
    y = torch.softmax(h @ t(dense[0]) + t(dense[1]), -1)
    write_case('keras3_bidirectional_gru', 'keras3_bidirectional_gru.keras', x, y.numpy())
    write_legacy_h5('keras3_legacy', config, spec)
    write_case('keras3_legacy', 'keras3_legacy.h5', x, y.numpy())

    # 2) Embedding(mask_zero) + SimpleRNN(return_sequences) + Dense.
    emb = [rng.normal(size=(7, 3))]
    rnn = k3_weights(rng, 'SimpleRNN', 3, 4)
    dense2 = [rng.normal(size=(4, 2)), rng.normal(size=(2,))]
    spec2 = [
        (k3_layer('Embedding', {'name': 'embedding', 'input_dim': 7, 'output_dim': 3, 'mask_zero': True, 'trainable': True, 'dtype': 'float32'}), {'': emb}),
        (k3_rnn('SimpleRNN', 'simple_rnn', 4, {'return_sequences': False}), {'cell': rnn}),
        (k3_layer('Dense', {'name': 'dense', 'units': 2, 'activation': 'linear', 'use_bias': True, 'trainable': True, 'dtype': 'float32'}), {'': dense2}),
    ]
    config2, weights2 = keras3_model(rng, spec2, [None, None], dtype='int32')
    write_keras('keras3_embedding_mask', config2, weights2)
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 1, 2], [6, 0, 0, 0, 0]], dtype=np.int64)
    e = t(emb[0])[torch.tensor(ids)]
    h = recurrent('SimpleRNN', e, torch.tensor(ids) != 0, k3_run_weights(rnn, False), spec2[1][0]['config'], 'keras3')
    y = h @ t(dense2[0]) + t(dense2[1])
    write_case('keras3_embedding_mask', 'keras3_embedding_mask.keras', ids.astype(np.int32), y.numpy())


def write_keras(name, config, weights):
    with zipfile.ZipFile(os.path.join(HERE, f'{name}.keras'), 'w') as z:
        z.writestr('metadata.json', json.dumps({'keras_version': '3.3.3', 'date_saved': '2024-05-01@00:00:00'}))
        z.writestr('config.json', json.dumps(config))
        z.writestr('model.weights.h5', weights)


def write_legacy_h5(name, config, spec):
    """Keras 3's model.save('x.h5'): model_weights/<layer>/<variable path> with weight_names."""
    with h5py.File(os.path.join(HERE, f'{name}.h5'), 'w') as f:
        f.attrs['keras_version'] = '3.3.3'
        f.attrs['backend'] = 'tensorflow'
        f.attrs['model_config'] = json.dumps(config)
        mw = f.create_group('model_weights')
        mw.attrs['layer_names'] = [e['config']['name'].encode() for e, _ in spec]
        for entry, arrays in spec:
            lname = entry['config']['name']
            g = mw.create_group(lname)
            names = []
            for sub, values in arrays.items():
                if entry['class_name'] == 'Dense' or entry['class_name'] == 'Embedding':
                    roles = ['kernel', 'bias'] if entry['class_name'] == 'Dense' else ['embeddings']
                    prefix = f'{lname}/'
                else:
                    roles = ['kernel', 'recurrent_kernel', 'bias']
                    side = sub.split('/')[0]
                    cell = {'LSTM': 'lstm_cell', 'GRU': 'gru_cell', 'SimpleRNN': 'simple_rnn_cell'}
                    inner = entry['config']['layer']['class_name'] if entry['class_name'] == 'Bidirectional' else entry['class_name']
                    prefix = f'{lname}/{side.replace("_layer", "_" + inner.lower())}/{cell[inner]}/' if side != 'cell' else f'{lname}/{cell[inner]}/'
                for role, a in zip(roles, values):
                    g.create_dataset(prefix + role, data=a.astype(np.float32))
                    names.append((prefix + role).encode())
            g.attrs['weight_names'] = names


def reiinakano():
    """TF.js textgen model: LSTM(128, hard_sigmoid 0.2) + Dense(57) + softmax, weights from the shards."""
    folder = os.path.join(REAL, 'tfjs_reiinakano_lstm_textgen')
    model = json.load(open(os.path.join(folder, 'model.json')))
    arrays = {}
    for group in model['weightsManifest']:
        raw = b''.join(open(os.path.join(folder, p), 'rb').read() for p in group['paths'])
        off = 0
        for w in group['weights']:
            n = int(np.prod(w['shape']))
            arrays[w['name']] = t(np.frombuffer(raw[off:off + 4 * n], dtype='<f4').reshape(w['shape']))
            off += 4 * n
    rng = np.random.default_rng(11)
    ids = rng.integers(0, 57, size=(2, 40))
    x = torch.zeros(2, 40, 57)
    for b in range(2):
        for s in range(40):
            x[b, s, ids[b, s]] = 1.0
    cfg = model['modelTopology']['model_config']['config'][0]['config']
    w = {'kernel': arrays['lstm_2/kernel'], 'recurrent_kernel': arrays['lstm_2/recurrent_kernel'], 'bias': arrays['lstm_2/bias'], 'reset_after': False}
    h = recurrent('LSTM', x, None, w, cfg, 'keras2')
    y = torch.softmax(h @ arrays['dense_3/kernel'] + arrays['dense_3/bias'], -1)
    write_case('tfjs_reiinakano', 'tfjs_reiinakano_lstm_textgen/model.json', x.numpy(), y.numpy())


if __name__ == '__main__':
    cases = {
        'gru_reset_after': 'h5_keras2.3tf_alexm_gru_reset_after/gru_model.h5',
        'lstm_alexm': 'h5_keras2.3tf_alexm_lstm/lstm_model.h5',
        'functional_lstm': 'h5_dl4j_functional_lstm/lstm_functional_tf_keras_2.h5',
        'simple_lstm_keras2': 'h5_dl4j_simple_lstm_tf_keras_2_with_outputs/simple_lstm_tf_keras_2_model.h5',
    }
    for keras_version in ('1', '2'):
        for base in ('bidirectional_lstm', 'bidirectional_lstm_no_return_sequences', 'embedding_lstm', 'lstm', 'simple_rnn'):
            cases[f'small_{base}_{keras_version}'] = f'h5_dl4j_small_rnn_layers_keras1_keras2/{base}_tensorflow_{keras_version}.h5'
    for i in (8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 32, 33, 36, 37, 44, 45):
        cases[f'rnn_suite_{i}'] = f'h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_{i}.h5'
    for case, path in cases.items():
        real_h5_case(case, path)
    reiinakano()
    make_keras3()
    print('wrote', len(cases) + 4, 'cases')
