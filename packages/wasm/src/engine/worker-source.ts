/**
 * The JavaScript a kernel worker runs, as source text: workers start from it inline (Node:
 * `new Worker(source, { eval: true })`; browsers: a Blob URL), so the package ships no worker
 * file that a bundler would have to find.
 *
 * Messages (src/engine/worker-pool.ts):
 * - attach {memory: id, module, shared: memory}: instantiate the kernels over a session's shared
 *   memory, once per memory (memories are recycled between sessions, shared-memories.ts);
 * - run {seq, memory: id, stackTop, kernel, args}: set this instance's stack pointer to the top
 *   of this worker's own stack region in the session's arena (the instances must not share the
 *   C stack that --stack-first puts at 0), call the export, reply {seq} (or {seq, error}).
 */
const BODY = `
const instances = new Map();
function handle(message, reply) {
  if (message.type === 'attach') {
    // A failed instantiation is kept and reported by the session's first run here.
    try {
      const instance = new WebAssembly.Instance(message.module, { env: { memory: message.shared } });
      instances.set(message.memory, instance.exports);
    } catch (error) {
      instances.set(message.memory, { failed: error });
    }
  } else if (message.type === 'run') {
    try {
      const kernels = instances.get(message.memory);
      if (!kernels) throw new Error('memory ' + message.memory + ' is not attached');
      if (kernels.failed) throw kernels.failed;
      kernels.__stack_pointer.value = message.stackTop;
      kernels[message.kernel](...message.args);
      reply({ seq: message.seq });
    } catch (error) {
      reply({ seq: message.seq, error: String((error && error.message) || error) });
    }
  }
}
`;

export const NODE_WORKER_SOURCE = `${BODY}
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => handle(message, (reply) => parentPort.postMessage(reply)));
`;

export const BROWSER_WORKER_SOURCE = `${BODY}
self.onmessage = (event) => handle(event.data, (reply) => self.postMessage(reply));
`;
