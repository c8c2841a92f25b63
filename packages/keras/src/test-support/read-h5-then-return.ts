/**
 * Run by h5/worker-exit.test.ts in a child process (through vite-node, so the sources need no
 * build): reads the .h5 named on the command line, prints one line, and returns WITHOUT calling
 * process.exit or stopHdf5Worker. The process must then end by itself, as a user's script does.
 */
import { importKerasFromPath } from '../node.js';

const model = await importKerasFromPath(process.argv[2]);
console.log(`read ${model.spec.layers.length} layers`);
