/** Where Debian's Chromium is, and the flags DESIGN.md fixes for running it headless here. */
import { existsSync } from 'node:fs';

const CANDIDATES = [process.env.RNNKIT_CHROMIUM, '/usr/bin/chromium'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((path): path is string => path !== undefined && existsSync(path));
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGPU and WebGL on the CPU through SwiftShader: no GPU is assumed anywhere.
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
];
