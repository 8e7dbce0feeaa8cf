/**
 * The roles of fieldhub's one identity model. Each seed's roles map onto these:
 * CRM ADMIN/SUPERVISOR/ENGINEER; masters MASTER; call-centre and 1C operators OPERATOR;
 * end customers CLIENT.
 *
 * @module
 */
import { z } from "zod";

/** Every role, in order of decreasing reach. */
export const ROLES = ["ADMIN", "SUPERVISOR", "ENGINEER", "MASTER", "OPERATOR", "CLIENT"] as const;
/** One role. */
export type Role = (typeof ROLES)[number];
/** zod schema of a role. */
export const roleSchema = z.enum(ROLES);
