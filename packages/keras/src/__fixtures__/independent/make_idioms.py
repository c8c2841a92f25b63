"""Keras idioms of issue 13, with expected outputs from an independent float64 computation.

Independent of rnnkit: Keras's layer maths re-implemented in PyTorch float64 (the helpers of
make_independent.py, plus the idioms below), with the weights this script writes (Keras 3 files)
or reads with h5py (real Keras 2 files). Keras 3 files are written in Keras 3's layout (a .keras
zip: config.json, metadata.json, model.weights.h5 with layers/<snake_class>[_n]/.../vars/<i>;
TimeDistributed's inner layer under layers/time_distributed/layer/vars, as Keras 3's saving_lib
names the wrapper's `layer` attribute). Keras is not installed here.

Formulas, from Keras's source:
- Masking (keras/src/layers/core/masking.py; tf.keras 2 layers/core.py): mask = any(x != v, -1);
  output x * mask. The RNN skips masked steps: state kept, output = previous output
  (zero_output_for_mask=False), keras/src/backend/tensorflow/rnn.py.
- Bidirectional(return_sequences=True) forces zero_output_for_mask on both layers
  (keras/src/layers/rnn/bidirectional.py): zeros at masked steps; the backward sequence is
  flipped back to time order before merging.
- go_backwards=True, return_sequences=True (keras/src/layers/rnn/rnn.py): the sequence comes out
  in processing order, i.e. output[i] is the state after reading step T-1-i.
- GlobalAveragePooling1D with a mask: sum(x * mask) / sum(mask)
  (keras/src/layers/pooling/global_average_pooling1d.py); GlobalMaxPooling1D ignores the mask
  (global_max_pooling1d.py).
- Activation (keras/src/layers/activations/activation.py) applies elementwise everywhere,
  padded positions included.
- TimeDistributed(Dense): the Dense on every step.

Run: /usr/bin/python3 make_idioms.py   (torch 1.13, h5py 3.7, numpy)
"""
import io
import json
import os
import re

import h5py
import numpy as np
import torch

import make_independent as mi

HERE = mi.HERE
REAL = mi.REAL
torch.set_default_dtype(torch.float64)


def snake(name):
    name = re.sub(r'\W+', '', name)
    name = re.sub(r'(.)([A-Z][a-z]+)', r'\1_\2', name)
    return re.sub(r'([a-z])([A-Z])', r'\1_\2', name).lower()


def layer_cfg(cls, name, extra=None):
    cfg = {'name': name, 'trainable': True, 'dtype': 'float32'}
    cfg.update(extra or {})
    return mi.k3_layer(cls, cfg)


def keras3_file(name, entries, input_shape, dtype='float32'):
    """entries: (config layer, {subgroup: [arrays]}) in model order. Writes <name>.keras."""
    layers = [mi.k3_layer('InputLayer', {'batch_shape': input_shape, 'dtype': dtype, 'sparse': False,
                                         'name': 'input_layer'})]
    layers += [entry for entry, _ in entries]
    config = {'module': 'keras', 'class_name': 'Sequential',
              'config': {'name': 'sequential', 'trainable': True, 'dtype': 'float32', 'layers': layers},
              'registered_name': None, 'build_config': {'input_shape': input_shape}, 'compile_config': None}
    buf = io.BytesIO()
    with h5py.File(buf, 'w') as f:
        f.create_group('vars')
        root = f.create_group('layers')
        used = {}
        for entry, arrays in entries:
            base = snake(entry['class_name'])
            n = used.get(base)
            used[base] = 0 if n is None else n + 1
            g = root.create_group(base if n is None else f'{base}_{n + 1}')
            g.create_group('vars')
            for sub, values in arrays.items():
                target = g.require_group(sub) if sub else g
                v = target.require_group('vars')
                for i, a in enumerate(values):
                    v.create_dataset(str(i), data=np.asarray(a).astype(np.float32))
    mi.write_keras(name, config, buf.getvalue())


