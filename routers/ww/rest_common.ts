/**
 * What every WW REST route shares: the base path, tags, and {@link wwRoute}, which applies the
 * Idempotency-Key rule and documents the error responses.
 *
 * @module
 */
import { seedRoutes } from "../returns/route.ts";

/** Where the WW routes live. */
export const WW = "/api/v1/ww";
/** Tags of the WW routes in OpenAPI. */
export const WW_TAGS = ["walking-warehouse"];
/** Declares a WW route (see {@link seedRoutes}: writes need an Idempotency-Key). */
export const wwRoute = seedRoutes({
  401: { description: "No or invalid bearer token" },
  403: { description: "The caller's role may not do this" },
  404: { description: "Not found" },
  422: { description: "Validation failed (errors[] names each field) or an invalid transition" },
});
