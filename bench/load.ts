import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** How long the load ran, in seconds. */
  seconds: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  /** How long to load, or (`requests`) how many requests to send: then every one sent has been answered when it ends. */
  durationSeconds?: number;
  requests?: number;
  /** Every answer must be exactly this body; any other answer fails the run. */
  expectBody?: string;
}

/** Drives one GraphQL request shape at a URL with autocannon; any non-2xx answer (or unexpected body) fails the run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { expectBody } = options;
  // The first answer unlike the expected one, so a failed run says what came back instead.
  let unlike: string | undefined;
  const verifyBody = (body: string | Buffer | undefined) => {
    const text = body?.toString();
    if (text === expectBody) return true;
    unlike ??= text ?? "(no body)";
    return false;
  };
  const result = await autocannon({
    url: options.url,
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: options.body,
    connections: options.connections,
    ...(options.requests !== undefined ? { amount: options.requests } : { duration: options.durationSeconds }),
    ...(expectBody !== undefined ? { verifyBody } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0 || result.mismatches > 0) {
    throw new Error(
      `load on ${options.url} had ${result.non2xx} non-2xx answers, ${result.errors} errors and ${result.mismatches} answers unlike the expected body` +
        (unlike === undefined ? "" : `; the first of them began: ${unlike.slice(0, 600)}`),
    );
  }
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    seconds: result.duration,
  };
}
