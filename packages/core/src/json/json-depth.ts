/**
 * Nesting limits for untrusted JSON. JSON.parse takes 20,000 nested arrays in its stride, but
 * everything that walks the result recursively afterwards (JSON.stringify in an error message,
 * a config reader) overflows the stack with a RangeError. Files rnnkit reads nest a few levels
 * (a Keras config ~12, tensor JSON by its rank), so the limit is far above any real file.
 */
export const MAX_JSON_DEPTH = 256;

/** The nesting depth of parsed JSON, counted without recursion; stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

/** True when parsed JSON nests deeper than `limit` levels. */
export function jsonTooDeep(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  return jsonDepth(value, limit) > limit;
}
