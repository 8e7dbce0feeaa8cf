/**
 * Badge classes of CRM statuses (objects, visits, report jobs) in the stylesheet's job colours.
 * A module of its own so islands can use it without pulling server code into the bundle.
 *
 * @module
 */

/** Badge class of a status. */
export const BADGE: Record<string, string> = {
  NEW: "status status-running",
  INTEREST: "status status-running",
  CALLBACK: "status status-failed",
  REJECTED: "status status-dead",
  DONE: "status status-done",
  PLANNED: "status status-running",
  IN_PROGRESS: "status status-failed",
  CANCELLED: "status status-dead",
  pending: "status status-running",
  processing: "status status-failed",
  done: "status status-done",
  failed: "status status-dead",
  expired: "status status-dead",
};
