/**
 * Running a Deno task or script the way an operator does — a separate process of the same Deno
 * binary — and capturing what it printed, for tests of command-line tools.
 *
 * @module
 */

/** What a finished command returned and printed. */
export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of {@link runDeno}. */
export interface RunDenoOptions {
  /** Variables to set (added to the test's own environment unless `cleanEnv`). */
  env?: Record<string, string>;
  /**
   * Start from an empty environment, keeping only what Deno itself needs to find its cache
   * (PATH, HOME, DENO_DIR, TMPDIR), so nothing of the developer's shell leaks into the run.
   */
  cleanEnv?: boolean;
  /** Working directory (a task needs the folder of deno.json). */
  cwd?: string;
}

const DENO_NEEDS = ["PATH", "HOME", "DENO_DIR", "TMPDIR"];

/**
 * Runs `deno <args>` to completion and returns its exit code and output.
 *
 * @example
 * ```ts
 * const out = await runDeno(["task", "-q", "user:create", "--email", "a@example.ru"], { cwd });
 * assert.equal(out.code, 2, out.stderr);
 * ```
 */
export async function runDeno(
  args: string[],
  options: RunDenoOptions = {},
): Promise<CommandOutput> {
  const kept = options.cleanEnv
    ? Object.fromEntries(DENO_NEEDS.flatMap((k) => {
      const v = Deno.env.get(k);
      return v ? [[k, v]] : [];
    }))
    : {};
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: { ...kept, ...options.env },
    clearEnv: options.cleanEnv ?? false,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}
