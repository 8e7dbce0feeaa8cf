/**
 * What a transcription costs: Whisper bills by the minute, so a call costs its duration rounded
 * up to whole minutes times WHISPER_RATE_PER_MIN_USD (the seed's "9,000 min ≈ $54" at $0.006).
 * Amounts are kept as whole micro-dollars (the rate has at most six decimals), so sums are
 * exact; they are printed as decimals with a dot and at least two decimals.
 *
 * @module
 */

/** Currency of the Whisper price. */
export const COST_CURRENCY = "USD";

/** Minutes billed for a recording of `seconds` (a started minute counts whole). */
export function billedMinutes(seconds: number): number {
  return Math.ceil(Math.max(0, seconds) / 60);
}

/** The cost of `minutes` at `ratePerMin` dollars, in micro-dollars. */
export function costMicros(minutes: number, ratePerMin: number): number {
  return Math.round(minutes * ratePerMin * 1_000_000);
}

/**
 * Micro-dollars as a decimal string: two decimals, more only when they carry digits.
 *
 * @example
 * ```ts
 * formatCost(18_000_000); // "18.00"
 * formatCost(6_000);      // "0.006"
 * formatCost(1_800_000);  // "1.80"
 * ```
 */
export function formatCost(micros: number | bigint | string | null | undefined): string {
  const n = BigInt(micros ?? 0);
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${frac}`;
}
