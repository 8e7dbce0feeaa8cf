/**
 * Who may do what with call texts (ADMIN passes every check):
 *
 * | roles | may |
 * |---|---|
 * | SUPERVISOR, OPERATOR | see runs and their progress, list calls, search transcripts (an operator sees phone numbers masked) |
 * | SUPERVISOR | start exports, retry a call, download registries and exports (full numbers) |
 * | ADMIN | the above, and requeue dead-lettered transcriptions |
 *
 * The seed left these endpoints open; they hold customers' phone numbers and conversations.
 *
 * @module
 */
import type { Role } from "../auth/roles.ts";

/** May read runs, calls and transcripts. */
export const CALLS_VIEW_ROLES = ["SUPERVISOR", "OPERATOR"] as const satisfies readonly Role[];
/** May run exports, retry calls and download registries. */
export const CALLS_MANAGE_ROLES = ["SUPERVISOR"] as const satisfies readonly Role[];
/** May requeue dead-lettered transcriptions. */
export const CALLS_ADMIN_ROLES = ["ADMIN"] as const satisfies readonly Role[];

/** True when `roles` see phone numbers unmasked. */
export function seesFullNumbers(roles: readonly Role[]): boolean {
  return roles.includes("ADMIN") || roles.includes("SUPERVISOR");
}
