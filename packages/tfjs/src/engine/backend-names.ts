/** The tfjs backends rnnkit drives, and the rnnkit backend id each one reports. */
export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';

export const TFJS_BACKEND_NAMES: readonly TfjsBackendName[] = ['cpu', 'wasm', 'webgl', 'webgpu'];

export type TfjsBackendId = `tfjs-${TfjsBackendName}`;

export function backendIdOf(name: TfjsBackendName): TfjsBackendId {
  return `tfjs-${name}`;
}

export function isTfjsBackendName(value: unknown): value is TfjsBackendName {
  return typeof value === 'string' && (TFJS_BACKEND_NAMES as readonly string[]).includes(value);
}
