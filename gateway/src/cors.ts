import cors from "cors";
import type { RequestHandler } from "express";
import { REQUEST_ID_HEADER } from "../../packages/identity";

/** Which browser origins may call the gateway from their pages. */
export interface CorsSettings {
  /** Exact origins (`https://shop.example.com`), from CORS_ORIGINS. */
  allowedOrigins: readonly string[];
  /** Development: any `http://localhost:<port>` and `http://127.0.0.1:<port>` too (local frontends, Sandbox on another port). */
  allowLocalDevelopment: boolean;
}

/** The origin a configured value stands for (`scheme://host[:port]`, lower-cased, default port dropped), or null when it is more than an origin. */
export function asOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // A path, a query, a fragment or user info means the value is a URL, not an origin.
  const onlyOrigin = url.pathname === "/" && !/[?#]/.test(value) && url.username === "" && url.password === "";
  return onlyOrigin ? url.origin : null;
}

const LOCAL_DEVELOPMENT_HOSTS = new Set(["localhost", "127.0.0.1"]);

function isLocalDevelopmentOrigin(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === "http:" && LOCAL_DEVELOPMENT_HOSTS.has(url.hostname);
}

/** Whether a request's Origin header names an origin allowed to read the gateway's answers. */
export function isAllowedOrigin(origin: string | undefined, settings: CorsSettings): boolean {
  if (origin === undefined) return false;
  // Browsers send an origin in exactly its serialised form; anything else ("null", a URL) is not one.
  if (asOrigin(origin) !== origin) return false;
  if (settings.allowedOrigins.includes(origin)) return true;
  return settings.allowLocalDevelopment && isLocalDevelopmentOrigin(origin);
}

/** What GraphQL clients (Apollo Client, Sandbox, urql, fetch with tracing) send beyond the CORS-safelisted headers. */
const ALLOWED_REQUEST_HEADERS = [
  "authorization",
  "content-type",
  "apollo-require-preflight",
  "x-apollo-operation-name",
  "apollographql-client-name",
  "apollographql-client-version",
  REQUEST_ID_HEADER,
  "traceparent",
  "tracestate",
];

/** Answer headers a page's script may read: the correlation id and when to try again. */
const EXPOSED_RESPONSE_HEADERS = [REQUEST_ID_HEADER, "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

// Browsers cache a preflight this long (Chromium caps it at 2 h); a changed policy reaches them within it.
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for `/graphql` (the maintained `cors` middleware): an allowed origin gets its preflight answered
 * with 204 and its answers marked readable; any other origin (or none) gets no CORS headers at all and
 * the request goes on as without CORS (Apollo Server then refuses a preflight from it). Bearer
 * tokens, not cookies, authenticate, so credentials are not allowed.
 */
export function corsMiddleware(settings: CorsSettings): RequestHandler[] {
  // The answer depends on Origin, whatever it is: caches must key on it.
  const varyOnOrigin: RequestHandler = (_req, res, next) => {
    res.vary("Origin");
    next();
  };
  const policy = cors({
    origin: (origin, callback) => callback(null, isAllowedOrigin(origin, settings)),
    methods: ["GET", "POST"],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  return [varyOnOrigin, policy];
}
