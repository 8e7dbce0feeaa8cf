/**
 * Serving stored objects over HTTP: the local adapter's presigned GET uses it, and so can any
 * route that streams a file through the app (an XLSX report, a recording for playback)
 * instead of redirecting to a presigned URL. Supports one `Range` (audio seeking) and a
 * Unicode `Content-Disposition` filename (Cyrillic file names).
 *
 * @module
 */
import type { ByteRange, Storage } from "./storage.ts";

/**
 * `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / RFC 8187): old
 * clients read the ASCII fallback, every current browser the exact Unicode name.
 *
 * @example
 * ```ts
 * contentDisposition("Отчёт май.xlsx");
 * // attachment; filename="_____ _____.xlsx"; filename*=UTF-8''%D0%9E%D1%82...
 * ```
 */
export function contentDisposition(
  filename: string,
  type: "attachment" | "inline" = "attachment",
): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Parses a `Range` header against an object of `size` bytes (RFC 9110 §14.2).
 * Returns `undefined` to serve the whole object (no header, a multi-range or a malformed
 * one), or `"unsatisfiable"` for a range wholly past the end.
 */
export function parseRange(
  header: string | null | undefined,
  size: number,
): Required<ByteRange> | "unsatisfiable" | undefined {
  const m = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0) return "unsatisfiable";
    return size === 0 ? "unsatisfiable" : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== "" && Number(m[2]) < start) return undefined;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}

/**
 * Types a browser may render in the app's own origin. Anything else (HTML, SVG, XML, JS) is
 * sent as an attachment, so an uploaded file can never run as a page of the app.
 */
const INLINE_SAFE =
  /^(image\/(png|jpeg|gif|webp|avif)|audio\/[\w.+-]+|video\/[\w.+-]+|application\/pdf|text\/plain)(;|$)/i;

/** Options of {@link downloadResponse}. */
export interface DownloadOptions {
  /**
   * Sent as an attachment with this name; without it, images, audio, video, PDF and plain
   * text are served inline and anything else as a nameless attachment.
   */
  filename?: string;
  /** The request's `Range` header. */
  range?: string | null;
}

/**
 * Streams an object as a `Response` (200, or 206 for a range, or 416).
 *
 * @throws {AppError} NOT_FOUND when there is no such object
 */
export async function downloadResponse(
  storage: Storage,
  key: string,
  options: DownloadOptions = {},
): Promise<Response> {
  const head = await storage.head(key);
  const range = head && options.range ? parseRange(options.range, head.size) : undefined;
  if (range === "unsatisfiable") {
    return new Response(null, {
      status: 416,
      headers: { "Content-Range": `bytes */${head!.size}`, "Accept-Ranges": "bytes" },
    });
  }
  // head() may be stale by now; get() is the source of truth and throws NOT_FOUND itself.
  const object = await storage.get(key, range ? { range } : {});
  const headers = new Headers({
    "Content-Type": object.contentType,
    "Last-Modified": object.lastModified.toUTCString(),
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  if (options.filename !== undefined) {
    headers.set("Content-Disposition", contentDisposition(options.filename));
  } else if (!INLINE_SAFE.test(object.contentType)) {
    headers.set("Content-Disposition", "attachment");
  }
  if (object.range) {
    const { start, end } = object.range;
    headers.set("Content-Range", `bytes ${start}-${end}/${object.size}`);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set("Content-Length", String(object.size));
  return new Response(object.body, { status: 200, headers });
}
