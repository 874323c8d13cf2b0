import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { DEFAULT_PORTS, DOMAINS } from "../../packages/config";
import { collectProcessMetrics, metricsRegistry } from "../../packages/metrics";
// Imported for the metrics they register: the gateway's own, beside the shared ones of packages/metrics.
import "../../gateway/src/metrics";
import { referencedMetricNames } from "./promql-names";
import { findOnPath } from "../../packages/testing";

const here = __dirname;
const projectRoot = path.resolve(here, "../..");
const readYaml = (file: string): unknown => parseYaml(readFileSync(path.join(here, file), "utf8"));

interface Dashboard {
  uid: string;
  panels: Array<{ id: number; title: string; datasource: { uid: string }; targets: Array<{ expr: string; datasource: { uid: string } }> }>;
}
const dashboardFiles = readdirSync(path.join(here, "grafana/dashboards")).filter((file) => file.endsWith(".json"));
const dashboards = dashboardFiles.map((file) => JSON.parse(readFileSync(path.join(here, "grafana/dashboards", file), "utf8")) as Dashboard);

interface AlertRules {
  groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: { summary: string; description: string } }> }>;
}
const alertRules = (readYaml("prometheus/alerts.yml") as AlertRules).groups.flatMap((group) => group.rules);

interface ComposeService {
  image?: string;
  profiles?: string[];
  environment?: Record<string, unknown>;
  ports?: string[];
}
const compose = parseYaml(readFileSync(path.join(projectRoot, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, ComposeService> };

const GATEWAY_METRICS_PORT = 9464;

/** promtool from Debian's `prometheus` package; CI installs it (.ci/run), elsewhere its checks are skipped. */
const promtool = findOnPath("promtool");
const promtoolRequired = process.env.CI === "true";
if (!promtool && !promtoolRequired) console.warn("promtool not found: the Prometheus config and alert rule checks are skipped (apt-get install prometheus)");
const itWithPromtool = promtool || promtoolRequired ? it : it.skip;

function runPromtool(...args: string[]): string {
  if (!promtool) throw new Error("promtool is missing: CI installs Debian's prometheus package (see .ci/run)");
  return execFileSync(promtool, args, { cwd: path.join(here, "prometheus"), encoding: "utf8", stdio: "pipe" });
}

describe("Prometheus configuration and alert rules", () => {
  itWithPromtool("pass promtool's config and rule checks", () => {
    expect(runPromtool("check", "config", "prometheus.yml")).toMatch(/SUCCESS/);
    expect(runPromtool("check", "rules", "alerts.yml")).toMatch(/SUCCESS: 8 rules found/);
  });

  itWithPromtool("fire on the failures they name and stay quiet otherwise (promtool test rules)", () => {
    expect(runPromtool("test", "rules", "alerts.test.yml")).toMatch(/SUCCESS/);
  });

  it("test every alert", () => {
    const tested = readFileSync(path.join(here, "prometheus/alerts.test.yml"), "utf8");
    for (const rule of alertRules) expect(tested).toContain(`alertname: ${rule.alert}`);
  });

  it("scrape the gateway and every subgraph, in the compose stack and on the host", () => {
    interface ScrapeConfig {
      job_name: string;
      static_configs: Array<{ targets: string[]; labels: { service: string; stack: string } }>;
    }
    const config = readYaml("prometheus/prometheus.yml") as { scrape_configs: ScrapeConfig[] };
    const targets = config.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets.map((target) => `${group.labels.stack} ${group.labels.service} ${target}`)));
    const expected = [
      `compose gateway gateway:${GATEWAY_METRICS_PORT}`,
      `host gateway host.docker.internal:${GATEWAY_METRICS_PORT}`,
      ...DOMAINS.flatMap((domain) => [`compose ${domain} ${domain}:${composePort(domain)}`, `host ${domain} host.docker.internal:${DEFAULT_PORTS[domain]}`]),
    ];
    expect(targets.sort()).toEqual(expected.sort());
  });
});

