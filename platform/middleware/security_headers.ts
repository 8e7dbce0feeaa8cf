/**
 * Security headers on every response. The CSP allows no inline script or style: pages load
 * their code and styles from files served by the app itself.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";

/** The Content-Security-Policy every page gets. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Builds the middleware; HSTS only in prod (browsers pin it for a year). */
export function securityHeaders(options: { hsts: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set("Content-Security-Policy", CSP);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("X-Frame-Options", "DENY");
    h.set("Referrer-Policy", "no-referrer");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    // Rooms need the camera and microphone of our own origin only.
    h.set("Permissions-Policy", "camera=(self), microphone=(self), geolocation=(self)");
    if (options.hsts) {
      h.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  };
}
