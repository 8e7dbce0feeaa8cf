/**
 * The `local` Storage adapter: objects are files under LOCAL_STORAGE_DIR, named by their key.
 * For a developer's machine and single-node installs; S3 is the scale-out path.
 *
 * - Writes go to `.tmp/` and are renamed into place, so a reader or a crash never sees half a
 *   file. A content type given to `put` is kept in `.meta/<key>` (JSON).
 * - Presigned links are app URLs (`PUBLIC_BASE_URL/storage/local/<token>`) carrying an HMAC
 *   token (local_token.ts) served by local_routes.ts.
 * - Unlike S3, a key cannot be both an object and a folder of others (`a` and `a/b`): such a
 *   put is refused with 409.
 *
 * @module
 */
import { dirname, join, resolve, sep as SEPARATOR } from "node:path";
import { AppError } from "../platform/errors.ts";
import { acceptPutBody, discardBody, exactLength } from "./body.ts";
import { fileRangeStream } from "./file_stream.ts";
import { checkKey, checkPrefix } from "./keys.ts";
import { listFiles } from "./local_list.ts";
import { deriveLinkKey, type LinkClaims, signLink, verifyLink } from "./local_token.ts";
import {
  type ByteRange,
  checkExpiry,
  checkUploadRequest,
  DEFAULT_CONTENT_TYPE,
  notFound,
  type PresignDownloadOptions,
  type PresignedDownload,
  type PresignedUpload,
  type PresignSettings,
  type PresignUploadOptions,
  type PutOptions,
  type PutResult,
  type Storage,
  type StorageBody,
  type StorageEntry,
  type StorageHead,
  type StorageObject,
} from "./storage.ts";

/** Options of {@link LocalStorage}. */
export interface LocalStorageOptions extends PresignSettings {
  /** The root directory (created on first write). */
  root: string;
  /** Base of presigned links: PUBLIC_BASE_URL. */
  publicBaseUrl: string;
  /** JWT_SECRET; the link key is derived from it (local_token.ts). */
  secret: string;
}

/** The URL path presigned local links are served under. */
export const LOCAL_LINK_PATH = "/storage/local";

/** Files under LOCAL_STORAGE_DIR; see the module doc. */
export class LocalStorage implements Storage {
  readonly backend = "local" as const;
  readonly root: string;
  readonly #options: LocalStorageOptions;
  #linkKey?: Promise<CryptoKey>;

  constructor(options: LocalStorageOptions) {
    this.#options = options;
    this.root = resolve(options.root);
  }

