/**
 * Password hashing with scrypt (node:crypto), a memory-hard KDF. The cost is stored in each
 * hash (`scrypt$<logN>$<r>$<p>$<salt>$<hash>`), so raising PASSWORD_SCRYPT_LOG_N later keeps
 * old hashes verifiable.
 *
 * @module
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const KEY_LEN = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number) {
  const N = 2 ** logN;
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize("NFKC"), salt, KEY_LEN, {
      N,
      r,
      p,
      maxmem: 128 * N * r + 16 * 1024 * 1024,
    }, (err, key) => err ? reject(err) : resolve(key))
  );
}

/**
 * Hashes `password` with a fresh salt.
 *
 * @param logN log2 of scrypt's N; 15 (32 MiB, ~0.1 s here) by default
 */
export async function hashPassword(password: string, logN = 15): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN, 8, 1);
  return `scrypt$${logN}$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** True when `password` matches `stored`; false for a malformed hash. Constant-time compare. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  const key = await derive(password, salt, logN, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
