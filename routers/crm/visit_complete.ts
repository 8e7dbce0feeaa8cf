/**
 * Completing a visit: the one way a visit becomes DONE or CANCELLED. Only a DONE completion
 * counts on the object (`visits_count`, `last_visit_at`), and only once: a second completion
 * is a 409, so a retried request cannot count the visit twice (seed 002 did).
 *
 * @module
 */
import { sql } from "kysely";
import type { AppDeps } from "../../platform/deps.ts";
import { type CrmCaller, piiView } from "./caller.ts";
import { checkVersion, crmWrite, definedOnly } from "./locking.ts";
import { saveVersioned } from "./save.ts";
import type { VisitComplete } from "./schemas/visits.ts";
import { type VisitView, visitView } from "./serialize.ts";
import { assertOpen, findVisit } from "./visits.ts";

/** Completes an open visit at the version the client saw. */
export function completeVisit(
  deps: Pick<AppDeps, "db">,
  caller: CrmCaller,
  id: string,
  input: VisitComplete,
): Promise<VisitView> {
  return crmWrite(deps.db, async (tx) => {
    const row = await findVisit(tx, caller, id);
    const { version, force, ...outcome } = input;
    const { forced } = checkVersion("visit", visitView(row, piiView(caller)), {
      version,
      force,
    }, outcome);
    assertOpen(row);
    const now = new Date();
    const updated = await saveVersioned(tx, caller, "crm_visits", row, {
      status: outcome.status,
      outcome_text: outcome.outcome_text,
      ...definedOnly({
        interests: outcome.interests,
        next_action_due_at: outcome.next_action_due_at,
        geo_captured_lat: outcome.geo_captured_lat,
        geo_captured_lng: outcome.geo_captured_lng,
      }),
      started_at: row.started_at ?? now,
      finished_at: now,
    }, { action: "complete", forced });
    if (outcome.status === "DONE") {
      // A counter the server owns: it moves the object's change sequence (offline clients get
      // the new count) but not its version, so supervisors' edits do not conflict with it.
      await tx.updateTable("crm_objects").set({
        visits_count: sql`visits_count + 1`,
        last_visit_at: sql`greatest(coalesce(last_visit_at, ${now}), ${now})`,
      }).where("id", "=", row.object_id).execute();
    }
    return visitView(updated, piiView(caller));
  });
}