/** The port a subgraph listens on in the compose stack (its `<DOMAIN>_PORT`). */
function composePort(domain: string): string {
  return String(compose.services[domain]?.environment?.[`${domain.toUpperCase()}_PORT`]);
}

describe("dashboards and alerts", () => {
  const knownMetrics = new Set<string>(["up"]);
  beforeAll(async () => {
    collectProcessMetrics();
    for (const metric of await metricsRegistry.getMetricsAsJSON()) {
      knownMetrics.add(metric.name);
      if (String(metric.type) === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) knownMetrics.add(metric.name + suffix);
    }
  });

  it("query only metrics the services export", () => {
    const expressions = [...dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr))), ...alertRules.map((rule) => rule.expr)];
    expect(expressions.length).toBeGreaterThan(20);
    const unknown = expressions.flatMap((expr) => referencedMetricNames(expr).filter((name) => !knownMetrics.has(name)).map((name) => `${name} in ${expr}`));
    expect(unknown).toEqual([]);
  });

  it("cover the gateway, the saga, the streams and dead letters", () => {
    const queried = new Set(dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => referencedMetricNames(target.expr)))));
    for (const name of [
      "graphql_requests_total",
      "graphql_request_duration_seconds_bucket",
      "gateway_subgraph_fetches_total",
      "gateway_rate_limit_refusals_total",
      "gateway_subgraph_circuit_open",
      "saga_steps_total",
      "saga_step_duration_seconds_bucket",
      "stream_message_lag_seconds_bucket",
      "stream_pending_messages",
      "stream_dead_letters",
    ]) {
      expect(queried).toContain(name);
    }
  });

  it("are dashboards Grafana can load: unique uids and panel ids, every query on a provisioned data source", () => {
    const datasources = (readYaml("grafana/provisioning/datasources/datasources.yaml") as { datasources: Array<{ uid: string }> }).datasources.map((source) => source.uid);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const dashboard of dashboards) {
      expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
      for (const panel of dashboard.panels) {
        expect(datasources).toContain(panel.datasource.uid);
        for (const target of panel.targets) expect(datasources).toContain(target.datasource.uid);
      }
    }
  });
});

describe("the observability profile in docker-compose.yml", () => {
  const observability = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes("observability"));

  it("adds the collector, Jaeger, Prometheus and Grafana, and only those", () => {
    expect(observability.map(([name]) => name).sort()).toEqual(["grafana", "jaeger", "otel-collector", "prometheus"]);
  });

  it("lets every service of ours send spans to the collector when asked to", () => {
    const ours = Object.entries(compose.services).filter(([, service]) => service.image?.startsWith("shop-supergraph"));
    expect(ours.length).toBe(9);
    for (const [, service] of ours) expect(service.environment).toHaveProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
  });

  it("wires the collector's pipeline to components it defines and to Jaeger's OTLP port", () => {
    interface CollectorConfig {
      receivers: Record<string, unknown>;
      processors: Record<string, unknown>;
      exporters: Record<string, { endpoint: string }>;
      service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
    }
    const collector = readYaml("otel-collector.yaml") as CollectorConfig;
    const traces = collector.service.pipelines.traces!;
    for (const name of traces.receivers) expect(collector.receivers).toHaveProperty([name]);
    for (const name of traces.processors) expect(collector.processors).toHaveProperty([name]);
    for (const name of traces.exporters) expect(collector.exporters).toHaveProperty([name]);
    const exporterHosts = traces.exporters.map((name) => collector.exporters[name]!.endpoint.split(":")[0]);
    for (const host of exporterHosts) expect(Object.keys(compose.services)).toContain(host);
  });
});

describe("referencedMetricNames", () => {
  it("finds the metrics of an expression, not its functions, labels, ranges or strings", () => {
    expect(referencedMetricNames('histogram_quantile(0.95, sum by (le, step) (rate(saga_step_duration_seconds_bucket{outcome="ok"}[5m])))')).toEqual([
      "saga_step_duration_seconds_bucket",
    ]);
    expect(referencedMetricNames("max by (stream) (a_total) > 100 and max by (stream) (deriv(b_gauge[10m])) > 0")).toEqual(["a_total", "b_gauge"]);
  });
});
