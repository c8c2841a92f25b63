/**
 * Lookups in tables keyed by names that come from files. `table[name]` and `name in table` also
 * find inherited members (`'toString' in {}` is true), so a hostile file could select a function
 * where a table row was expected; these helpers see own properties only.
 */

/** `table[key]` if `key` is the table's own property, else undefined. */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** `key in table`, own properties only. */
export function hasOwnKey(table: object, key: PropertyKey): boolean {
  return Object.hasOwn(table, key);
}

/**
 * A plain object with no prototype, for results keyed by user-controlled names: assigning
 * `record['__proto__'] = x` then defines a property instead of replacing the prototype.
 */
export function nameRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
