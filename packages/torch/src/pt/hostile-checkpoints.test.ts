/** Hostile and broken .pt files: refused by name or by bound, never executed, never a crash. */
import { readFileSync } from 'node:fs';
import { RnnkitError } from '@rnnkit/core';
import { describe, expect, it } from 'vitest';
import { readPtStateDict } from './read-pt.js';
import { unpickle } from './unpickle.js';

const root = new URL('../__fixtures__/pt-written/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, root)));

function refusal(run: () => unknown): RnnkitError {
  try {
    run();
  } catch (error) {
    if (RnnkitError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const latin = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

/** PROTO 2; GLOBAL posix.system; 'touch pwned'; TUPLE1; REDUCE; STOP — what pickle exploits do. */
const EXPLOIT = Uint8Array.from([
  0x80,
  2,
  0x63,
  ...latin('posix\nsystem\n'),
  0x8c,
  11,
  ...latin('touch pwned'),
  0x85,
  0x52,
  0x2e,
]);

describe('hostile .pt files', () => {
  it('a pickle calling posix.system is refused by the global name', () => {
    const error = refusal(() => unpickle(EXPLOIT));
    expect(error.code).toBe('MODEL_FORMAT');
    expect(error.message).toMatch(/refusing pickle global 'posix\.system'/);
  });

  it('the same pickle as the object of a legacy checkpoint', () => {
    const good = bytes('lstm_fc_legacy.pt');
    // The three header pickles (magic, protocol, sys info), then the exploit.
    let end = 0;
    for (let i = 0; i < 3; i++) end = unpickle(good, end).end;
    const evil = new Uint8Array(end + EXPLOIT.length);
    evil.set(good.subarray(0, end));
    evil.set(EXPLOIT, end);
    expect(refusal(() => readPtStateDict(evil)).message).toMatch(/posix\.system/);
  });

  it.each(['lstm_fc_zip.pt', 'lstm_fc_legacy.pt'])('%s cut short at every 97th byte', (name) => {
    const good = bytes(name);
    for (let cut = 1; cut < good.length; cut += 97) {
      const error = refusal(() => readPtStateDict(good.subarray(0, cut)));
      expect(error.code).toBe('MODEL_FORMAT');
    }
  });

  it('a zip entry marked as deflated is refused', () => {
    const zip = bytes('lstm_fc_zip.pt').slice();
    const view = new DataView(zip.buffer);
    // Find the first central directory record and set its method to 8 (deflate).
    for (let at = 0; at + 4 < zip.length; at++) {
      if (view.getUint32(at, true) === 0x02014b50) {
        view.setUint16(at + 10, 8, true);
        break;
      }
    }
    expect(refusal(() => readPtStateDict(zip)).message).toMatch(/is compressed \(method 8\)/);
  });

  it('a legacy storage record claiming more elements than the file holds', () => {
    const good = bytes('lstm_fc_legacy.pt').slice();
    let end = 0;
    for (let i = 0; i < 5; i++) end = unpickle(good, end).end;
    new DataView(good.buffer).setBigInt64(end, 1n << 40n, true);
    expect(refusal(() => readPtStateDict(good)).message).toMatch(/past the end of the file/);
  });
});
