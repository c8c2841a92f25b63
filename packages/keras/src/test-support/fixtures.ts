import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../__fixtures__/', import.meta.url);

export function fixtureBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(path, root)));
}

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, root), 'utf8');
}

export function fixtureList(folder: string): string[] {
  return readdirSync(new URL(folder, root)).sort();
}

export interface IndependentCase {
  source: string;
  input: { shape: number[]; data: number[] };
  output: { shape: number[]; data: number[] };
}

export function independentCase(name: string): IndependentCase {
  return JSON.parse(fixtureText(`independent/${name}.json`));
}
