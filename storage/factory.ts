/**
 * `createStorage(config)`: the adapter STORAGE_BACKEND names, built from the `storage` section
 * of the config. The composition root (platform/bootstrap.ts) calls it once.
 *
 * @module
 */
import type { Config } from "../config.ts";
import { LocalStorage } from "./local.ts";
import { S3Storage } from "./s3.ts";
import type { Storage } from "./storage.ts";

/**
 * Builds the configured adapter. Opens no connection and creates no folder: the first call
 * does, so start-up stays fast and a missing bucket shows on first use, named in the error.
 *
 * @example
 * ```ts
 * const storage = createStorage(loadConfig(Deno.env.toObject()));
 * await storage.put("exports/2024-05/summary.csv", csv, { contentType: "text/csv" });
 * ```
 */
export function createStorage(config: Config): Storage {
  const { storage } = config;
  const limits = { presignTtlS: storage.presignTtlS, uploadMaxBytes: storage.uploadMaxBytes };
  if (storage.backend === "s3") {
    const { s3 } = storage;
    // loadConfig already refused STORAGE_BACKEND=s3 without these three.
    return new S3Storage({
      ...limits,
      endpoint: s3.endpoint,
      region: s3.region,
      bucket: s3.bucket!,
      accessKeyId: s3.accessKeyId!,
      secretAccessKey: s3.secretAccessKey!,
    });
  }
  return new LocalStorage({
    ...limits,
    root: storage.localDir,
    publicBaseUrl: config.publicBaseUrl,
    secret: config.jwt.secret,
  });
}
