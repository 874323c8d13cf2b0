import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DOMAINS } from "../packages/config";
import { findOnPath, freePort, gatewayClient, waitForOk } from "../packages/testing";
import { PAYMENT_TOKENS, SagaProcesses } from "./support/saga-processes";

// The observability profile's dashboards and alerts, against the real services: every service runs as its own
// process, a real Prometheus (Debian's, the same package CI installs for promtool) scrapes them every second
// with the committed alert rules, a few checkouts (one declined) and reads go through, and then every
// dashboard query must return data, except the panels of refusals this run does not provoke, and no alert
// may fire. Grafana itself is not run here (no Docker engine, no Debian package); its panels are these queries.
jest.setTimeout(300_000);

const OBSERVABILITY = path.resolve(__dirname, "../docker/observability");
const PROMETHEUS = findOnPath("prometheus");
const required = process.env.CI === "true";
if (!PROMETHEUS && !required) console.warn("prometheus not found: the dashboard check is skipped (apt-get install prometheus)");
const describeWithPrometheus = PROMETHEUS || required ? describe : describe.skip;

/** Panels that only show refusals and retries, which a healthy run with rate limits off has none of. */
const QUIET_IN_A_HEALTHY_RUN = new Set(["Rate-limit refusals", "Operation-limit refusals", "Subgraph retries"]);

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}
const dashboards = readdirSync(path.join(OBSERVABILITY, "grafana/dashboards"))
  .filter((file) => file.endsWith(".json"))
  .map((file) => JSON.parse(readFileSync(path.join(OBSERVABILITY, "grafana/dashboards", file), "utf8")) as { title: string; panels: Panel[] });

interface QueryAnswer {
  status: string;
  data: { result: unknown[] };
}

describeWithPrometheus("the dashboards and alerts against running services", () => {
  const saga = new SagaProcesses();
  let prometheus: ChildProcess | undefined;
  let prometheusUrl = "";
  let workDir = "";

  async function query(expr: string): Promise<unknown[]> {
    const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, { signal: AbortSignal.timeout(5_000) });
    const answer = (await response.json()) as QueryAnswer;
    if (answer.status !== "success") throw new Error(`Prometheus refused ${expr}: ${JSON.stringify(answer)}`);
    return answer.data.result;
  }

  beforeAll(async () => {
    if (!PROMETHEUS) throw new Error("prometheus is missing: CI installs Debian's prometheus package (see .ci/run)");
    const gatewayMetricsPort = await freePort();
    await saga.start({ METRICS_PORT: String(gatewayMetricsPort), WORKER_TRIM_INTERVAL_MS: "1000" }, 240_000);
    workDir = mkdtempSync(path.join(tmpdir(), "shop-prometheus-"));
    // The committed configuration's job and rules, with this run's ports in place of the compose and host targets.
    const targets = [
      { target: `127.0.0.1:${gatewayMetricsPort}`, service: "gateway" },
      ...DOMAINS.map((domain) => ({ target: `127.0.0.1:${saga.env[`${domain.toUpperCase()}_PORT`]}`, service: domain })),
    ];
    const config = [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      `rule_files: [${JSON.stringify(path.join(OBSERVABILITY, "prometheus/alerts.yml"))}]`,
      "scrape_configs:",
      "  - job_name: shop",
      "    honor_labels: true",
      "    static_configs:",
      ...targets.map(({ target, service }) => `      - { targets: ["${target}"], labels: { service: ${service}, stack: test } }`),
    ].join("\n");
    writeFileSync(path.join(workDir, "prometheus.yml"), config);
    const port = await freePort();
    prometheusUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(PROMETHEUS, [`--config.file=${path.join(workDir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(workDir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], {
      stdio: "ignore",
    });
    await waitForOk(`${prometheusUrl}/-/ready`, 30_000);

    // Traffic: checkouts (every third declined, so compensations show), catalogue reads across subgraphs.
    await saga.placeOrders(6, (n) => (n % 3 === 2 ? PAYMENT_TOKENS.declined : PAYMENT_TOKENS.captured));
    await saga.allSagasEnded();
    const request = gatewayClient(saga.gatewayUrl);
    for (let n = 0; n < 5; n += 1) await request(`{ products(first: 5) { edges { node { name inStock inventory { available } shippingEstimate(postalCode: "12345") { cents } } } } }`);
  }, 300_000);

  afterAll(async () => {
    if (prometheus?.pid && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      const timer = setTimeout(() => prometheus?.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await saga.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  it("fills every dashboard panel that is not about refusals", async () => {
    const panels = dashboards.flatMap((dashboard) => dashboard.panels.map((panel) => ({ ...panel, title: `${dashboard.title} / ${panel.title}` })));
    const quiet = (title: string) => QUIET_IN_A_HEALTHY_RUN.has(title.split(" / ")[1]!);
    // Rates need two scrapes after the traffic, and the saga's metrics their last step: wait (bounded) until all are in.
    let empty: string[] = [];
    for (const deadline = Date.now() + 60_000; ; await sleep(1_000)) {
      empty = [];
      for (const panel of panels.filter((each) => !quiet(each.title))) {
        for (const target of panel.targets) if ((await query(target.expr)).length === 0) empty.push(`${panel.title}: ${target.expr}`);
      }
      if (empty.length === 0 || Date.now() > deadline) break;
    }
    expect(empty).toEqual([]);
    // Every query of the quiet panels is still one Prometheus accepts.
    for (const panel of panels.filter((each) => quiet(each.title))) for (const target of panel.targets) await query(target.expr);
  });

  it("loads the alert rules and fires none while everything is healthy", async () => {
    const rules = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } };
    const loaded = rules.data.groups.flatMap((group) => group.rules);
    expect(loaded.length).toBe(8);
    expect(loaded.filter((rule) => rule.health === "err")).toEqual([]);
    const alerts = (await (await fetch(`${prometheusUrl}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ labels: { alertname: string }; state: string }> } };
    expect(alerts.data.alerts.map((alert) => `${alert.labels.alertname} ${alert.state}`)).toEqual([]);
  });
});