def f32(a):
    """The value a float32 file holds, as float64."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rnn_weights(rng, cls, fan_in, units, reset_after=True):
    return [f32(a) for a in mi.k3_weights(rng, cls, fan_in, units, reset_after)]


def dense_weights(rng, fan_in, units):
    return [f32(rng.normal(size=(fan_in, units))), f32(rng.normal(scale=0.3, size=(units,)))]


def run_rnn(cls, x, mask, arrays, cfg):
    """Keras order: a go_backwards sequence stays in processing order (reversed time)."""
    w = mi.k3_run_weights([mi.t(a) for a in arrays], cls == 'GRU' and cfg.get('reset_after', True))
    return mi.recurrent(cls, x, mask, w, cfg, 'keras3')


def run_bidirectional(cls, x, mask, fw, bw, cfg, merge='concat'):
    icfg = cfg['layer']['config']
    # The backward layer runs with its own config when the file spells one out (its activations
    # may differ: keras/src/layers/rnn/bidirectional.py uses backward_layer as given).
    bcfg = cfg['backward_layer']['config'] if cfg.get('backward_layer') else icfg
    wf = mi.k3_run_weights([mi.t(a) for a in fw], cls == 'GRU')
    wb = mi.k3_run_weights([mi.t(a) for a in bw], cls == 'GRU')
    fseq, flast = mi.run_cell(cls, x, mask, wf, icfg, 'keras3', False)
    bseq, blast = mi.run_cell(cls, x, mask, wb, bcfg, 'keras3', True)
    if icfg.get('return_sequences', False):
        a, b = fseq, torch.flip(bseq, dims=[1])
        if mask is not None:  # zero_output_for_mask, forced by Bidirectional
            m = mask.unsqueeze(-1).to(a.dtype)
            a, b = a * m, b * m
    else:
        a, b = flast, blast
    return {'concat': lambda: torch.cat([a, b], -1), 'sum': lambda: a + b,
            'ave': lambda: (a + b) / 2, 'mul': lambda: a * b}[merge]()


def dense(x, arrays, act=None):
    return mi.activation(act, 'keras3')(x @ mi.t(arrays[0]) + mi.t(arrays[1]))


def masking(x, value):
    mask = (x != value).any(dim=-1)
    return x * mask.unsqueeze(-1).to(x.dtype), mask


def features(rng, shape):
    return f32(rng.normal(size=shape))


def write(name, source, x, y):
    mi.write_case(name, source, np.asarray(x), y.detach().numpy())


# ---- Masking on real Keras 2 files (dl4j test resources), which recorded no outputs ----

def real_masking():
    for case, file, value, layout in (
        ('masking_zero_lstm', 'masking_zero_lstm.h5', 0.0, 'post'),
        ('masking_two_lstm', 'masking_two_lstm.h5', 2.0, 'inside'),
    ):
        rel = f'h5_dl4j_masking_lstm/{file}'
        rng = np.random.default_rng(13)
        x = features(rng, (3, 10, 42))
        if layout == 'post':  # padding at the end, as pad_sequences(padding='post') writes
            x[1, 6:, :] = value
            x[2, 3:, :] = value
            x[0, 4, :5] = value  # some features equal the value: not a masked step
        else:  # masked steps before, between and after real ones
            x[0, 0:2, :] = value
            x[1, 3, :] = value
            x[1, 5:7, :] = value
            x[2, 8:, :] = value
            x[2, 1, 7] = value  # one feature only: real
        with h5py.File(os.path.join(REAL, rel), 'r') as f:
            config = json.loads(f.attrs['model_config'])
            layers = mi.layer_list(config)
            lstm = layers[1]['config']
            w = mi.keras2_weights(f['model_weights'], lstm['name'], False)['single']
            xm, mask = masking(mi.t(x), value)
            y = mi.recurrent('LSTM', xm, mask, w, lstm, 'keras2')
        write(case, rel, x, y)


# ---- Keras 3 files ----

def k3_cases():
    rng = np.random.default_rng(2026)

    # Masking(-1) > GRU(return_sequences) > GlobalAveragePooling1D (mask-aware) > Dense.
    gru = rnn_weights(rng, 'GRU', 3, 4)
    head = dense_weights(rng, 4, 2)
    gru_cfg = mi.k3_rnn('GRU', 'gru', 4, {'return_sequences': True})
    keras3_file('keras3_masking_gru_pooling', [
        (layer_cfg('Masking', 'masking', {'mask_value': -1.0}), {}),
        (gru_cfg, {'cell': gru}),
        (layer_cfg('GlobalAveragePooling1D', 'global_average_pooling1d',
                   {'data_format': 'channels_last', 'keepdims': False}), {}),
        (layer_cfg('Dense', 'dense', {'units': 2, 'activation': 'linear', 'use_bias': True}), {'': head}),
    ], [None, 6, 3])
    x = features(rng, (3, 6, 3))
    x[1, 4:, :] = -1.0
    x[2, 2:, :] = -1.0
    xm, mask = masking(mi.t(x), -1.0)
    h = run_rnn('GRU', xm, mask, gru, gru_cfg['config'])
    m = mask.unsqueeze(-1).to(h.dtype)
    pooled = (h * m).sum(1) / m.sum(1)
    write('keras3_masking_gru_pooling', 'keras3_masking_gru_pooling.keras', x, dense(pooled, head))

    # Masking(0) > LSTM(return_sequences) > TimeDistributed(Dense softmax): every position;
    # masked ones hold the previous output (zero_output_for_mask=False), the Dense applies there too.
    lstm = rnn_weights(rng, 'LSTM', 2, 3)
    td = dense_weights(rng, 3, 4)
    lstm_cfg = mi.k3_rnn('LSTM', 'lstm', 3, {'return_sequences': True})
    td_inner = mi.k3_layer('Dense', {'name': 'dense', 'trainable': True, 'dtype': 'float32', 'units': 4,
                                     'activation': 'softmax', 'use_bias': True})
    keras3_file('keras3_masking_time_distributed', [
        (layer_cfg('Masking', 'masking', {'mask_value': 0.0}), {}),
        (lstm_cfg, {'cell': lstm}),
        (layer_cfg('TimeDistributed', 'time_distributed', {'layer': td_inner}), {'layer': td}),
    ], [None, 5, 2])
    x = features(rng, (2, 5, 2))
    x[1, 3:, :] = 0.0
    xm, mask = masking(mi.t(x), 0.0)
    h = run_rnn('LSTM', xm, mask, lstm, lstm_cfg['config'])
    write('keras3_masking_time_distributed', 'keras3_masking_time_distributed.keras', x,
          dense(h, td, 'softmax'))

    # Embedding(mask_zero) > SimpleRNN(return_sequences) > GlobalMaxPooling1D (ignores the mask).
    emb = [f32(rng.normal(size=(8, 3)))]
    rnn = rnn_weights(rng, 'SimpleRNN', 3, 4)
    rnn_cfg = mi.k3_rnn('SimpleRNN', 'simple_rnn', 4, {'return_sequences': True})
    keras3_file('keras3_global_max_mask', [
        (layer_cfg('Embedding', 'embedding', {'input_dim': 8, 'output_dim': 3, 'mask_zero': True}), {'': emb}),
        (rnn_cfg, {'cell': rnn}),
        (layer_cfg('GlobalMaxPooling1D', 'global_max_pooling1d',
                   {'data_format': 'channels_last', 'keepdims': False}), {}),
    ], [None, None], dtype='int32')
    ids = np.array([[1, 2, 3, 4, 5, 6], [7, 1, 2, 0, 0, 0], [3, 0, 0, 0, 0, 0]], dtype=np.int64)
    e = mi.t(emb[0])[torch.tensor(ids)]
    h = run_rnn('SimpleRNN', e, torch.tensor(ids) != 0, rnn, rnn_cfg['config'])
    write('keras3_global_max_mask', 'keras3_global_max_mask.keras', ids.astype(np.int32), h.max(1).values)

    # GRU(return_sequences) > GlobalAveragePooling1D / GlobalMaxPooling1D without a mask.
    gru2 = rnn_weights(rng, 'GRU', 2, 3)
    gru2_cfg = mi.k3_rnn('GRU', 'gru', 3, {'return_sequences': True})
    x = features(rng, (2, 4, 2))
    h = run_rnn('GRU', mi.t(x), None, gru2, gru2_cfg['config'])
    for cls, short, y in (('GlobalAveragePooling1D', 'global_average', h.mean(1)),
                          ('GlobalMaxPooling1D', 'global_max', h.max(1).values)):
        name = f'keras3_{short}_no_mask'
        keras3_file(name, [
            (gru2_cfg, {'cell': gru2}),
            (layer_cfg(cls, snake(cls), {'data_format': 'channels_last', 'keepdims': False}), {}),
        ], [None, 4, 2])
        write(name, f'{name}.keras', x, y)

    # Embedding(mask_zero) > Bidirectional(LSTM, return_sequences, concat) > Dense: zeros at masked
    # steps from both directions, then the Dense (its bias shows there).
    emb2 = [f32(rng.normal(size=(6, 3)))]
    fw, bw = rnn_weights(rng, 'LSTM', 3, 2), rnn_weights(rng, 'LSTM', 3, 2)
    head2 = dense_weights(rng, 4, 3)
    bidi_cfg = {'name': 'bidirectional', 'trainable': True, 'dtype': 'float32', 'merge_mode': 'concat',
                'layer': mi.k3_rnn('LSTM', 'forward_lstm', 2, {'return_sequences': True,
                                                                'zero_output_for_mask': True}),
                'backward_layer': mi.k3_rnn('LSTM', 'backward_lstm', 2, {
                    'return_sequences': True, 'go_backwards': True, 'zero_output_for_mask': True})}
    keras3_file('keras3_bidirectional_mask_sequences', [
        (layer_cfg('Embedding', 'embedding', {'input_dim': 6, 'output_dim': 3, 'mask_zero': True}), {'': emb2}),
        (mi.k3_layer('Bidirectional', bidi_cfg), {'forward_layer/cell': fw, 'backward_layer/cell': bw}),
        (layer_cfg('Dense', 'dense', {'units': 3, 'activation': 'linear', 'use_bias': True}), {'': head2}),
    ], [None, None], dtype='int32')
    ids = np.array([[1, 2, 3, 4, 5], [5, 4, 0, 0, 0], [2, 3, 1, 0, 0]], dtype=np.int64)
    e = mi.t(emb2[0])[torch.tensor(ids)]
    h = run_bidirectional('LSTM', e, torch.tensor(ids) != 0, fw, bw, bidi_cfg)
    write('keras3_bidirectional_mask_sequences', 'keras3_bidirectional_mask_sequences.keras',
          ids.astype(np.int32), dense(h, head2))

    # Masking(0.5) > SimpleRNN(return_sequences, zero_output_for_mask=True): a plain layer saved
    # with the flag writes zeros at masked steps (masked steps inside the sequence).
    rnn2 = rnn_weights(rng, 'SimpleRNN', 2, 3)
    rnn2_cfg = mi.k3_rnn('SimpleRNN', 'simple_rnn', 3, {'return_sequences': True,
                                                       'zero_output_for_mask': True})
    keras3_file('keras3_masking_zero_output', [
        (layer_cfg('Masking', 'masking', {'mask_value': 0.5}), {}),
        (rnn2_cfg, {'cell': rnn2}),
    ], [None, 5, 2])
    x = features(rng, (2, 5, 2))
    x[0, 1, :] = 0.5
    x[1, 3:, :] = 0.5
    xm, mask = masking(mi.t(x), 0.5)
    h = run_rnn('SimpleRNN', xm, mask, rnn2, rnn2_cfg['config']) * mask.unsqueeze(-1).to(torch.float64)
    write('keras3_masking_zero_output', 'keras3_masking_zero_output.keras', x, h)

    # GRU(return_sequences) > Activation(relu): every position.
    gru3 = rnn_weights(rng, 'GRU', 3, 4)
    gru3_cfg = mi.k3_rnn('GRU', 'gru', 4, {'return_sequences': True})
    keras3_file('keras3_activation_after_gru', [
        (gru3_cfg, {'cell': gru3}),
        (layer_cfg('Activation', 'activation', {'activation': 'relu'}), {}),
    ], [None, 5, 3])
    x = features(rng, (2, 5, 3))
    write('keras3_activation_after_gru', 'keras3_activation_after_gru.keras', x,
          torch.relu(run_rnn('GRU', mi.t(x), None, gru3, gru3_cfg['config'])))

    # LSTM(go_backwards, return_sequences) > Dense: the sequence in processing order.
    lstm2 = rnn_weights(rng, 'LSTM', 2, 3)
    head3 = dense_weights(rng, 3, 2)
    lstm2_cfg = mi.k3_rnn('LSTM', 'lstm', 3, {'return_sequences': True, 'go_backwards': True})
    keras3_file('keras3_go_backwards_sequences', [
        (lstm2_cfg, {'cell': lstm2}),
        (layer_cfg('Dense', 'dense', {'units': 2, 'activation': 'linear', 'use_bias': True}), {'': head3}),
    ], [None, 4, 2])
    x = features(rng, (2, 4, 2))
    h = run_rnn('LSTM', mi.t(x), None, lstm2, lstm2_cfg['config'])
    write('keras3_go_backwards_sequences', 'keras3_go_backwards_sequences.keras', x, dense(h, head3))


def k3_backward_activation_cases():
    """Bidirectional(layer, backward_layer=...) whose backward layer has other activations (issue 13):
    Keras 3 checks only go_backwards / stateful / return_sequences / return_state between the two
    (bidirectional.py `_verify_layer_config`), and its docstring's example uses activation='relu'."""
    rng = np.random.default_rng(1313)

    # Embedding(mask_zero) > Bidirectional(LSTM(seq), backward LSTM relu / hard_sigmoid) > Dense.
    emb = [f32(rng.normal(size=(6, 3)))]
    fw, bw = rnn_weights(rng, 'LSTM', 3, 2), rnn_weights(rng, 'LSTM', 3, 2)
    head = dense_weights(rng, 4, 2)
    cfg = {'name': 'bidirectional', 'trainable': True, 'dtype': 'float32', 'merge_mode': 'concat',
           'layer': mi.k3_rnn('LSTM', 'forward_lstm', 2, {'return_sequences': True,
                                                           'zero_output_for_mask': True}),
           'backward_layer': mi.k3_rnn('LSTM', 'backward_lstm', 2, {
               'return_sequences': True, 'go_backwards': True, 'zero_output_for_mask': True,
               'activation': 'relu', 'recurrent_activation': 'hard_sigmoid'})}
    keras3_file('keras3_bidirectional_backward_activations', [
        (layer_cfg('Embedding', 'embedding', {'input_dim': 6, 'output_dim': 3, 'mask_zero': True}), {'': emb}),
        (mi.k3_layer('Bidirectional', cfg), {'forward_layer/cell': fw, 'backward_layer/cell': bw}),
        (layer_cfg('Dense', 'dense', {'units': 2, 'activation': 'linear', 'use_bias': True}), {'': head}),
    ], [None, None], dtype='int32')
    ids = np.array([[1, 2, 3, 4, 5], [5, 4, 0, 0, 0], [2, 3, 1, 0, 0]], dtype=np.int64)
    e = mi.t(emb[0])[torch.tensor(ids)]
    h = run_bidirectional('LSTM', e, torch.tensor(ids) != 0, fw, bw, cfg)
    write('keras3_bidirectional_backward_activations', 'keras3_bidirectional_backward_activations.keras',
          ids.astype(np.int32), dense(h, head))

    # Bidirectional(GRU, merge_mode='sum'), backward GRU relu (gates stay sigmoid), last state.
    fw, bw = rnn_weights(rng, 'GRU', 3, 4), rnn_weights(rng, 'GRU', 3, 4)
    cfg = {'name': 'bidirectional', 'trainable': True, 'dtype': 'float32', 'merge_mode': 'sum',
           'layer': mi.k3_rnn('GRU', 'forward_gru', 4, {}),
           'backward_layer': mi.k3_rnn('GRU', 'backward_gru', 4, {'go_backwards': True,
                                                                  'activation': 'relu'})}
    keras3_file('keras3_bidirectional_gru_backward_relu', [
        (mi.k3_layer('Bidirectional', cfg), {'forward_layer/cell': fw, 'backward_layer/cell': bw}),
    ], [None, 5, 3])
    x = features(rng, (2, 5, 3))
    write('keras3_bidirectional_gru_backward_relu', 'keras3_bidirectional_gru_backward_relu.keras', x,
          run_bidirectional('GRU', mi.t(x), None, fw, bw, cfg, 'sum'))


def real_activation_cases():
    """tf.keras 2.2.4 suite files with an Activation after a recurrent layer (make_independent's maths)."""
    for i in (0, 1, 2, 3, 4, 5, 6, 7, 24, 25, 28, 29):
        mi.real_h5_case(f'rnn_suite_{i}', f'h5_dl4j_tfkeras2.2.4_rnn_suite/rnn_{i}.h5')


if __name__ == '__main__':
    real_masking()
    k3_cases()
    k3_backward_activation_cases()
    real_activation_cases()
    print('wrote the idiom cases')
