/** How errors look in tables: short exponent form, '-' when nothing was compared. */
export function formatError(value: number): string {
  if (Number.isNaN(value)) return '-';
  if (value === 0) return '0';
  return value.toExponential(1);
}
