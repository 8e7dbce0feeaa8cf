/**
 * Input schemas of the auth procedures and routes (shared by tRPC and REST).
 *
 * @module
 */
import { z } from "zod";
import { newUserSchema } from "./users.ts";

/** `auth.login`: a login or e-mail and a password. */
export const loginInput = z.object({
  login: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

/** `auth.refresh`. */
export const refreshInput = z.object({ refresh_token: z.string().min(10) });

/** `auth.register`: self-service sign-up, allowed only with REGISTRATION_SECRET. */
export const registerInput = z.object({
  registration_secret: z.string().min(1),
  login: z.string().trim().min(3).max(64).optional(),
  email: z.email().max(254).optional(),
  name: z.string().trim().max(200).optional(),
  password: z.string().min(8).max(200),
});

/** `auth.createUser` (admins): any roles. */
export const createUserInput = newUserSchema;
