/** A quantity stepper's bounds: 1 … the line's max (at least the current quantity's floor). */
export function clampQuantity(value: number, max: number): number {
  if (!Number.isFinite(value)) return 1;
  return Math.max(1, Math.min(Math.floor(value), Math.max(1, max)));
}
