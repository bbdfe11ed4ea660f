/**
 * Orders strings by UTF-16 code unit. Unlike `localeCompare`, the result does not depend on the
 * machine's locale or ICU data, so every output that sorts names is the same bytes everywhere.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
