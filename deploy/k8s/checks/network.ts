import { allContainers, COMPONENT_LABEL, NAME_LABEL, ofKind, podTemplates, selects, type K8sObject, type NetworkPolicyPeer, type NetworkPolicyPort, type NetworkPolicyRule } from "./objects";

/** A pod of the namespace (its labels) or anything outside it (null labels: clients, external PostgreSQL and Redis, DNS). */
interface Endpoint {
  name: string;
  labels: Record<string, string> | null;
}

interface Port {
  number: number;
  name?: string;
  protocol: "TCP" | "UDP";
}

const OUTSIDE: Endpoint = { name: "outside the namespace", labels: null };

function peerMatches(peer: NetworkPolicyPeer, other: Endpoint): boolean {
  if (peer.namespaceSelector) throw new Error("namespaceSelector peers are not modelled by these checks; add them here first");
  if (peer.ipBlock) return other.labels === null;
  return other.labels !== null && selects(peer.podSelector ?? {}, other.labels);
}

function portMatches(ports: NetworkPolicyPort[] | undefined, port: Port): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((each) => (each.protocol ?? "TCP") === port.protocol && (each.port === undefined || each.port === port.number || each.port === port.name));
}

function ruleAllows(rule: NetworkPolicyRule, peers: NetworkPolicyPeer[] | undefined, other: Endpoint, port: Port): boolean {
  return (!peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other))) && portMatches(rule.ports, port);
}

/** Whether policies of this direction restrict the endpoint, and if so whether one of their rules lets the traffic through. */
function directionAllows(policies: readonly K8sObject[], direction: "Ingress" | "Egress", self: Endpoint, other: Endpoint, port: Port): boolean {
  if (self.labels === null) return true;
  const applying = policies.filter((policy) => {
    const types = policy.spec?.policyTypes ?? (policy.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"]);
    return types.includes(direction) && selects(policy.spec?.podSelector ?? {}, self.labels!);
  });
  if (applying.length === 0) return true;
  return applying.some((policy) =>
    (direction === "Ingress" ? policy.spec?.ingress : policy.spec?.egress)?.some((rule) => ruleAllows(rule, direction === "Ingress" ? rule.from : rule.to, other, port)),
  );
}

/** Whether the NetworkPolicies let `source` open a connection to `destination` on `port`. */
export function allowed(policies: readonly K8sObject[], source: Endpoint, destination: Endpoint, port: Port): boolean {
  return directionAllows(policies, "Egress", source, destination, port) && directionAllows(policies, "Ingress", destination, source, port);
}

interface Pod extends Endpoint {
  labels: Record<string, string>;
  ports: Port[];
}

function pods(objects: readonly K8sObject[]): Pod[] {
  return podTemplates(objects).map(({ owner, template }) => ({
    name: owner.metadata.name,
    labels: template.metadata?.labels ?? {},
    ports: allContainers(template).flatMap((container) => (container.ports ?? []).map((port) => ({ number: port.containerPort, name: port.name, protocol: "TCP" as const }))),
  }));
}

/** The subgraphs orders calls itself: products for names and prices, shipping for an order's shipping cost. */
const CALLED_BY_ORDERS = new Set(["products", "shipping"]);

/** Who reaches a subgraph: the gateway, and orders reaches the subgraphs it calls. */
function mayReachSubgraph(source: Pod, subgraph: Pod): boolean {
  const from = source.labels[NAME_LABEL];
  return from === "gateway" || (from === "orders" && CALLED_BY_ORDERS.has(subgraph.labels[NAME_LABEL] ?? ""));
}

const EXTERNAL_PORTS: Port[] = [
  { number: 53, protocol: "UDP", name: "dns" },
  { number: 53, protocol: "TCP", name: "dns-tcp" },
  { number: 5432, protocol: "TCP", name: "postgres" },
  { number: 6379, protocol: "TCP", name: "redis" },
];

/**
 * The traffic the design needs is allowed and the rest is not: only the gateway (and orders, to products and shipping)
 * reaches a subgraph's HTTP port, clients reach the gateway, every pod of ours resolves names and reaches
 * PostgreSQL and Redis (outside, or the local overlay's in-cluster ones).
 */
export function networkProblems(objects: readonly K8sObject[]): string[] {
  const policies = ofKind(objects, "NetworkPolicy");
  const all = pods(objects);
  const ours = all.filter((pod) => pod.labels["app.kubernetes.io/part-of"] === "shop-supergraph" && pod.labels[COMPONENT_LABEL] !== "datastore");
  const problems: string[] = [];
  const expect = (source: Endpoint, destination: Endpoint, port: Port, wanted: boolean) => {
    if (allowed(policies, source, destination, port) !== wanted) {
      problems.push(`${source.name} -> ${destination.name}:${port.number}/${port.protocol} should be ${wanted ? "allowed" : "denied"}`);
    }
  };
  for (const subgraph of all.filter((pod) => pod.labels[COMPONENT_LABEL] === "subgraph")) {
    const http = subgraph.ports.find((port) => port.name === "http");
    if (!http) {
      problems.push(`${subgraph.name}: no http port`);
      continue;
    }
    for (const source of all.filter((pod) => pod !== subgraph)) expect(source, subgraph, http, mayReachSubgraph(source, subgraph));
    expect(OUTSIDE, subgraph, http, false);
  }
  for (const gateway of all.filter((pod) => pod.labels[NAME_LABEL] === "gateway")) {
    for (const port of gateway.ports.filter((each) => each.name === "http")) expect(OUTSIDE, gateway, port, true);
  }
  for (const pod of ours) for (const port of EXTERNAL_PORTS) expect(pod, OUTSIDE, port, true);
  for (const datastore of all.filter((pod) => pod.labels[COMPONENT_LABEL] === "datastore")) {
    for (const pod of ours) for (const port of datastore.ports) expect(pod, datastore, port, true);
  }
  return problems;
}
