// Writes every ```ts block of the public packages' READMEs (and the root README) into
// <out>/<package>-<n>.ts, so the new-user run compiles them with `tsc --strict` exactly as
// written. Blocks fenced ```ts fragment are excerpts that use names from the text around them
// (`model`, `tokens`, ...) and are not compiled on their own. Usage: node extract-examples.mjs <repo> <out>
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [repo, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const readmes = [['root', join(repo, 'README.md')]];
for (const dir of readdirSync(join(repo, 'packages'))) {
  const manifest = JSON.parse(readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8'));
  if (!manifest.private) readmes.push([dir, join(repo, 'packages', dir, 'README.md')]);
}
let count = 0;
for (const [name, path] of readmes) {
  const blocks = [...readFileSync(path, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)];
  blocks.forEach((block, index) => {
    // `export {}` makes every file a module, so top-level await compiles as the README shows it.
    writeFileSync(join(out, `${name}-${index + 1}.ts`), `${block[1]}\nexport {};\n`);
    count++;
  });
}
console.log(`${count} README examples extracted`);
