/**
 * The Storage port: where blobs live (call recordings, transcripts, CSV and XLSX exports,
 * photos). Domain code sees only this interface; `createStorage(config)` picks the `local`
 * (a directory) or `s3` adapter. Browsers never stream uploads through domain code: they get
 * a presigned PUT limited to one key, one content type and one exact size, and a presigned
 * GET for downloads.
 *
 * Both adapters pass the same contract suite (`tests/storage/contract_test.ts`).
 *
 * @module
 */
import { AppError } from "../platform/errors.ts";
import { checkKey } from "./keys.ts";

/**
 * What `put` accepts. A Node `Readable` (exceljs's stream writer, `fs.createReadStream`) is an
 * `AsyncIterable<Uint8Array>`, so it can be passed as is.
 */
export type StorageBody =
  | Uint8Array
  | string
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

/** Options of `put`. */
export interface PutOptions {
  /** Stored and served back on `get`; `application/octet-stream` if omitted. */
  contentType?: string;
  /**
   * The exact byte length of a streamed body. With it S3 gets one streamed PUT; without it
   * the S3 adapter uploads in 8 MiB multipart chunks. A body of another length is refused.
   */
  contentLength?: number;
}

/** One object as `list` and `head` report it. */
export interface StorageEntry {
  key: string;
  /** Bytes. */
  size: number;
  lastModified: Date;
}

/** What `put` reports. */
export interface PutResult {
  key: string;
  /** Bytes stored. */
  size: number;
}

/** Metadata of one object. */
export interface StorageHead extends StorageEntry {
  contentType: string;
}

/** Inclusive byte range (`Range: bytes=start-end`); `end` defaults to the last byte. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** An object being read; consume or cancel `body` (an open file or socket sits behind it). */
export interface StorageObject extends StorageHead {
  body: ReadableStream<Uint8Array>;
  /** The bytes `body` holds when a range was asked for (`size` stays the whole object's). */
  range?: { start: number; end: number };
}

/** Options of `presignUpload`. */
export interface PresignUploadOptions {
  /** The one Content-Type the upload may carry. */
  contentType: string;
  /** The exact size in bytes the client declared; the upload must be exactly this long. */
  size: number;
  /** Refuse to presign above this; defaults to UPLOAD_MAX_BYTES. */
  maxBytes?: number;
  /** Link lifetime; defaults to PRESIGN_TTL_S. */
  expiresInS?: number;
}

/**
 * A presigned upload: the client sends `PUT url` with exactly `headers` and a body of exactly
 * the declared size (browsers and `fetch` set Content-Length themselves). Another type or
 * size gets 403 from S3 (both are signed) and 415/413/400 from the local route.
 */
export interface PresignedUpload {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: Date;
}

/** Options of `presignDownload`. */
export interface PresignDownloadOptions {
  /** Served as `Content-Disposition: attachment; filename=...` (any Unicode). */
  filename?: string;
  /** Link lifetime; defaults to PRESIGN_TTL_S. */
  expiresInS?: number;
}

/** A presigned download link. */
export interface PresignedDownload {
  url: string;
  expiresAt: Date;
}

