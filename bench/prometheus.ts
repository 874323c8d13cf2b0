/** Reading counters off a service's Prometheus `/metrics` text, for costs per request or per order. */

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[match[1]!] = match[2]!;
  return labels;
}

/** The sum of every series of a metric whose labels include `where` (all of them when it is empty). */
export function sumSeries(metricsText: string, name: string, where: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of metricsText.split("\n")) {
    if (!line.startsWith(name)) continue;
    const match = /^(\w+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = labelsOf(match[2] ?? "");
    if (Object.entries(where).every(([label, value]) => labels[label] === value)) sum += Number(match[3]);
  }
  return sum;
}

export async function scrapeMetrics(metricsUrl: string): Promise<string> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return response.text();
}
