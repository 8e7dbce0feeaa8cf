/**
 * How seed 000's services (returns and the Walking Warehouse) declare their REST routes: every
 * write requires an `Idempotency-Key` of at most 128 characters, as the seed's README says, and
 * each service's problem responses are documented beside every route's own.
 *
 * @module
 */
import { defineRoute, type ResponseSpec } from "../../platform/rest/route.ts";

/** The seed's Idempotency-Key rule for every write. */
const WRITE_KEY = { required: true, maxKeyLength: 128 } as const;

/**
 * A `defineRoute` for one service: a route with any method but GET gets {@link WRITE_KEY};
 * `problems` are merged under the route's own responses (so a route may give a more specific
 * 422, say).
 *
 * @example
 * ```ts
 * const route = seedRoutes({ 401: { description: "No or invalid bearer token" } });
 * // `route({...})` takes exactly what `defineRoute({...})` takes.
 * ```
 */
export function seedRoutes(problems: Record<number, ResponseSpec>): typeof defineRoute {
  return (spec) =>
    defineRoute({
      ...spec,
      ...(spec.method === "get" ? {} : { idempotency: WRITE_KEY }),
      responses: { ...problems, ...spec.responses },
    });
}
