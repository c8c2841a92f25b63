/**
 * JSON-aware mutations: a random node replaced by another type, an edge value, a hostile name
 * (`__proto__`, `toString`), deep nesting or a copy of another subtree; keys renamed or deleted.
 * Falls back to byte mutations when the seed is not JSON (a previous mutation broke it).
 */
import { type FuzzRandom, INTERESTING_INTEGERS } from './fuzz-random.js';
import { mutateBytes } from './mutate-bytes.js';

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'prototype',
  '',
  'a/b',
  '\u0000',
  'x'.repeat(300),
];

const DEEP = '\u0001deep:';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every (parent, key) of the tree, or undefined when it nests too deep to stringify again. */
function nodes(
  root: Json,
): { parent: Json[] | Record<string, Json>; key: string | number }[] | undefined {
  const out: { parent: Json[] | Record<string, Json>; key: string | number }[] = [];
  const stack: [Json, number][] = [[root, 0]];
  while (stack.length > 0 && out.length < 20_000) {
    const [value, depth] = stack.pop() as [Json, number];
    if (depth > 500) return undefined;
    if (Array.isArray(value)) {
      value.forEach((child, i) => {
        out.push({ parent: value, key: i });
        stack.push([child, depth + 1]);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        out.push({ parent: value, key });
        stack.push([value[key], depth + 1]);
      }
    }
  }
  return out;
}

function replacement(random: FuzzRandom, current: Json, donor: () => Json): Json {
  switch (random.below(9)) {
    case 0:
      return null;
    case 1:
      return random.pick(INTERESTING_INTEGERS) * random.pick([1, -1, 0.5]);
    case 2:
      return random.pick(HOSTILE_STRINGS);
    case 3:
      return random.chance(0.5) ? [] : {};
    case 4:
      // Deep nesting (300 or 20,000 levels), spliced in as text after stringify: building it as
      // a value would overflow JSON.stringify's own recursion.
      return `${DEEP}${random.pick([300, 20_000])}:${random.chance(0.5) ? '[' : '{'}`;
    case 5:
      return typeof current === 'number'
        ? -current
        : typeof current === 'string'
          ? current.toUpperCase()
          : !current;
    case 6:
      return donor();
    case 7:
      return Array.isArray(current) ? [...current, ...current] : [current];
    default:
      return random.chance(0.5) ? true : 'null';
  }
}

export function mutateJsonText(text: string, random: FuzzRandom): string {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch {
    return new TextDecoder().decode(mutateBytes(new TextEncoder().encode(text), random));
  }
  if (random.chance(0.1))
    return new TextDecoder().decode(mutateBytes(new TextEncoder().encode(text), random));
  const all = nodes(root);
  if (all === undefined)
    return new TextDecoder().decode(mutateBytes(new TextEncoder().encode(text), random));
  if (all.length === 0) return expandDeep(JSON.stringify(replacement(random, root, () => null)));
  const target = random.pick(all);
  const donor = () => {
    const other = random.pick(all);
    // A copy: the donor may be an ancestor of the target, which would make a cycle.
    return JSON.parse(
      JSON.stringify((other.parent as Record<string, Json>)[other.key as string]) ?? 'null',
    );
  };
  const parent = target.parent as Record<string, Json>;
  const key = target.key as string;
  if (!Array.isArray(target.parent) && random.chance(0.25)) {
    // Rename or delete a key (defineProperty keeps "__proto__" an own key, as JSON.parse does).
    const value = parent[key];
    delete parent[key];
    if (random.chance(0.7)) {
      Object.defineProperty(parent, random.pick(HOSTILE_STRINGS), {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  } else {
    parent[key] = replacement(random, parent[key], donor);
  }
  return expandDeep(JSON.stringify(root));
}

function expandDeep(text: string): string {
  return text.replace(/"\\u0001deep:(\d+):([[{])"/g, (_, levels: string, open: string) => {
    const n = Number(levels);
    return open === '['
      ? `${'['.repeat(n)}${']'.repeat(n)}`
      : `${'{"a":'.repeat(n)}0${'}'.repeat(n)}`;
  });
}
