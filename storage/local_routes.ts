/**
 * The app side of the local adapter's presigned links: `PUT` and `GET /storage/local/<token>`.
 * They sit outside `/api/` on purpose: the API's 16 MiB body limit and per-caller rate limit
 * would cut uploads the link itself already bounds (one key, one type, one exact size, an
 * expiry). The body is streamed to disk, never buffered. With STORAGE_BACKEND=s3 both answer
 * 404: S3 serves its own links.
 *
 * @module
 */
import { z } from "zod";
import type { AppDeps } from "../platform/deps.ts";
import { AppError } from "../platform/errors.ts";
import { type AnyRoute, defineRoute } from "../platform/rest/route.ts";
import { bodyLengthError } from "./body.ts";
import { downloadResponse } from "./http.ts";
import { LOCAL_LINK_PATH, LocalStorage } from "./local.ts";

const params = z.object({ token: z.string().min(1).max(8192) });
const refusals = {
  403: { description: "Link tampered with, expired, or for the other operation" },
  404: { description: "No such object, or the local adapter is not in use" },
};

function localStorageOf(deps: AppDeps): LocalStorage {
  if (deps.storage instanceof LocalStorage) return deps.storage;
  throw new AppError("NOT_FOUND", "Local storage links are not served: STORAGE_BACKEND is s3");
}

const upload = defineRoute({
  method: "put",
  path: `${LOCAL_LINK_PATH}/:token`,
  summary: "Upload through a presigned local link",
  description: "The body must carry exactly the Content-Type and byte size the link was made " +
    "for. Made by `storage.presignUpload()`; the S3 adapter's links go to S3 instead.",
  tags: ["storage"],
  access: "public",
  params,
  responses: {
    200: { description: "Stored" },
    400: { description: "Body shorter than the declared size" },
    ...refusals,
    413: { description: "Body over the declared size" },
    415: { description: "Content-Type other than the one the link was made for" },
  },
  handler: async ({ c, deps, params }) => {
    const storage = localStorageOf(deps);
    const claims = await storage.verifyLink(params.token, "put");
    const type = c.req.header("content-type") ?? "";
    if (type.toLowerCase() !== claims.ct.toLowerCase()) {
      const message = `must be ${claims.ct}, as the upload link was made for`;
      throw new AppError(
        "UNSUPPORTED_MEDIA_TYPE",
        `Content-Type ${JSON.stringify(type)} ${message}`,
        {
          fields: [{ field: "Content-Type", in: "header", message }],
        },
      );
    }
    const declared = c.req.header("content-length");
    if (declared !== undefined && Number(declared) !== claims.len) {
      // Refused before a byte is read; the stream check below catches a lying header.
      throw bodyLengthError(claims.len, Number(declared));
    }
    const body = c.req.raw.body;
    if (!body) throw bodyLengthError(claims.len, 0);
    await storage.put(claims.key, body, { contentType: claims.ct, contentLength: claims.len });
    return c.body(null, 200);
  },
});

const download = defineRoute({
  method: "get",
  path: `${LOCAL_LINK_PATH}/:token`,
  summary: "Download through a presigned local link",
  description: "Streams the object; honours one `Range` (206) for audio seeking. Made by " +
    "`storage.presignDownload()`.",
  tags: ["storage"],
  access: "public",
  params,
  responses: {
    200: { description: "The object", contentType: "application/octet-stream" },
    206: { description: "The requested range", contentType: "application/octet-stream" },
    ...refusals,
    416: { description: "Range past the end of the object" },
  },
  handler: async ({ c, deps, params }) => {
    const storage = localStorageOf(deps);
    const claims = await storage.verifyLink(params.token, "get");
    return await downloadResponse(storage, claims.key, {
      filename: claims.fn,
      range: c.req.header("range"),
    });
  },
});

/** The routes app.ts adds to `restRoutes`. */
export const localStorageRoutes: AnyRoute[] = [upload, download];
