/**
 * Where ORT placed each node, read from its own log. ORT has no API for it, but a session created
 * with log severity 0 logs "Node placements" while it initialises; onnxruntime-web writes that
 * log to the console, so ORT's lines are captured (and kept out of the app's console) while
 * `InferenceSession.create` runs; every other line passes through. onnxruntime-node logs natively to stderr, out of reach, but it
 * registers only the CPU provider anyway.
 */

const ORT_LINE = /\[[VIW]:onnxruntime/;
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
type Method = (typeof METHODS)[number];

/**
 * Emscripten binds `console.log`/`console.error` once, when ORT's wasm module starts (during the
 * first session's creation), so whatever is installed then stays ORT's printer for good. The
 * printers installed here therefore outlive the capture: while a capture is active they collect
 * ORT's lines, otherwise they forward to whatever the console method is at the time of the call.
 */
let capturing: string[] | undefined;
let queue: Promise<unknown> = Promise.resolve();
const printers = new WeakSet<object>();

function printer(
  method: Method,
  original: (...args: unknown[]) => void,
): (...args: unknown[]) => void {
  const print = (...args: unknown[]) => {
    if (capturing && ORT_LINE.test(args.map(String).join(' '))) {
      capturing.push(args.map(String).join(' '));
      return;
    }
    const current = console[method];
    (printers.has(current) ? original : current).apply(console, args);
  };
  printers.add(print);
  return print;
}

/** Calls `create` while capturing ORT's console log; returns ONNX node name -> provider. */
export function withPlacementLog<T>(
  create: () => Promise<T>,
): Promise<{ result: T; placements: Map<string, string> }> {
  // One capture at a time: the captured lines belong to the session being created.
  const run = queue.then(async () => {
    const originals = METHODS.map((method) => console[method]);
    METHODS.forEach((method, i) => {
      console[method] = printer(method, originals[i]);
    });
    const lines: string[] = [];
    capturing = lines;
    try {
      const result = await create();
      return { result, placements: parsePlacements(lines) };
    } finally {
      capturing = undefined;
      METHODS.forEach((method, i) => {
        console[method] = originals[i];
      });
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

export function parsePlacements(lines: readonly string[]): Map<string, string> {
  const placements = new Map<string, string>();
  let provider: string | undefined;
  let all: string | undefined;
  for (const line of lines) {
    const group = /Node\(s\) placed on \[(\w+)\]/.exec(line);
    if (group) {
      provider = group[1];
      continue;
    }
    const everything = /All nodes placed on \[(\w+)\]/.exec(line);
    if (everything) {
      all = everything[1];
      continue;
    }
    const node = /VerifyEachNodeIsAssignedToAnEp\]\s+\S+ \(([^)]*)\)\s*$/.exec(line);
    if (node && provider) placements.set(node[1], provider);
  }
  if (all) placements.set('*', all);
  return placements;
}
