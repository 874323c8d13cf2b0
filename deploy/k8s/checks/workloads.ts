import { SHUTDOWN_DRAIN_MS } from "../../../packages/subgraph-host";
import {
  allContainers,
  isShopImage,
  objectName,
  ofKind,
  selects,
  type Container,
  type K8sObject,
  type PodTemplate,
  type Probe,
} from "./objects";

const DRAIN_SECONDS = SHUTDOWN_DRAIN_MS / 1000;
/** Stream consumers give up on a Redis command after 5 s (packages/messaging/consumer.ts stopTimeoutMs). */
const CONSUMERS_STOP_SECONDS = 5;
/** The trace flush, only with tracing on: one export, cut by the OTLP exporter's 10 s timeout. */
const TRACE_FLUSH_SECONDS = 10;

/**
 * How long a process may take to stop after SIGTERM, by component: requests in flight drain
 * (packages/subgraph-host SHUTDOWN_DRAIN_MS), then a subgraph stops its stream consumers and outbox relay,
 * and both flush their traces.
 */
export const STOP_BUDGET_SECONDS: Record<string, number> = {
  subgraph: DRAIN_SECONDS + CONSUMERS_STOP_SECONDS + TRACE_FLUSH_SECONDS,
  gateway: DRAIN_SECONDS + TRACE_FLUSH_SECONDS,
};

/** Each subgraph process opens up to 10 pooled PostgreSQL connections plus one for its relay's LISTEN. */
export const CONNECTIONS_PER_SUBGRAPH_PROCESS = 11;

function probeProblems(container: Container, kind: "readinessProbe" | "livenessProbe", path: string): string[] {
  const probe: Probe | undefined = container[kind];
  if (!probe?.httpGet) return [`${kind} must be an HTTP GET of ${path}`];
  const problems: string[] = [];
  if (probe.httpGet.path !== path) problems.push(`${kind} must GET ${path}, not ${probe.httpGet.path}`);
  const port = probe.httpGet.port;
  const declared = (container.ports ?? []).some((each) => each.name === port || each.containerPort === port);
  if (!declared) problems.push(`${kind} port ${port} is not a port of the container`);
  return problems;
}

function resourceProblems(container: Container): string[] {
  const { requests, limits } = container.resources ?? {};
  const problems: string[] = [];
  for (const [what, list] of [["requests", requests], ["limits", limits]] as const) {
    if (!list?.cpu || !list.memory) problems.push(`resources.${what} must set cpu and memory`);
  }
  return problems;
}

function securityProblems(template: PodTemplate, container: Container): string[] {
  const problems: string[] = [];
  if (template.spec.securityContext?.runAsNonRoot !== true || !template.spec.securityContext.runAsUser) problems.push("the pod must run as a numeric non-root user");
  const context = container.securityContext;
  if (context?.allowPrivilegeEscalation !== false) problems.push("allowPrivilegeEscalation must be false");
  if (context?.readOnlyRootFilesystem !== true) problems.push("the root filesystem must be read-only");
  if (!context?.capabilities?.drop?.includes("ALL")) problems.push("every capability must be dropped");
  return problems;
}

/** `sleep N` in preStop, in seconds (0 without one). */
function preStopSleepSeconds(container: Container): number {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  return command[0] === "sleep" && command[1] ? Number(command[1]) : 0;
}

function shutdownProblems(deployment: K8sObject, template: PodTemplate, container: Container): string[] {
  const component = template.metadata?.labels?.["app.kubernetes.io/component"] ?? "";
  const budget = STOP_BUDGET_SECONDS[component];
  if (budget === undefined) return [`component label "${component}" has no stop budget`];
  const sleep = preStopSleepSeconds(container);
  const grace = template.spec.terminationGracePeriodSeconds ?? 30;
  const problems: string[] = [];
  if (sleep <= 0) problems.push("preStop must sleep so the pod leaves the Service's endpoints before SIGTERM");
  if (grace < sleep + budget) problems.push(`terminationGracePeriodSeconds ${grace} < preStop ${sleep} s + stop budget ${budget} s`);
  return problems.map((problem) => `${objectName(deployment)}: ${problem}`);
}

