/**
 * Structural checks every imported graph passes before anything reads it: each node input is a
 * graph input, an initializer or an earlier node's output; no value is produced twice; no cycle.
 * Returns the nodes in a topological order.
 */
import { RnnkitError } from '@rnnkit/core';
import type { OnnxGraph, OnnxNode } from '../proto/index.js';

function describeNode(node: OnnxNode, index: number): string {
  return `node ${node.name ? `'${node.name}'` : `#${index}`} (${node.opType})`;
}

export function checkGraph(graph: OnnxGraph): OnnxNode[] {
  const available = new Set<string>([
    ...graph.input.map((i) => i.name),
    ...graph.initializer.map((t) => t.name),
  ]);
  const producer = new Map<string, number>();
  graph.node.forEach((node, index) => {
    for (const output of node.output) {
      if (output === '') continue;
      if (producer.has(output) || graph.initializer.some((t) => t.name === output)) {
        throw new RnnkitError(
          'MODEL_FORMAT',
          `${describeNode(node, index)} writes '${output}', which is already defined`,
          {
            path: node.name || output,
          },
        );
      }
      producer.set(output, index);
    }
  });
  graph.node.forEach((node, index) => {
    for (const input of node.input) {
      if (input !== '' && !available.has(input) && !producer.has(input)) {
        throw new RnnkitError(
          'MODEL_FORMAT',
          `${describeNode(node, index)} reads '${input}', which is no graph input, initializer or node output (missing initializer?)`,
          { path: input },
        );
      }
    }
  });
  for (const output of graph.output) {
    if (!available.has(output.name) && !producer.has(output.name)) {
      throw new RnnkitError(
        'MODEL_FORMAT',
        `graph output '${output.name}' is produced by no node`,
        { path: output.name },
      );
    }
  }
  // Kahn's algorithm over node indices; what is left over sits on a cycle.
  const pending = graph.node.map(
    (node) => new Set(node.input.filter((i) => producer.has(i)).map((i) => producer.get(i)!)),
  );
  const order: OnnxNode[] = [];
  const done = new Set<number>();
  let progress = true;
  while (progress) {
    progress = false;
    pending.forEach((deps, index) => {
      if (done.has(index)) return;
      if ([...deps].every((d) => done.has(d))) {
        done.add(index);
        order.push(graph.node[index]);
        progress = true;
      }
    });
  }
  if (order.length !== graph.node.length) {
    const stuck = graph.node
      .map((n, i) => (done.has(i) ? undefined : describeNode(n, i)))
      .filter(Boolean);
    throw new RnnkitError('MODEL_FORMAT', `the graph has a cycle through ${stuck.join(', ')}`, {
      path: graph.node.find((_, i) => !done.has(i))?.name,
    });
  }
  return order;
}
