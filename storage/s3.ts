/**
 * The `s3` Storage adapter (@aws-sdk/client-s3), for AWS S3 or any S3-compatible server
 * (Ceph RGW in CI), always path-style.
 *
 * - Checksums only "when required": the SDK's default aws-chunked checksum trailer is refused
 *   by RGW (MissingContentLength) — STACK_NOTES item 5.
 * - A stream of known length is sent as one streamed PUT; of unknown length, in 8 MiB
 *   multipart parts, so memory stays flat for a 100 MB recording.
 * - A presigned PUT signs `content-type` and `content-length` into the URL: the server
 *   itself refuses another type or size (403), and an oversize size is never signed.
 *
 * @module
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { acceptPutBody } from "./body.ts";
import { contentDisposition } from "./http.ts";
import { checkKey, checkPrefix } from "./keys.ts";
import { s3Failure as upstream, uploadObject } from "./s3_upload.ts";
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

/** Options of {@link S3Storage}. */
export interface S3StorageOptions extends PresignSettings {
  /** S3_ENDPOINT_URL; AWS's own endpoint when omitted. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** Objects in one S3 bucket; see the module doc. */
export class S3Storage implements Storage {
  readonly backend = "s3" as const;
  readonly client: S3Client;
  readonly bucket: string;
  readonly #settings: PresignSettings;
  readonly #streamClient: S3Client;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.#settings = options;
    const config = {
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: true,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      requestChecksumCalculation: "WHEN_REQUIRED" as const,
      responseChecksumValidation: "WHEN_REQUIRED" as const,
    };
    this.client = new S3Client(config);
    // A streamed body cannot be replayed, so a retry would send a drained stream.
    this.#streamClient = new S3Client({ ...config, maxAttempts: 1 });
  }

  /** Creates the bucket unless it exists (dev and tests; production buckets are provisioned). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      if (!isNotFound(err)) throw upstream("HeadBucket", this.bucket, err);
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  async put(key: string, body: StorageBody, options: PutOptions = {}): Promise<PutResult> {
    const { input } = await acceptPutBody(body, options, () => checkKey(key));
    const target = { client: this.client, streamClient: this.#streamClient, bucket: this.bucket };
    const size = await uploadObject(target, key, input, {
      contentType: options.contentType ?? DEFAULT_CONTENT_TYPE,
      contentLength: options.contentLength,
    });
    return { key, size };
  }

  async get(key: string, options: { range?: ByteRange } = {}): Promise<StorageObject> {
    checkKey(key);
    const { range } = options;
    let out;
    try {
      out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined,
        }),
      );
    } catch (err) {
      if (isNotFound(err)) throw notFound(key);
      throw upstream("GetObject", key, err);
    }
    const body = out.Body!.transformToWebStream() as ReadableStream<Uint8Array>;
    const head = {
      key,
      size: out.ContentLength ?? 0,
      lastModified: out.LastModified ?? new Date(0),
      contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
    };
    const m = out.ContentRange?.match(/^bytes (\d+)-(\d+)\/(\d+)$/);
    if (!m) return { ...head, body };
    return {
      ...head,
      size: Number(m[3]),
      range: { start: Number(m[1]), end: Number(m[2]) },
      body,
    };
  }

  async head(key: string): Promise<StorageHead | null> {
    checkKey(key);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: out.ContentLength ?? 0,
        lastModified: out.LastModified ?? new Date(0),
        contentType: out.ContentType ?? DEFAULT_CONTENT_TYPE,
      };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw upstream("HeadObject", key, err);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }))
      .catch((err) => {
        throw upstream("DeleteObject", key, err);
      });
  }

  async *list(prefix: string): AsyncIterable<StorageEntry> {
    checkPrefix(prefix);
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }),
      ).catch((err) => {
        throw upstream("ListObjectsV2", prefix, err);
      });
      for (const o of page.Contents ?? []) {
        yield { key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async presignUpload(key: string, options: PresignUploadOptions): Promise<PresignedUpload> {
    const request = checkUploadRequest(key, options, this.#settings);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ContentType: request.contentType,
      ContentLength: request.size,
    });
    const signedAt = new Date();
    const url = await getSignedUrl(this.client, command, {
      expiresIn: request.ttlS,
      signingDate: signedAt,
      // The presigner leaves content-type unsigned by default; signing both headers is what
      // makes the server refuse another type or size.
      signableHeaders: new Set(["content-type", "content-length"]),
    });
    return {
      url,
      method: "PUT",
      headers: { "Content-Type": request.contentType },
      expiresAt: new Date(signedAt.getTime() + request.ttlS * 1000),
    };
  }

  async presignDownload(
    key: string,
    options: PresignDownloadOptions = {},
  ): Promise<PresignedDownload> {
    checkKey(key);
    const ttlS = checkExpiry(options.expiresInS, this.#settings);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: options.filename === undefined
        ? undefined
        : contentDisposition(options.filename),
    });
    const signedAt = new Date();
    const url = await getSignedUrl(this.client, command, {
      expiresIn: ttlS,
      signingDate: signedAt,
    });
    return { url, expiresAt: new Date(signedAt.getTime() + ttlS * 1000) };
  }

  close(): void {
    this.client.destroy();
    this.#streamClient.destroy();
  }
}
