import { describe, expect, it } from 'vitest';
import { RnnkitError } from '../errors.js';
import { parseSpec, validateSpec } from './validate-spec.js';

// biome-ignore lint/suspicious/noExplicitAny: tests build deliberately malformed specs
type Loose = any;

function tokensSpec(): Loose {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    name: 'test',
    input: { name: 'tokens', type: 'tokens' },
    layers: [
      { type: 'embedding', name: 'embedding', inputDim: 100, outputDim: 8, maskZero: true },
      { type: 'lstm', name: 'lstm', units: 4, returnSequences: true, paddedOutputs: 'previous' },
      { type: 'gru', name: 'gru', units: 4, resetAfter: true },
      { type: 'dropout', name: 'dropout', rate: 0.5 },
      { type: 'dense', name: 'dense', units: 3, activation: 'softmax' },
    ],
    output: { name: 'probabilities' },
  };
}

function featuresSpec(): Loose {
  return {
    format: 'rnnkit-model',
    formatVersion: 1,
    input: { name: 'x', type: 'features', size: 3 },
    layers: [{ type: 'simpleRnn', name: 'rnn', units: 5 }],
    output: { name: 'y' },
  };
}

function invalid(spec: unknown, path: string, message?: RegExp): RnnkitError {
  let caught: unknown;
  try {
    validateSpec(spec);
  } catch (error) {
    caught = error;
  }
  expect(RnnkitError.isInstance(caught), `expected an RnnkitError for ${path}`).toBe(true);
  const error = caught as RnnkitError;
  expect(error.code).toBe('INVALID_SPEC');
  expect(error.path).toBe(path);
  expect(error.message.startsWith(`${path}: `)).toBe(true);
  if (message) expect(error.message).toMatch(message);
  return error;
}

describe('validateSpec accepts', () => {
  it('a tokens model and a features model, returning the spec', () => {
    const spec = tokensSpec();
    expect(validateSpec(spec)).toBe(spec);
    expect(validateSpec(featuresSpec()).layers).toHaveLength(1);
  });

  it('every optional field written out', () => {
    const spec = featuresSpec();
    spec.input.timeSteps = 7;
    spec.sequenceLengths = { name: 'lengths' };
    spec.layers = [
      {
        type: 'lstm',
        name: 'l1',
        units: 4,
        direction: 'bidirectional',
        mergeMode: 'sum',
        returnSequences: true,
        paddedOutputs: 'zero',
        useBias: true,
        recurrentBias: true,
        activation: { name: 'scaledTanh', alpha: 1, beta: 1 },
        recurrentActivation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
        peepholes: true,
      },
      { type: 'lstm', name: 'l2', units: 4, direction: 'reverse' },
      {
        type: 'dense',
        name: 'd',
        units: 2,
        activation: { name: 'leakyRelu', alpha: 0.3 },
        useBias: false,
      },
    ];
    spec.stateInputs = [
      { name: 'h0', kind: 'h', layers: ['l1', 'l2'] },
      { name: 'c0', kind: 'c', layers: ['l1', 'l2'] },
    ];
    spec.stateOutputs = [{ name: 'hn', kind: 'h', layers: ['l1', 'l2'] }];
    expect(() => validateSpec(spec)).not.toThrow();
  });
});

describe('validateSpec top level', () => {
  it('rejects a non-object', () => {
    invalid([], '$', /expected a model spec object, found an array/);
    invalid(null, '$', /found null/);
  });
  it('rejects a wrong format', () => {
    invalid(
      { ...featuresSpec(), format: 'keras' },
      '$.format',
      /expected "rnnkit-model", found "keras"/,
    );
  });
  it('rejects another format version, naming the supported one', () => {
    invalid(
      { ...featuresSpec(), formatVersion: 2 },
      '$.formatVersion',
      /formatVersion 2 is not supported.*formatVersion 1/,
    );
    invalid({ ...featuresSpec(), formatVersion: '1' }, '$.formatVersion', /expected 1, found "1"/);
  });
  it('rejects unknown top-level fields by name', () => {
    invalid({ ...featuresSpec(), extra: 1 }, '$.extra', /unknown field 'extra'/);
  });
  it('rejects a non-string name', () => {
    invalid({ ...featuresSpec(), name: 3 }, '$.name', /expected a string, found 3/);
  });
});

