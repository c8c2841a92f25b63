/** Numeric command-line options, refused with a usage error that names the option. */
import { UsageError } from '../args/usage-error.js';

export function numberOption(
  text: string | undefined,
  name: string,
  command: string,
  check: { integer?: boolean; min?: number; max?: number; above?: number } = {},
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  const wanted = [
    check.integer ? 'an integer' : 'a number',
    check.min !== undefined ? `>= ${check.min}` : '',
    check.above !== undefined ? `> ${check.above}` : '',
    check.max !== undefined ? `<= ${check.max}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (check.integer && !Number.isInteger(value)) ||
    (check.min !== undefined && value < check.min) ||
    (check.above !== undefined && !(value > check.above)) ||
    (check.max !== undefined && value > check.max)
  ) {
    throw new UsageError(`--${name} must be ${wanted}, found '${text}'`, command);
  }
  return value;
}
