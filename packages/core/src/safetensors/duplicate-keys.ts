/**
 * `JSON.parse` keeps the last of two equal keys silently. A safetensors header with a name twice
 * is ambiguous (which tensor is meant?), so the decoder looks for repeated keys in every object
 * first. Call only on text `JSON.parse` accepted: the scanner relies on it being valid JSON.
 * Returns the first repeated key, or undefined.
 */
export function findDuplicateKey(json: string): string | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const stack: (Set<string> | null)[] = [];
  let expectingKey = false;
  let index = 0;
  while (index < json.length) {
    const char = json[index];
    if (char === '"') {
      const end = endOfString(json, index);
      const top = stack[stack.length - 1];
      if (expectingKey && top) {
        const key = JSON.parse(json.slice(index, end)) as string;
        if (top.has(key)) return key;
        top.add(key);
        expectingKey = false;
      }
      index = end;
      continue;
    }
    if (char === '{') {
      stack.push(new Set());
      expectingKey = true;
    } else if (char === '[') {
      stack.push(null);
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',') {
      expectingKey = stack[stack.length - 1] instanceof Set;
    }
    index++;
  }
  return undefined;
}

/** Index just past the closing quote of the string starting at `start`. */
function endOfString(json: string, start: number): number {
  let index = start + 1;
  while (index < json.length) {
    const char = json[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index++;
  }
  return json.length;
}
