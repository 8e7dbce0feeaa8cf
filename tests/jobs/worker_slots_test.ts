import assert from "node:assert/strict";
import { waitForJob } from "../helpers/wait.ts";
import { BACKENDS, startJobsApp } from "./helpers.ts";

for (const backend of BACKENDS) {
  Deno.test(`[${backend}] a worker with one slot keeps claiming after being poked while busy`, async () => {
    const t = await startJobsApp(backend);
    try {
      let running = 0;
      let maxRunning = 0;
      t.deps.queue.register<{ n: number }, { n: number }>("slots.step", async ({ job }) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 40));
        running--;
        return { n: job.payload.n };
      });
      await t.deps.queue.start(t.deps, { concurrency: 1 });
      // Each enqueue pokes the worker; all but the first find no free slot.
      const ids = [];
      for (let n = 0; n < 5; n++) {
        ids.push((await t.deps.queue.enqueue("slots.step", { n })).job.id);
      }
      for (const id of ids) await waitForJob(t.deps.db, id, ["done"]);
      assert.equal(maxRunning, 1, "never more than the one slot");
    } finally {
      await t.close();
    }
  });
}