describe('validateSpec input', () => {
  it('requires input', () => {
    const spec = featuresSpec();
    delete spec.input;
    invalid(spec, '$.input', /expected an input object, found nothing/);
  });
  it('rejects an unknown input type', () => {
    const spec = featuresSpec();
    spec.input.type = 'images';
    invalid(spec, '$.input.type', /one of 'tokens', 'features'.*"images"/);
  });
  it('rejects size on a tokens input', () => {
    const spec = tokensSpec();
    spec.input.size = 3;
    invalid(spec, '$.input.size', /unknown field 'size' on a tokens input/);
  });
  it('requires a positive integer size on a features input', () => {
    const spec = featuresSpec();
    spec.input.size = 2.5;
    invalid(spec, '$.input.size', /expected a positive integer, found 2.5/);
  });
  it('requires an input name', () => {
    const spec = featuresSpec();
    spec.input.name = '';
    invalid(spec, '$.input.name', /non-empty string/);
  });
  it('rejects timeSteps 0', () => {
    const spec = featuresSpec();
    spec.input.timeSteps = 0;
    invalid(spec, '$.input.timeSteps', /positive integer, found 0/);
  });
});

describe('validateSpec layers', () => {
  it('requires an array', () => {
    invalid({ ...featuresSpec(), layers: {} }, '$.layers', /expected an array of layers/);
  });
  it('requires at least one recurrent layer', () => {
    invalid({ ...featuresSpec(), layers: [] }, '$.layers', /at least one recurrent layer/);
    invalid(
      { ...featuresSpec(), layers: [{ type: 'dense', name: 'd', units: 2 }] },
      '$.layers',
      /at least one recurrent layer/,
    );
  });
  it('rejects unknown layer types', () => {
    const spec = featuresSpec();
    spec.layers[0].type = 'conv1d';
    invalid(spec, '$.layers[0].type', /expected a layer type .* found "conv1d"/);
  });
  it('rejects unknown layer fields by name', () => {
    const spec = featuresSpec();
    spec.layers[0].kernelInitializer = 'glorot';
    invalid(
      spec,
      '$.layers[0].kernelInitializer',
      /unknown field 'kernelInitializer' on a simpleRnn layer/,
    );
  });
  it('reports units with expected and found', () => {
    const spec = tokensSpec();
    spec.layers[2].units = -3;
    invalid(
      spec,
      '$.layers[2].units',
      /^\$\.layers\[2\]\.units: expected a positive integer, found -3$/,
    );
  });
  it('requires units', () => {
    const spec = featuresSpec();
    delete spec.layers[0].units;
    invalid(spec, '$.layers[0].units', /found nothing/);
  });
  it('rejects layer names with a slash or a leading digit', () => {
    const spec = featuresSpec();
    spec.layers[0].name = 'lstm/1';
    invalid(spec, '$.layers[0].name', /no '\/'/);
    spec.layers[0].name = '1lstm';
    invalid(spec, '$.layers[0].name', /found "1lstm"/);
  });
  it('rejects duplicate layer names', () => {
    const spec = tokensSpec();
    spec.layers[2].name = 'lstm';
    invalid(spec, '$.layers[2].name', /'lstm' is used by an earlier layer/);
  });
  it('checks boolean fields', () => {
    const spec = featuresSpec();
    spec.layers[0].returnSequences = 'yes';
    invalid(spec, '$.layers[0].returnSequences', /expected true or false, found "yes"/);
  });
  it('checks direction', () => {
    const spec = featuresSpec();
    spec.layers[0].direction = 'backward';
    invalid(spec, '$.layers[0].direction', /'forward', 'reverse', 'bidirectional'/);
  });
  it('allows mergeMode only with bidirectional', () => {
    const spec = featuresSpec();
    spec.layers[0].mergeMode = 'sum';
    invalid(
      spec,
      '$.layers[0].mergeMode',
      /only valid with direction 'bidirectional', found direction 'forward'/,
    );
    spec.layers[0].direction = 'bidirectional';
    spec.layers[0].mergeMode = 'max';
    invalid(spec, '$.layers[0].mergeMode', /'concat', 'sum', 'ave', 'mul'/);
  });
  it('allows peepholes only on lstm', () => {
    const spec = tokensSpec();
    spec.layers[2].peepholes = true;
    invalid(spec, '$.layers[2].peepholes', /only valid on lstm layers, not on a gru layer/);
  });
  it('allows recurrentActivation only on lstm and gru', () => {
    const spec = featuresSpec();
    spec.layers[0].recurrentActivation = 'sigmoid';
    invalid(spec, '$.layers[0].recurrentActivation', /only valid on lstm and gru layers/);
  });
  it('requires resetAfter on gru', () => {
    const spec = tokensSpec();
    delete spec.layers[2].resetAfter;
    invalid(spec, '$.layers[2].resetAfter', /expected true or false, found nothing.*reset gate/);
    spec.layers[2].resetAfter = 1;
    invalid(spec, '$.layers[2].resetAfter', /expected true or false, found 1/);
  });
  it('requires paddedOutputs on a sequence-returning layer of a model that can pad', () => {
    const spec = tokensSpec();
    delete spec.layers[1].paddedOutputs;
    invalid(spec, '$.layers[1].paddedOutputs', /'zero' or 'previous', found nothing/);
    const lengths = featuresSpec();
    lengths.sequenceLengths = { name: 'lengths' };
    lengths.layers = [
      { type: 'simpleRnn', name: 'a', units: 2, returnSequences: true },
      { type: 'simpleRnn', name: 'b', units: 2 },
    ];
    invalid(lengths, '$.layers[0].paddedOutputs', /ONNX Runtime/);
    // Without padding, or without a sequence output, it may be omitted.
    const plain = featuresSpec();
    plain.layers[0].returnSequences = true;
    expect(validateSpec(plain)).toBe(plain);
    lengths.layers[0].paddedOutputs = 'zero';
    expect(validateSpec(lengths)).toBe(lengths);
  });

  it('checks selectStep and pooling fields and where they go', () => {
    const spec = featuresSpec();
    spec.layers = [
      { type: 'simpleRnn', name: 'rnn', units: 2, returnSequences: true },
      { type: 'pooling', name: 'pool', mode: 'mean' },
    ];
    invalid(spec, '$.layers[1].steps', /'all' or 'real', found nothing/);
    spec.layers[1] = { type: 'pooling', name: 'pool', mode: 'median', steps: 'all' };
    invalid(spec, '$.layers[1].mode', /"median"/);
    spec.layers[1] = { type: 'selectStep', name: 'last', index: 1.5 };
    invalid(spec, '$.layers[1].index', /an integer step/);
    spec.layers[1] = { type: 'selectStep', name: 'last', index: -1 };
    expect(validateSpec(spec)).toBe(spec);
    spec.layers.push({ type: 'pooling', name: 'again', mode: 'max', steps: 'all' });
    invalid(spec, '$.layers[2].type', /already dropped it/);
  });

  it('checks paddedOutputs values', () => {
    const spec = tokensSpec();
    spec.layers[1].paddedOutputs = 'last';
    invalid(spec, '$.layers[1].paddedOutputs', /"last"/);
    const dense = tokensSpec();
    dense.layers[4].paddedOutputs = 'zero';
    invalid(dense, '$.layers[4].paddedOutputs');
  });

  it('rejects resetAfter on lstm', () => {
    const spec = tokensSpec();
    spec.layers[1].resetAfter = true;
    invalid(spec, '$.layers[1].resetAfter', /only valid on gru layers/);
  });
  it('rejects recurrentBias without useBias', () => {
    const spec = featuresSpec();
    spec.layers[0].useBias = false;
    spec.layers[0].recurrentBias = true;
    invalid(spec, '$.layers[0].recurrentBias', /needs useBias/);
  });
  it('checks dropout rate in [0, 1)', () => {
    const spec = tokensSpec();
    spec.layers[3].rate = 1;
    invalid(spec, '$.layers[3].rate', /a number in \[0, 1\), found 1/);
    spec.layers[3].rate = -0.1;
    invalid(spec, '$.layers[3].rate', /found -0.1/);
  });
  it('checks embedding sizes', () => {
    const spec = tokensSpec();
    spec.layers[0].inputDim = 0;
    invalid(spec, '$.layers[0].inputDim', /positive integer, found 0/);
  });
  it('allows maskZero only on embedding', () => {
    const spec = tokensSpec();
    spec.layers[1].maskZero = true;
    invalid(spec, '$.layers[1].maskZero', /only valid on embedding layers/);
  });
  it('requires an embedding first for tokens input', () => {
    const spec = tokensSpec();
    spec.layers.shift();
    invalid(
      spec,
      '$.layers[0].type',
      /expected 'embedding' as the first layer because input.type is 'tokens'/,
    );
  });
  it('forbids embedding for features input', () => {
    const spec = featuresSpec();
    spec.layers.unshift({ type: 'embedding', name: 'e', inputDim: 3, outputDim: 3 });
    invalid(spec, '$.layers[0].type', /needs input.type 'tokens'/);
  });
  it('allows embedding only as the first layer', () => {
    const spec = tokensSpec();
    spec.layers.splice(1, 0, { type: 'embedding', name: 'e2', inputDim: 3, outputDim: 3 });
    invalid(spec, '$.layers[1].type', /must be the first layer, found it at index 1/);
  });
  it('rejects a recurrent layer after the time axis was dropped', () => {
    const spec = tokensSpec();
    spec.layers[1].returnSequences = false;
    invalid(spec, '$.layers[2].type', /dropped the time axis/);
  });
});

