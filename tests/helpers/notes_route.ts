/**
 * A small REST resource used only by platform tests: "notes" stored as audit rows, so a test
 * can count business effects. It exercises validation, idempotency and roles like a domain
 * route would, without depending on any domain.
 *
 * @module
 */
import { z } from "zod";
import { withTx } from "../../db/tx.ts";
import { writeAudit } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import { type AnyRoute, defineRoute } from "../../platform/rest/route.ts";

/** The body of a note. */
export const noteBody = z.object({
  text: z.string().min(1).max(200),
  items: z.array(z.object({ sku: z.string().min(1), qty: z.number().int().min(1) })).min(1),
});

/** Counts notes created (audit rows with entity "test_note"). */
export async function countNotes(db: import("../../db/database.ts").Db): Promise<number> {
  const rows = await db.selectFrom("audit_log").select("id").where("entity", "=", "test_note")
    .execute();
  return rows.length;
}

/** POST /test/notes (idempotent, key required) and PUT /test/notes/:id (optional key). */
export function notesRoutes(options: { delayMs?: number } = {}): AnyRoute[] {
  const create = defineRoute({
    method: "post",
    path: "/test/notes",
    summary: "Create a note (test only)",
    tags: ["test"],
    access: "authed",
    body: noteBody,
    idempotency: { required: true },
    responses: { 201: { description: "Created" } },
    handler: async ({ c, deps, actor, body }) => {
      const id = crypto.randomUUID();
      await withTx(deps.db, async (tx) => {
        await writeAudit(tx, actor, {
          entity: "test_note",
          entityId: id,
          action: "create",
          after: body,
        });
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        if (body.text === "explode") throw new AppError("CONFLICT", "Refused after writing");
      });
      return c.json({ id, ...body }, 201, { Location: `/test/notes/${id}` });
    },
  });
  const replace = defineRoute({
    method: "put",
    path: "/test/notes/:id",
    summary: "Replace a note (test only)",
    tags: ["test"],
    access: ["SUPERVISOR"],
    params: z.object({ id: z.uuid() }),
    query: z.object({ notify: z.enum(["yes", "no"]).optional() }),
    body: noteBody,
    idempotency: { required: false, maxKeyLength: 128 },
    responses: { 200: { description: "Replaced" } },
    handler: ({ c, params, body }) => Promise.resolve(c.json({ id: params.id, ...body })),
  });
  return [create, replace];
}
