/** `rnnkit backends`: every backend id, whether it runs here, and why not. */

import { expectPositionals, parseCommandArgs } from '../args/parse-command-args.js';
import { listBackends } from '../backends/registry.js';
import type { Command } from './command.js';
import { EXIT_OK } from './exit-codes.js';

const usage = `usage: rnnkit backends [--json]

Lists every backend id, whether it can run in this Node process, and why not
(or, for a usable one, what it runs here where that varies: rnnkit-wasm's kernel
build). Each Node backend is started once to find out; browser-only backends run
with 'rnnkit conformance --browser'.

options:
  --json      print a JSON array of { id, usable, environment, reason?, detail? }
  --verbose   stack traces on errors
  -h, --help  this help`;

export const backendsCommand: Command = {
  name: 'backends',
  summary: 'list backend ids and whether each can run here',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs('backends', argv, { json: { type: 'boolean' } });
    if (args.values.help) {
      io.stdout(`${usage}\n`);
      return EXIT_OK;
    }
    expectPositionals(args, 'backends', []);
    const backends = await listBackends();
    if (args.values.json) {
      io.stdout(`${JSON.stringify(backends, null, 2)}\n`);
      return EXIT_OK;
    }
    const width = Math.max(...backends.map((b) => b.id.length));
    const lines = backends.map((b) =>
      `${b.id.padEnd(width)}  ${b.usable ? 'usable  ' : 'unusable'}  ${b.environment.padEnd(7)}  ${b.reason ?? b.detail ?? ''}`.trimEnd(),
    );
    io.stdout(
      `${`${'id'.padEnd(width)}  here      runs in  reason (or detail)`}\n${lines.join('\n')}\n`,
    );
    return EXIT_OK;
  },
};
