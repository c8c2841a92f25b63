/**
 * File-name helpers without `node:path`, so model loading bundles for browsers: a model given
 * as bytes is named like a file (`model.h5`), and its companions (weight shards, the
 * .safetensors beside a spec) are named relative to it, exactly as on disk.
 */

/** The last path segment ('/' or '\\' separated). */
export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** `relative` resolved beside `path`: 'a/b/model.json' + 'group1-shard1of1.bin'. */
export function siblingPath(path: string, relative: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  return `${path.slice(0, cut)}${relative}`;
}

/** 'model.json' -> 'model', 'x.tar.gz' -> 'x.tar'; names without an extension stay. */
export function stripExtension(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? name.slice(0, name.length - (base.length - dot)) : name;
}
