/** The exit codes every command shares. */
export const EXIT_OK = 0;
/** A conformance cell failed or errored: the backends disagree with the expected values. */
export const EXIT_CONFORMANCE_FAILURE = 1;
/** Bad usage, or a bad input file (not a model, malformed tensor JSON, ...). */
export const EXIT_BAD_INPUT = 2;
