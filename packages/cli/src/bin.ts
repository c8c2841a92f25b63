#!/usr/bin/env node
/**
 * The `rnnkit` executable. Exits explicitly once output is flushed: runtimes such as
 * onnxruntime-web's wasm threads can otherwise keep Node alive after the command is done.
 */
import { main } from './commands/main.js';

const code = await main(process.argv.slice(2));
process.stdout.write('', () => {
  process.stderr.write('', () => process.exit(code));
});
