/**
 * Builds the OpenAPI 3.1 document of the REST routes from their zod schemas (zod 4's own JSON
 * Schema output, which is OpenAPI 3.1's schema dialect).
 *
 * @module
 */
import { z } from "zod";
import type { AnyRoute } from "./route.ts";

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
  delete (out as JsonSchema).$schema;
  return out as JsonSchema;
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query" | "header") {
  if (!schema) return [];
  const json = toSchema(schema, "input") as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || (json.required ?? []).includes(name),
    description: s.description,
    schema: s,
  }));
}

const problemSchema = {
  type: "object",
  description: "RFC 9457 problem details",
  required: ["type", "title", "status", "code", "detail"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    code: { type: "string", description: "The same code a tRPC caller gets" },
    detail: { type: "string" },
    instance: { type: "string" },
    request_id: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          field: { type: "string", description: "e.g. items[0].qty" },
          message: { type: "string" },
          in: { type: "string", enum: ["body", "query", "path", "header", "input"] },
        },
      },
    },
  },
};

/** The OpenAPI document of `routes`. */
export function buildOpenApi(routes: AnyRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const params = [
      ...parameters(r.params, "path"),
      ...parameters(r.query, "query"),
      ...parameters(r.headers, "header"),
    ];
    if (r.idempotency) {
      params.push({
        name: "Idempotency-Key",
        in: "header",
        required: r.idempotency.required,
        description: `Replays the stored response for 24 h; ≤ ${
          r.idempotency.maxKeyLength ?? 255
        } chars`,
        schema: { type: "string", maxLength: r.idempotency.maxKeyLength ?? 255 },
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      const type = spec.contentType ?? "application/json";
      responses[status] = {
        description: spec.description,
        ...(spec.schema
          ? { content: { [type]: { schema: toSchema(spec.schema, "output") } } }
          : {}),
      };
    }
    responses["default"] = {
      description: "Error",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    };
    const bodyType = r.bodyFormat === "form"
      ? "application/x-www-form-urlencoded"
      : "application/json";
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: r.tags,
      operationId: `${r.method}_${r.path.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`,
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? {
          requestBody: {
            required: true,
            content: { [bodyType]: { schema: toSchema(r.body, "input") } },
          },
        }
        : {}),
      responses,
      ...(r.access === "public" ? {} : { security: [{ bearerAuth: [] }] }),
      ...(Array.isArray(r.access) ? { "x-roles": r.access } : {}),
    };
  }
  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
