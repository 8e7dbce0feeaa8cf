/**
 * JWT access and refresh tokens (jose, HS256). Claims: `iss` = JWT_ISSUER, `sub` = user id,
 * `roles`, `typ` (access | refresh), `iat`, `exp`, `jti`.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../../platform/errors.ts";
import { type Role, roleSchema } from "./roles.ts";

/** The signing settings (a slice of Config). */
export interface TokenSettings {
  secret: string;
  issuer: string;
  accessTtlS: number;
  refreshTtlS: number;
}

/** Who a verified token speaks for. */
export interface TokenClaims {
  userId: string;
  roles: Role[];
  type: "access" | "refresh";
}

/** A token pair as the API returns it (seed 002's shape). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "bearer";
  expires_in: number;
}

const encoder = new TextEncoder();
const key = (secret: string) => encoder.encode(secret);

async function sign(s: TokenSettings, userId: string, roles: Role[], type: TokenClaims["type"]) {
  const ttl = type === "access" ? s.accessTtlS : s.refreshTtlS;
  return await new SignJWT({ roles, typ: type })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(s.issuer)
    .setSubject(userId)
    .setIssuedAt()
    .setJti(crypto.randomUUID())
    .setExpirationTime(`${ttl}s`)
    .sign(key(s.secret));
}

/** Issues an access + refresh pair for a user. */
export async function issueTokens(
  settings: TokenSettings,
  userId: string,
  roles: Role[],
): Promise<TokenPair> {
  return {
    access_token: await sign(settings, userId, roles, "access"),
    refresh_token: await sign(settings, userId, roles, "refresh"),
    token_type: "bearer",
    expires_in: settings.accessTtlS,
  };
}

/**
 * Verifies a token's signature, issuer, expiry and type.
 *
 * @throws {AppError} UNAUTHORIZED naming why (expired, bad signature, wrong type)
 */
export async function verifyToken(
  settings: TokenSettings,
  token: string,
  expected: TokenClaims["type"] = "access",
): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), {
      issuer: settings.issuer,
      algorithms: ["HS256"],
    });
    const roles = roleSchema.array().safeParse(payload.roles);
    if (!payload.sub || !roles.success || payload.typ !== expected) {
      throw new AppError("UNAUTHORIZED", `Not a valid ${expected} token`);
    }
    return { userId: payload.sub, roles: roles.data, type: expected };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const reason = err instanceof errors.JWTExpired ? "Token expired" : "Invalid token";
    throw new AppError("UNAUTHORIZED", reason, { headers: { "WWW-Authenticate": "Bearer" } });
  }
}