describe('validateSpec activations', () => {
  it('rejects unknown activation names', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = 'gelu';
    invalid(spec, '$.layers[0].activation', /expected an activation name .* found "gelu"/);
  });
  it('requires parameters for parameterised activations', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = 'hardSigmoid';
    invalid(
      spec,
      '$.layers[0].activation',
      /needs its parameters written out.*"alpha": <number>, "beta": <number>/,
    );
  });
  it('requires every parameter', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = { name: 'hardSigmoid', alpha: 0.2 };
    invalid(spec, '$.layers[0].activation.beta', /a finite number.*found nothing/);
  });
  it('rejects unknown activation parameters', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = { name: 'elu', alpha: 1, beta: 2 };
    invalid(spec, '$.layers[0].activation.beta', /unknown field 'beta' on a elu activation/);
  });
  it('rejects plain names written as objects', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = { name: 'tanh' };
    invalid(spec, '$.layers[0].activation.name', /expected the plain string "tanh"/);
  });
  it('rejects an object activation with an unknown name', () => {
    const spec = featuresSpec();
    spec.layers[0].activation = { name: 'swish', alpha: 1 };
    invalid(spec, '$.layers[0].activation.name', /found "swish"/);
  });
  it('allows softmax only on dense', () => {
    const spec = tokensSpec();
    spec.layers[1].recurrentActivation = 'softmax';
    invalid(spec, '$.layers[1].recurrentActivation', /only allowed on dense layers/);
  });
  it('checks dense activations too', () => {
    const spec = tokensSpec();
    spec.layers[4].activation = 7;
    invalid(spec, '$.layers[4].activation', /found 7/);
  });
});

