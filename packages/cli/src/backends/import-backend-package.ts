import { type BackendId, RnnkitError } from '@rnnkit/core';

/** A lazily imported backend package; a failure names the package to install. */
export async function importBackendPackage<T>(
  id: BackendId,
  packageName: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /Cannot find (package|module)|ERR_MODULE_NOT_FOUND/.test(message);
    throw new RnnkitError(
      'BACKEND_UNAVAILABLE',
      missing
        ? `backend '${id}' needs ${packageName}, not installed here (npm install ${packageName}): ${message}`
        : `backend '${id}' could not be loaded: ${message}`,
      { backend: id, cause: error },
    );
  }
}
