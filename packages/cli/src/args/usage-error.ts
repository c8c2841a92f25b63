/** Bad command-line usage: printed as `error [USAGE]: ...` with a pointer to --help; exit 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(
    message: string,
    /** The command whose --help to point at. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
