import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

export interface LoadOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

/** Drives one GraphQL request shape at a URL with autocannon; any non-2xx answer fails the run. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: "POST",
    headers: { "content-type": "application/json", ...options.headers },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`load on ${options.url} had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  }
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}
