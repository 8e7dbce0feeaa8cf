/**
 * The local adapter's stand-in for SigV4 presigning: an HMAC-SHA256-signed, expiring token
 * that names one operation on one key (and, for uploads, one content type and one exact size).
 * The app serves it at `/storage/local/<token>` (local_routes.ts).
 *
 * Key: HKDF-SHA256 over JWT_SECRET with the fixed info label
 * `fieldhub/storage/local-presign/v1` (empty salt), so no extra secret is configured and a
 * token can never double as a JWT. Rotating JWT_SECRET voids outstanding links.
 *
 * @module
 */
import { base64url } from "jose";
import { AppError } from "../platform/errors.ts";

/** The HKDF info label the signing key is derived with; change `v1` to void every link. */
export const LOCAL_LINK_KEY_LABEL = "fieldhub/storage/local-presign/v1";

/** What a token grants. `exp` is in Unix seconds. */
export type LinkClaims =
  | { op: "put"; key: string; exp: number; ct: string; len: number }
  | { op: "get"; key: string; exp: number; fn?: string };

const encoder = new TextEncoder();

/** Derives the HMAC key from JWT_SECRET; see the module doc. */
export async function deriveLinkKey(secret: string): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveKey",
  ]);
  return await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(),
      info: encoder.encode(LOCAL_LINK_KEY_LABEL),
    },
    ikm,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

/** `base64url(JSON claims).base64url(HMAC)`; URL-path safe. */
export async function signLink(key: CryptoKey, claims: LinkClaims): Promise<string> {
  const payload = base64url.encode(JSON.stringify(claims));
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(payload));
  return `${payload}.${base64url.encode(new Uint8Array(mac))}`;
}

function refused(message: string): AppError {
  return new AppError("FORBIDDEN", message, { title: "Storage link refused" });
}

/**
 * Checks a token's signature, expiry and operation.
 *
 * @throws {AppError} FORBIDDEN for a tampered, expired or wrong-operation link
 */
export async function verifyLink<Op extends LinkClaims["op"]>(
  key: CryptoKey,
  token: string,
  op: Op,
  nowMs = Date.now(),
): Promise<Extract<LinkClaims, { op: Op }>> {
  const [payload, mac, extra] = token.split(".");
  let claims: LinkClaims | undefined;
  if (payload && mac && extra === undefined) {
    let signature: Uint8Array<ArrayBuffer> | undefined;
    try {
      signature = new Uint8Array(base64url.decode(mac));
    } catch {
      signature = undefined;
    }
    const valid = signature &&
      await crypto.subtle.verify("HMAC", key, signature, encoder.encode(payload));
    if (valid) claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
  }
  if (!claims) throw refused("Invalid or tampered storage link");
  if (claims.op !== op) {
    throw refused(`This link is for ${claims.op === "put" ? "uploads" : "downloads"} only`);
  }
  if (nowMs >= claims.exp * 1000) throw refused("Storage link expired");
  return claims as Extract<LinkClaims, { op: Op }>;
}
