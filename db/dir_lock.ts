/**
 * An exclusive lock on the embedded database folder. PGlite is single-process: two processes
 * opening one data folder would corrupt it, so the second one is refused with a clear message
 * (e.g. `deno task user:create` while the service runs). The lock is an OS advisory lock
 * (flock) on `fieldhub.lock`, so the kernel drops it when the holder dies, even by SIGKILL.
 *
 * @module
 */

/** Raised when another process holds the folder. */
export class DirLockedError extends Error {
  constructor(dir: string, holder: string) {
    super(
      `The embedded database in ${dir} is in use by process ${holder || "(unknown)"}. ` +
        `Stop the service first, or point DATABASE_URL at a Postgres server.`,
    );
    this.name = "DirLockedError";
  }
}

/** Takes the lock on `dir`; returns the function that releases it. */
export async function acquireDirLock(dir: string): Promise<() => Promise<void>> {
  const path = `${dir}/fieldhub.lock`;
  const file = await Deno.open(path, { read: true, write: true, create: true });
  if (!(await file.tryLock(true))) {
    file.close();
    const holder = (await Deno.readTextFile(path).catch(() => "")).trim();
    throw new DirLockedError(dir, holder);
  }
  await file.truncate(0);
  await file.write(new TextEncoder().encode(String(Deno.pid)));
  return async () => {
    await file.unlock().catch(() => {});
    file.close();
  };
}
