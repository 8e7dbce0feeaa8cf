/**
 * How a body goes up to S3, by what is known of it:
 * - bytes: one PUT;
 * - a stream of declared length: one streamed PUT (`Readable.fromWeb` + ContentLength; a web
 *   stream is refused by the SDK on http endpoints and aws-chunked by RGW — STACK_NOTES 5);
 * - a stream of unknown length: one PUT if it ends within 8 MiB, else a multipart upload of
 *   8 MiB parts, aborted on any failure — memory stays at one part for a 100 MB recording.
 *
 * @module
 */
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { AppError } from "../platform/errors.ts";
import { bodyLengthError, exactLength, type NormalizedBody } from "./body.ts";

/** Multipart part size for streams of unknown length (S3's minimum part is 5 MiB). */
export const PART_BYTES = 8 * 1024 * 1024;

/** Where an upload goes. `streamClient` must not retry: a stream cannot be replayed. */
export interface UploadTarget {
  client: S3Client;
  streamClient: S3Client;
  bucket: string;
}

/** A failure of the S3 server itself: 502, logged with its cause. */
export function s3Failure(operation: string, key: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const name = (err as { name?: string })?.name ?? "Error";
  return new AppError("BAD_GATEWAY", `S3 ${operation} of ${JSON.stringify(key)} failed: ${name}`, {
    title: "Storage unavailable",
    cause: err,
  });
}

/** Uploads `input` to `key`; returns the bytes stored. */
export async function uploadObject(
  target: UploadTarget,
  key: string,
  input: NormalizedBody,
  options: { contentType: string; contentLength?: number },
): Promise<number> {
  const { contentType, contentLength } = options;
  if ("bytes" in input) {
    if (contentLength !== undefined && contentLength !== input.bytes.byteLength) {
      throw bodyLengthError(contentLength, input.bytes.byteLength);
    }
    await putBytes(target, key, input.bytes, contentType);
    return input.bytes.byteLength;
  }
  if (contentLength !== undefined) {
    await putStream(target, key, input.stream, contentLength, contentType);
    return contentLength;
  }
  return await putChunked(target, key, input.stream, contentType);
}

async function putBytes(
  { client, bucket }: UploadTarget,
  key: string,
  body: Uint8Array,
  contentType: string,
): Promise<void> {
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    Body: body,
    ContentLength: body.byteLength,
    ContentType: contentType,
  });
  await client.send(command).catch((err) => {
    throw s3Failure("PutObject", key, err);
  });
}

/** One PUT streamed from `stream`, which must carry exactly `length` bytes. */
async function putStream(
  { streamClient, bucket }: UploadTarget,
  key: string,
  stream: ReadableStream<Uint8Array>,
  length: number,
  contentType: string,
): Promise<void> {
  const guard = exactLength(length);
  // deno-lint-ignore no-explicit-any
  const body = Readable.fromWeb(stream.pipeThrough(guard) as any);
  // The SDK sends the body with `pipe()`, which does not pass a source error on: without
  // the abort, the request would wait for bytes that never come.
  const abort = new AbortController();
  let failure: unknown;
  body.on("error", (err) => {
    failure ??= err;
    abort.abort(err);
  });
  const command = new PutObjectCommand({
    Bucket: bucket,
    Key: key,
    Body: body,
    ContentLength: length,
    ContentType: contentType,
  });
  try {
    await streamClient.send(command, { abortSignal: abort.signal });
  } catch (err) {
    if (guard.failure) throw guard.failure;
    if (failure instanceof AppError) throw failure;
    if (failure) {
      throw new AppError("BAD_REQUEST", "The body stream failed before its end", {
        cause: failure,
      });
    }
    throw s3Failure("PutObject", key, err);
  }
}

/** Unknown length: one PUT if it fits in a part, else a multipart upload. */
async function putChunked(
  target: UploadTarget,
  key: string,
  stream: ReadableStream<Uint8Array>,
  contentType: string,
): Promise<number> {
  const { client, bucket } = target;
  const parts = readParts(stream, PART_BYTES);
  const first = await parts.next();
  const firstPart = first.done ? new Uint8Array() : first.value;
  const second = first.done ? first : await parts.next();
  if (second.done) {
    await putBytes(target, key, firstPart, contentType);
    return firstPart.byteLength;
  }
  const { UploadId } = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }),
  ).catch((err) => {
    throw s3Failure("CreateMultipartUpload", key, err);
  });
  const done: { ETag: string; PartNumber: number }[] = [];
  let size = 0;
  const upload = async (part: Uint8Array) => {
    const PartNumber = done.length + 1;
    const { ETag } = await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber,
        Body: part,
        ContentLength: part.byteLength,
      }),
    );
    done.push({ ETag: ETag!, PartNumber });
    size += part.byteLength;
  };
  try {
    await upload(firstPart);
    await upload(second.value);
    for await (const part of parts) await upload(part);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: done },
      }),
    );
  } catch (err) {
    await parts.return(undefined).catch(() => {});
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))
      .catch(() => {});
    throw s3Failure("multipart upload", key, err);
  }
  return size;
}

/** Re-chunks a byte stream into parts of exactly `size` bytes (the last may be shorter). */
async function* readParts(
  stream: ReadableStream<Uint8Array>,
  size: number,
): AsyncGenerator<Uint8Array, void, undefined> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of stream) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const n = Math.min(size - filled, chunk.byteLength - offset);
      buffer.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}