  #path(key: string, tree: "" | ".meta" = ""): string {
    checkKey(key);
    // `.meta/<key>` mirrors the data tree's shape, so it can clash only where the data does.
    const path = resolve(this.root, tree, key);
    // Defence in depth: checkKey already refuses anything that could climb out.
    if (!path.startsWith(this.root + SEPARATOR)) throw notFound(key);
    return path;
  }

  #key(): Promise<CryptoKey> {
    return this.#linkKey ??= deriveLinkKey(this.#options.secret);
  }

  async put(key: string, body: StorageBody, options: PutOptions = {}): Promise<PutResult> {
    const { input, target: path } = await acceptPutBody(body, options, () => this.#path(key));
    const { contentLength } = options;
    let stream = "stream" in input ? input.stream : ReadableStream.from([input.bytes]);
    if (contentLength !== undefined) stream = stream.pipeThrough(exactLength(contentLength));
    const tmp = join(this.root, ".tmp", crypto.randomUUID());
    try {
      await Deno.mkdir(dirname(tmp), { recursive: true });
      const file = await Deno.open(tmp, { write: true, createNew: true });
      await stream.pipeTo(file.writable);
      await this.#moveIntoPlace(tmp, path, key);
    } catch (err) {
      await discardBody(input);
      await Deno.remove(tmp).catch(() => {});
      throw err;
    }
    await this.#writeMeta(key, options.contentType);
    return { key, size: (await Deno.stat(path)).size };
  }

  async #moveIntoPlace(from: string, to: string, key: string): Promise<void> {
    // Two tries: a concurrent delete may prune the freshly made folder in between.
    for (let attempt = 0;; attempt++) {
      try {
        await Deno.mkdir(dirname(to), { recursive: true });
        await Deno.rename(from, to);
        return;
      } catch (err) {
        if (err instanceof Deno.errors.NotFound && attempt === 0) continue;
        if (
          err instanceof Deno.errors.AlreadyExists || err instanceof Deno.errors.IsADirectory ||
          err instanceof Deno.errors.NotADirectory ||
          (err as { code?: string }).code === "ENOTEMPTY"
        ) {
          throw new AppError(
            "CONFLICT",
            `Key ${JSON.stringify(key)} clashes with a folder or file of another key`,
            {
              title: "Storage key conflict",
              fields: [{ field: "key", message: "object/folder clash" }],
            },
          );
        }
        throw err;
      }
    }
  }

  async #writeMeta(key: string, contentType: string | undefined): Promise<void> {
    const metaPath = this.#path(key, ".meta");
    if (contentType === undefined) {
      await Deno.remove(metaPath).catch(() => {});
      return;
    }
    const tmp = join(this.root, ".tmp", crypto.randomUUID());
    await Deno.writeTextFile(tmp, JSON.stringify({ contentType }));
    await Deno.mkdir(dirname(metaPath), { recursive: true });
    await Deno.rename(tmp, metaPath);
  }

  async #contentType(key: string): Promise<string> {
    try {
      const meta = JSON.parse(await Deno.readTextFile(this.#path(key, ".meta")));
      return typeof meta.contentType === "string" ? meta.contentType : DEFAULT_CONTENT_TYPE;
    } catch {
      return DEFAULT_CONTENT_TYPE;
    }
  }

  async head(key: string): Promise<StorageHead | null> {
    const path = this.#path(key);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
        return null;
      }
      throw err;
    }
    if (!info.isFile) return null;
    return {
      key,
      size: info.size,
      lastModified: info.mtime ?? new Date(0),
      contentType: await this.#contentType(key),
    };
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<StorageObject> {
    const path = this.#path(key);
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { read: true });
    } catch (err) {
      if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) {
        throw notFound(key);
      }
      throw err;
    }
    try {
      const info = await file.stat();
      if (!info.isFile) throw notFound(key);
      const head = {
        key,
        size: info.size,
        lastModified: info.mtime ?? new Date(0),
        contentType: await this.#contentType(key),
      };
      if (!options.range) return { ...head, body: fileRangeStream(file, 0, info.size) };
      const start = options.range.start;
      const end = Math.min(options.range.end ?? info.size - 1, info.size - 1);
      const length = Math.max(0, end - start + 1);
      return { ...head, range: { start, end }, body: fileRangeStream(file, start, length) };
    } catch (err) {
      file.close();
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    for (const path of [this.#path(key), this.#path(key, ".meta")]) {
      try {
        await Deno.remove(path);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) continue;
        if (err instanceof Deno.errors.NotADirectory) continue;
        throw err;
      }
      await this.#pruneEmptyFolders(dirname(path));
    }
  }

  /** Removes now-empty folders up to the root, so retention leaves no husks behind. */
  async #pruneEmptyFolders(dir: string): Promise<void> {
    while (dir.startsWith(this.root + SEPARATOR)) {
      try {
        await Deno.remove(dir); // fails unless empty
      } catch {
        return;
      }
      dir = dirname(dir);
    }
  }

  async *list(prefix: string): AsyncIterable<StorageEntry> {
    yield* await listFiles(this.root, checkPrefix(prefix));
  }

  async presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload> {
    const request = checkUploadRequest(key, options, this.#options);
    const exp = Math.floor(Date.now() / 1000) + request.ttlS;
    const token = await signLink(await this.#key(), {
      op: "put",
      key,
      exp,
      ct: request.contentType,
      len: request.size,
    });
    return {
      url: this.#linkUrl(token),
      method: "PUT",
      headers: { "Content-Type": request.contentType },
      expiresAt: new Date(exp * 1000),
    };
  }

  async presignDownload(
    key: string,
    options: PresignDownloadOptions = {},
  ): Promise<PresignedDownload> {
    checkKey(key);
    const exp = Math.floor(Date.now() / 1000) + checkExpiry(options.expiresInS, this.#options);
    const claims: LinkClaims = { op: "get", key, exp };
    if (options.filename !== undefined) claims.fn = options.filename;
    const token = await signLink(await this.#key(), claims);
    return { url: this.#linkUrl(token), expiresAt: new Date(exp * 1000) };
  }

  /**
   * Checks a link token from local_routes.ts.
   *
   * @throws {AppError} FORBIDDEN for a tampered, expired or wrong-operation link
   */
  async verifyLink<Op extends LinkClaims["op"]>(
    token: string,
    op: Op,
  ): Promise<Extract<LinkClaims, { op: Op }>> {
    return await verifyLink(await this.#key(), token, op);
  }

  #linkUrl(token: string): string {
    return `${this.#options.publicBaseUrl.replace(/\/+$/, "")}${LOCAL_LINK_PATH}/${token}`;
  }

  close(): void {}
}
