/**
 * What every WW REST route shares: the base path, tags, the Idempotency-Key rule and the
 * documented error responses.
 *
 * @module
 */

/** Where the WW routes live. */
export const WW = "/api/v1/ww";
/** Tags of the WW routes in OpenAPI. */
export const WW_TAGS = ["walking-warehouse"];
/** The Idempotency-Key rule of every WW write (the seed's 128-character limit). */
export const WW_IDEMPOTENCY = { required: true, maxKeyLength: 128 } as const;
/** Error responses every WW route may give. */
export const WW_PROBLEMS = {
  401: { description: "No or invalid bearer token" },
  403: { description: "The caller's role may not do this" },
  404: { description: "Not found" },
  422: { description: "Validation failed (errors[] names each field) or an invalid transition" },
};
