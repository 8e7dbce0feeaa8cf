/**
 * A pid-file lock on the embedded database folder. PGlite is single-process: two processes
 * opening one data folder would corrupt it, so the second one is refused with a clear message
 * (e.g. `deno task user:create` while the service runs).
 *
 * @module
 */

/** Raised when another live process holds the folder. */
export class DirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. ` +
        `Stop the service first, or point DATABASE_URL at a Postgres server.`,
    );
    this.name = "DirLockedError";
  }
}

function isAlive(pid: number): boolean {
  if (pid === Deno.pid) return true;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes the lock on `dir`, replacing a stale one left by a dead process.
 * Returns the function that releases it.
 */
export async function acquireDirLock(dir: string): Promise<() => Promise<void>> {
  const path = `${dir}/fieldhub.pid`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await Deno.writeTextFile(path, String(Deno.pid), { createNew: true });
      return async () => {
        await Deno.remove(path).catch(() => {});
      };
    } catch (err) {
      if (!(err instanceof Deno.errors.AlreadyExists)) throw err;
      const pid = Number(await Deno.readTextFile(path).catch(() => "0"));
      if (pid && isAlive(pid)) throw new DirLockedError(dir, pid);
      await Deno.remove(path).catch(() => {});
    }
  }
  throw new Error(`could not lock ${dir}`);
}
