/**
 * The JavaScript a kernel worker runs, as source text: workers start from it inline (Node:
 * `new Worker(source, { eval: true })`; browsers: a Blob URL), so the package ships no worker
 * file that a bundler would have to find. It says {ready: true} once listening, and
 * {attached: id} after each attach.
 *
 * Messages (src/engine/worker-pool.ts):
 * - attach {memory: id, module, shared}: instantiate the kernels over a session's shared memory,
 *   once per memory (memories are recycled between sessions, shared-memories.ts);
 * - run {memory: id, stackTop, done, kernel, args}: set the instance's stack pointer to the top
 *   of this worker's own stack region in the session's arena (instances must not share the C
 *   stack that --stack-first puts at 0), call the export, then store 1 (or 2 on an error) into
 *   the int32 at byte offset `done` of the memory and notify it: the calling thread waits on
 *   that word (src/engine/threaded-runner.ts), not on a message, so its event loop need not run.
 */
const BODY = `
const instances = new Map();
function handle(message) {
  if (message.type === 'attach') {
    // A failed instantiation is kept and reported by the memory's first run here.
    try {
      const instance = new WebAssembly.Instance(message.module, { env: { memory: message.shared } });
      instances.set(message.memory, { kernels: instance.exports, memory: message.shared });
    } catch (error) {
      instances.set(message.memory, { failed: error, memory: message.shared });
    }
    reply({ attached: message.memory });
  } else if (message.type === 'run') {
    const entry = instances.get(message.memory);
    let status = 1;
    try {
      if (entry.failed) throw entry.failed;
      entry.kernels.__stack_pointer.value = message.stackTop;
      entry.kernels[message.kernel](...message.args);
    } catch (error) {
      status = 2;
      report(String((error && error.message) || error));
    }
    // A fresh view: the memory may have grown since the last job (a larger buffer).
    const words = new Int32Array(entry.memory.buffer);
    Atomics.store(words, message.done >> 2, status);
    Atomics.notify(words, message.done >> 2);
  }
}
`;

export const NODE_WORKER_SOURCE = `${BODY}
const { parentPort } = require('node:worker_threads');
const reply = (message) => parentPort.postMessage(message);
const report = (error) => reply({ error });
parentPort.on('message', handle);
parentPort.postMessage({ ready: true });
`;

export const BROWSER_WORKER_SOURCE = `${BODY}
const reply = (message) => self.postMessage(message);
const report = (error) => reply({ error });
self.onmessage = (event) => handle(event.data);
self.postMessage({ ready: true });
`;