/** Mebibytes of a Kubernetes memory quantity (Mi or Gi only: the ones these manifests use). */
export function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unsupported memory quantity ${quantity}`);
  return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
}

/** V8's heap (from NODE_OPTIONS) must leave room under the memory limit, or the kernel kills the pod first. */
export function heapProblems(container: Container, nodeOptions: string | undefined): string[] {
  const heap = /--max-old-space-size=(\d+)/.exec(nodeOptions ?? "")?.[1];
  const limit = container.resources?.limits?.memory;
  if (!heap) return ["NODE_OPTIONS must set --max-old-space-size"];
  if (!limit) return [];
  return Number(heap) > 0.8 * mebibytes(limit) ? [`heap ${heap} MiB leaves too little of the ${limit} memory limit`] : [];
}

function coverageProblems(deployment: K8sObject, objects: readonly K8sObject[]): string[] {
  const labels = deployment.spec?.template?.metadata?.labels ?? {};
  const name = deployment.metadata.name;
  const problems: string[] = [];
  const services = ofKind(objects, "Service").filter((service) => service.spec?.selector && Object.keys(service.spec.selector).length > 0 && selects({ matchLabels: service.spec.selector }, labels));
  const ports = allContainers(deployment.spec!.template!).flatMap((container) => container.ports ?? []);
  const served = services.some((service) => (service.spec?.ports ?? []).some((port) => ports.some((each) => each.name === port.targetPort || each.containerPort === port.targetPort)));
  if (!served) problems.push("no Service selects its pods on one of their ports");
  if (!ofKind(objects, "PodDisruptionBudget").some((pdb) => selects(pdb.spec?.selector, labels))) problems.push("no PodDisruptionBudget selects its pods");
  const hpa = ofKind(objects, "HorizontalPodAutoscaler").find((each) => each.spec?.scaleTargetRef?.kind === "Deployment" && each.spec.scaleTargetRef.name === name);
  if (!hpa) problems.push("no HorizontalPodAutoscaler scales it");
  else if (deployment.spec?.replicas !== undefined) problems.push("sets replicas although its HPA owns the count (every apply would reset it)");
  else if ((hpa.spec?.minReplicas ?? 1) > (hpa.spec?.maxReplicas ?? 0)) problems.push("its HPA's minReplicas exceeds maxReplicas");
  return problems.map((problem) => `Deployment/${name}: ${problem}`);
}

/**
 * Every Deployment: readiness on /ready and liveness on /health (on a declared port), requests and
 * limits, a Service, a PDB and an HPA, a preStop sleep and a grace period that covers it plus the
 * process's stop, and (for the shop's image) the restricted pod security settings.
 */
export function deploymentProblems(objects: readonly K8sObject[], nodeOptions: (container: Container) => string | undefined): string[] {
  return ofKind(objects, "Deployment").flatMap((deployment) => {
    const template = deployment.spec?.template;
    if (!template) return [`${objectName(deployment)}: no pod template`];
    const perContainer = template.spec.containers.flatMap((container) => {
      const problems = [
        ...probeProblems(container, "readinessProbe", "/ready"),
        ...probeProblems(container, "livenessProbe", "/health"),
        ...resourceProblems(container),
        ...(isShopImage(container.image) ? [...securityProblems(template, container), ...heapProblems(container, nodeOptions(container))] : []),
      ];
      return [...problems.map((problem) => `${objectName(deployment)} container ${container.name}: ${problem}`), ...shutdownProblems(deployment, template, container)];
    });
    return [...perContainer, ...coverageProblems(deployment, objects)];
  });
}

/** PDBs and HPAs point at something; a PDB that selects nothing protects nothing. */
export function danglingProblems(objects: readonly K8sObject[]): string[] {
  const deployments = ofKind(objects, "Deployment");
  const podLabels = deployments.map((deployment) => deployment.spec?.template?.metadata?.labels ?? {});
  return [
    ...ofKind(objects, "PodDisruptionBudget")
      .filter((pdb) => !podLabels.some((labels) => selects(pdb.spec?.selector, labels)))
      .map((pdb) => `${objectName(pdb)} selects no Deployment's pods`),
    ...ofKind(objects, "HorizontalPodAutoscaler")
      .filter((hpa) => !deployments.some((deployment) => deployment.metadata.name === hpa.spec?.scaleTargetRef?.name))
      .map((hpa) => `${objectName(hpa)} scales no Deployment`),
  ];
}

/** Extra pods a rolling update may start (maxSurge: a count, or a percentage rounded up as Kubernetes does). */
function surge(deployment: K8sObject, replicas: number): number {
  const value = deployment.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%";
  return typeof value === "number" ? value : Math.ceil((replicas * Number(value.replace("%", ""))) / 100);
}

/** Connections the subgraphs may hold at once: every HPA at its maximum, and a rolling update's extra pods. */
export function maximumDatabaseConnections(objects: readonly K8sObject[]): number {
  const subgraphs = ofKind(objects, "Deployment").filter((deployment) => deployment.spec?.template?.metadata?.labels?.["app.kubernetes.io/component"] === "subgraph");
  return subgraphs.reduce((total, deployment) => {
    const hpa = ofKind(objects, "HorizontalPodAutoscaler").find((each) => each.spec?.scaleTargetRef?.name === deployment.metadata.name);
    const replicas = hpa?.spec?.maxReplicas ?? deployment.spec?.replicas ?? 1;
    return total + (replicas + surge(deployment, replicas)) * CONNECTIONS_PER_SUBGRAPH_PROCESS;
  }, 0);
}
