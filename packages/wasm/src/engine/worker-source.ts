/**
 * The JavaScript a kernel worker runs, as source text: workers start from it inline (Node:
 * `new Worker(source, { eval: true })`; browsers: a Blob URL), so the package ships no worker
 * file that a bundler would have to find.
 *
 * Messages (src/engine/worker-pool.ts):
 * - attach {session, module, memory, stackTop}: instantiate the kernels over the session's
 *   shared memory, with this worker's own stack (its region of the session's arena, top at
 *   stackTop: the instances must not share the C stack that --stack-first puts at 0);
 * - run {seq, session, kernel, args}: call the export, reply {seq} (or {seq, error});
 * - detach {session}: drop the instance (the session was disposed), so its memory can be freed.
 */
const BODY = `
const instances = new Map();
function handle(message, reply) {
  if (message.type === 'attach') {
    // A failed instantiation is kept and reported by the session's first run here.
    try {
      const instance = new WebAssembly.Instance(message.module, { env: { memory: message.memory } });
      instance.exports.__stack_pointer.value = message.stackTop;
      instances.set(message.session, instance.exports);
    } catch (error) {
      instances.set(message.session, { failed: error });
    }
  } else if (message.type === 'detach') {
    instances.delete(message.session);
  } else if (message.type === 'run') {
    try {
      const kernels = instances.get(message.session);
      if (!kernels) throw new Error('session ' + message.session + ' is not attached');
      if (kernels.failed) throw kernels.failed;
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
