/** Accumulates nodes, initializers and unique value names while the exporter walks the spec. */
import type {
  OnnxAttribute,
  OnnxGraph,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
} from '../proto/index.js';
import { float32OnnxTensor, int64OnnxTensor } from '../proto/index.js';

export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  private readonly used = new Set<string>();
  private readonly constants = new Map<string, string>();
  private nodeCount = 0;

  /** Reserves a value name; the spec's own names are reserved first so internals never clash. */
  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A fresh value name based on `hint` ('<layer>/<what>'). */
  fresh(hint: string): string {
    let name = hint;
    for (let i = 1; this.used.has(name); i++) name = `${hint}_${i}`;
    this.used.add(name);
    return name;
  }

  node(
    opType: string,
    inputs: string[],
    outputHint: string,
    attribute: OnnxAttribute[] = [],
  ): string {
    const output = this.fresh(outputHint);
    this.nodeWithOutputs(opType, inputs, [output], attribute);
    return output;
  }

  nodeWithOutputs(
    opType: string,
    inputs: string[],
    outputs: string[],
    attribute: OnnxAttribute[] = [],
  ): void {
    this.nodes.push({
      name: `${opType}_${this.nodeCount++}`,
      opType,
      domain: '',
      input: inputs,
      output: outputs,
      attribute,
    });
  }

  initializer(name: string, dims: number[], data: Float32Array): string {
    this.reserve(name);
    this.initializers.push(float32OnnxTensor(name, dims, data));
    return name;
  }

  /** An int64 constant initializer, shared between uses. */
  int64Constant(values: number[], scalar = false): string {
    const key = `i64:${scalar ? 's' : 'v'}:${values.join(',')}`;
    const existing = this.constants.get(key);
    if (existing) return existing;
    const name = this.fresh(
      scalar ? `const/int64_${values[0]}` : `const/int64_[${values.join(',')}]`,
    );
    this.initializers.push(int64OnnxTensor(name, scalar ? [] : [values.length], values));
    this.constants.set(key, name);
    return name;
  }

  float32Scalar(value: number): string {
    const key = `f32:${value}`;
    const existing = this.constants.get(key);
    if (existing) return existing;
    const name = this.fresh(`const/float_${value}`);
    this.initializers.push(float32OnnxTensor(name, [], [value]));
    this.constants.set(key, name);
    return name;
  }

  graph(name: string): OnnxGraph {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
      valueInfo: [],
    };
  }
}
