/**
 * The worker's concurrency slots: a job is claimed only with a slot already taken, so no more
 * jobs run at once than there are slots. A batch claim takes every free slot up front and
 * gives back what it did not use; a claim of one named job waits its turn, and a finished job
 * hands its slot straight to the longest waiter.
 *
 * @module
 */

/** A fixed number of slots; see the module doc. */
export class Slots {
  readonly #size: number;
  #inUse = 0;
  #waiters: Array<(ok: boolean) => void> = [];
  #closed = false;

  constructor(size: number) {
    this.#size = size;
  }

  /** Takes every free slot at once (for a batch claim); how many it took, 0 when none. */
  takeFree(): number {
    const free = this.#size - this.#inUse;
    if (free <= 0) return 0;
    this.#inUse += free;
    return free;
  }

  /** Takes one slot, waiting for it when all are busy; `false` once the slots are closed. */
  acquire(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (this.#inUse < this.#size) {
      this.#inUse++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Gives one slot back: to the longest waiter if any (and not closed), else to the pool. */
  release(): void {
    const next = this.#waiters.shift();
    if (next && !this.#closed) next(true); // the slot passes on
    else this.#inUse--;
  }

  /** Hands out no more slots (a drain began); every waiter is told `false`. */
  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w(false);
  }
}