describe('validateSpec tensor names and state tensors', () => {
  it('requires output.name', () => {
    invalid({ ...featuresSpec(), output: {} }, '$.output.name', /non-empty string, found nothing/);
  });
  it('rejects unknown fields on output and sequenceLengths', () => {
    invalid(
      { ...featuresSpec(), output: { name: 'y', dtype: 'f' } },
      '$.output.dtype',
      /unknown field/,
    );
    invalid(
      { ...featuresSpec(), sequenceLengths: { name: 'l', max: 3 } },
      '$.sequenceLengths.max',
      /unknown field/,
    );
  });
  it('requires unique tensor names across inputs and outputs', () => {
    invalid(
      { ...featuresSpec(), sequenceLengths: { name: 'x' } },
      '$.sequenceLengths.name',
      /'x' is already used by \$\.input\.name/,
    );
    invalid({ ...featuresSpec(), output: { name: 'x' } }, '$.output.name', /already used/);
    invalid(
      { ...featuresSpec(), stateOutputs: [{ name: 'y', kind: 'h', layers: ['rnn'] }] },
      '$.stateOutputs[0].name',
      /'y' is already used by \$\.output\.name/,
    );
    invalid(
      {
        ...featuresSpec(),
        stateInputs: [{ name: 'h', kind: 'h', layers: ['rnn'] }],
        stateOutputs: [{ name: 'h', kind: 'h', layers: ['rnn'] }],
      },
      '$.stateOutputs[0].name',
      /already used by \$\.stateInputs\[0\]\.name/,
    );
  });
  it('requires state tensor layers to exist', () => {
    invalid(
      { ...featuresSpec(), stateInputs: [{ name: 'h0', kind: 'h', layers: ['nope'] }] },
      '$.stateInputs[0].layers[0]',
      /no layer named 'nope'/,
    );
  });
  it('requires state tensor layers to be recurrent', () => {
    const spec = tokensSpec();
    spec.stateOutputs = [{ name: 'h', kind: 'h', layers: ['dense'] }];
    invalid(spec, '$.stateOutputs[0].layers[0]', /'dense' is a dense layer/);
  });
  it('requires equal units in a stacked state tensor', () => {
    const spec = tokensSpec();
    spec.layers[2].units = 6;
    spec.stateOutputs = [{ name: 'h', kind: 'h', layers: ['lstm', 'gru'] }];
    invalid(spec, '$.stateOutputs[0].layers[1]', /expected 4, found 6 on 'gru'/);
  });
  it("allows kind 'c' only for lstm layers", () => {
    const spec = tokensSpec();
    spec.stateInputs = [{ name: 'c0', kind: 'c', layers: ['lstm', 'gru'] }];
    invalid(spec, '$.stateInputs[0].layers[1]', /kind 'c' .* 'gru' is a gru layer/);
  });
  it('checks kind and layers', () => {
    invalid(
      { ...featuresSpec(), stateInputs: [{ name: 'h0', kind: 'x', layers: ['rnn'] }] },
      '$.stateInputs[0].kind',
      /'h', 'c'/,
    );
    invalid(
      { ...featuresSpec(), stateInputs: [{ name: 'h0', kind: 'h', layers: [] }] },
      '$.stateInputs[0].layers',
      /non-empty array/,
    );
    invalid(
      { ...featuresSpec(), stateInputs: [{ name: 'h0', kind: 'h', layers: ['rnn'], units: 5 }] },
      '$.stateInputs[0].units',
      /unknown field 'units' on a state tensor/,
    );
    invalid({ ...featuresSpec(), stateInputs: {} }, '$.stateInputs', /an array of state tensors/);
  });
  it('rejects the same initial state given twice', () => {
    invalid(
      {
        ...featuresSpec(),
        stateInputs: [
          { name: 'a', kind: 'h', layers: ['rnn'] },
          { name: 'b', kind: 'h', layers: ['rnn'] },
        ],
      },
      '$.stateInputs[1].layers[0]',
      /already given by \$\.stateInputs\[0\]/,
    );
    invalid(
      { ...featuresSpec(), stateOutputs: [{ name: 'a', kind: 'h', layers: ['rnn', 'rnn'] }] },
      '$.stateOutputs[0].layers[1]',
      /listed twice/,
    );
  });
});

