/**
 * A test body with its own app: started fresh, always closed, even when an assertion fails
 * (Deno's sanitizers fail a test that leaves the database or KV open).
 *
 * @module
 */
import { startTestApp, type TestApp, type TestAppOptions } from "./app.ts";

/** Runs `fn` with what `started` resolves to, and closes it afterwards whatever `fn` did. */
export async function closeAfter<T extends { close(): Promise<void> }>(
  started: Promise<T>,
  fn: (t: T) => Promise<void>,
): Promise<void> {
  const t = await started;
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

/**
 * Runs `fn` with a fresh test app and closes the app afterwards.
 *
 * @example
 * ```ts
 * Deno.test("GET /health answers 200", () =>
 *   withTestApp(async (t) => {
 *     assert.equal((await t.app.request("/health")).status, 200);
 *   }));
 * ```
 */
export function withTestApp(
  fn: (t: TestApp) => Promise<void>,
  options: TestAppOptions = {},
): Promise<void> {
  return closeAfter(startTestApp(options), fn);
}