/** The port. Every key goes through `checkKey` (keys.ts) first. */
export interface Storage {
  readonly backend: "local" | "s3";
  /** Writes the whole object; readers see the old object or the new one, never a part. */
  put(key: string, body: StorageBody, options?: PutOptions): Promise<PutResult>;
  /** @throws {AppError} NOT_FOUND when there is no such object */
  get(key: string, options?: { range?: ByteRange }): Promise<StorageObject>;
  /** Metadata, or `null` when there is no such object. */
  head(key: string): Promise<StorageHead | null>;
  exists(key: string): Promise<boolean>;
  /** Deletes; deleting a missing object is not an error (as on S3). */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix` (a plain string prefix), sorted by key. */
  list(prefix: string): AsyncIterable<StorageEntry>;
  presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload>;
  presignDownload(key: string, options?: PresignDownloadOptions): Promise<PresignedDownload>;
  close(): void;
}

/** Limits both adapters apply to presigned links (PRESIGN_TTL_S, UPLOAD_MAX_BYTES). */
export interface PresignSettings {
  presignTtlS: number;
  uploadMaxBytes: number;
}

/** Longest presigned link SigV4 allows (7 days); the local adapter keeps the same bound. */
export const MAX_PRESIGN_TTL_S = 7 * 86_400;

/** What an object put without a content type is served as, on either adapter. */
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;\s*[a-z0-9_-]+=("[^"\\]*"|[^;\s"\\]+))*$/i;

function fieldError(
  code: "UNPROCESSABLE_CONTENT" | "PAYLOAD_TOO_LARGE",
  field: string,
  message: string,
) {
  return new AppError(code, `${field}: ${message}`, { fields: [{ field, message }] });
}

/** Checks a content type (`type/subtype[; param=value]`), naming the field on failure. */
export function checkContentType(value: unknown, field = "contentType"): string {
  if (typeof value !== "string" || value.length > 255 || !MEDIA_TYPE.test(value)) {
    throw fieldError(
      "UNPROCESSABLE_CONTENT",
      field,
      `must be a media type such as image/jpeg, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** The link lifetime in seconds: `expiresInS` or the default, 1 s .. 7 days. */
export function checkExpiry(expiresInS: number | undefined, settings: PresignSettings): number {
  const ttl = expiresInS ?? settings.presignTtlS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_PRESIGN_TTL_S) {
    throw fieldError(
      "UNPROCESSABLE_CONTENT",
      "expiresInS",
      `must be a whole number of seconds from 1 to ${MAX_PRESIGN_TTL_S}, got ${ttl}`,
    );
  }
  return ttl;
}

/**
 * Validates a presigned-upload request before anything is signed; a declared size over the
 * limit is refused here (413), since the signed URL then holds the client to that size.
 */
export function checkUploadRequest(
  key: string,
  options: PresignUploadOptions,
  settings: PresignSettings,
): { key: string; contentType: string; size: number; ttlS: number } {
  checkKey(key);
  const contentType = checkContentType(options.contentType);
  const max = options.maxBytes ?? settings.uploadMaxBytes;
  const { size } = options;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw fieldError(
      "UNPROCESSABLE_CONTENT",
      "size",
      `must be a positive whole number of bytes, got ${size}`,
    );
  }
  if (size > max) {
    throw fieldError(
      "PAYLOAD_TOO_LARGE",
      "size",
      `${size} bytes is over the ${max}-byte upload limit`,
    );
  }
  return { key, contentType, size, ttlS: checkExpiry(options.expiresInS, settings) };
}

/** The NOT_FOUND every adapter throws for a missing object. */
export function notFound(key: string): AppError {
  return new AppError("NOT_FOUND", `No stored object at key ${JSON.stringify(key)}`, {
    title: "Object not found",
  });
}

/** Reads a whole object into memory (small objects: transcripts, CSV rows, JSON). */
export async function getBytes(storage: Storage, key: string): Promise<Uint8Array> {
  const object = await storage.get(key);
  return new Uint8Array(await new Response(object.body).arrayBuffer());
}

/** Reads a whole object as UTF-8 text. */
export async function getText(storage: Storage, key: string): Promise<string> {
  return new TextDecoder().decode(await getBytes(storage, key));
}

/**
 * Uploads a local file (an XLSX the exceljs stream writer just wrote, a recording on disk),
 * streamed with its length known, so memory stays flat whatever the size.
 */
export async function putFile(
  storage: Storage,
  key: string,
  path: string,
  options: { contentType?: string } = {},
): Promise<PutResult> {
  checkKey(key);
  const file = await Deno.open(path, { read: true });
  let size: number;
  try {
    size = (await file.stat()).size;
  } catch (err) {
    file.close();
    throw err;
  }
  // `put` consumes the readable, which closes the file at its end or on cancel.
  return await storage.put(key, file.readable, { ...options, contentLength: size });
}