describe('parseSpec', () => {
  it('parses and validates', () => {
    expect(parseSpec(JSON.stringify(featuresSpec())).output.name).toBe('y');
  });
  it('reports malformed JSON with a position', () => {
    let caught: unknown;
    try {
      parseSpec('{\n  "format": "rnnkit-model",\n  "formatVersion": 1,,\n}');
    } catch (error) {
      caught = error;
    }
    const error = caught as RnnkitError;
    expect(error.code).toBe('INVALID_SPEC');
    expect(error.path).toBe('$');
    expect(error.message).toMatch(/not valid JSON.*line 3, column 22/);
  });
  it('validates after parsing', () => {
    expect(() => parseSpec('[]')).toThrow(/\$: expected a model spec object/);
  });
});

describe('validateSpec edge cases', () => {
  it('quotes field names that are not identifiers in the path', () => {
    invalid({ ...featuresSpec(), 'odd key': 1 }, '$["odd key"]', /unknown field 'odd key'/);
  });
  it('treats a __proto__ key as an unknown field', () => {
    invalid(
      JSON.parse('{"format":"rnnkit-model","formatVersion":1,"__proto__":{}}'),
      '$.__proto__',
      /unknown field '__proto__'/,
    );
  });
  it('parseSpec skips a byte order mark and refuses non-text', () => {
    expect(parseSpec(`\ufeff${JSON.stringify(featuresSpec())}`).input.name).toBe('x');
    expect(() => parseSpec(undefined as unknown as string)).toThrow(/\$: expected spec JSON text/);
  });
});
