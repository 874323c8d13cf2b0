/**
 * deploy/k8s, offline: each overlay rendered with `kubectl kustomize`, every object checked against the
 * Kubernetes schemas (kubernetes-models), then the deployment's invariants. Needs kubectl, nothing else
 * (no cluster, no database); skipped with a message where kubectl is missing, except on CI.
 */
import { DOMAINS } from "../../packages/config";
import { committedSecretProblems, contractProblems, isPlaceholder, secretReferenceProblems } from "./checks/secrets";
import { commandProblems, imageProblems, migrationJobProblems, PHASE_LABEL, preRolloutProblems } from "./checks/jobs";
import { networkProblems } from "./checks/network";
import { ofKind, type Container, type K8sObject } from "./checks/objects";
import { findKubectl, OVERLAYS, parseObjects, renderOverlay, schemaProblems, type Overlay } from "./checks/render";
import { resolveEnv, serviceEnvProblems } from "./checks/service-env";
import { danglingProblems, deploymentProblems, maximumDatabaseConnections } from "./checks/workloads";

/**
 * README "Deploying to Kubernetes": the subgraphs hold at most 308 PostgreSQL connections (every HPA at its
 * maximum, plus a rolling update's extra pod each), under the max_connections of 350 it asks for.
 */
const PRODUCTION_CONNECTION_BUDGET = 308;

const kubectl = findKubectl();
if (!kubectl && process.env.CI) throw new Error("kubectl is not on PATH: CI must validate deploy/k8s (install kubectl)");
if (!kubectl) console.warn("deploy/k8s manifests test SKIPPED: kubectl is not on PATH (it renders the overlays offline with `kubectl kustomize`)");
const describeWithKubectl = kubectl ? describe : describe.skip;

const rendered = new Map<Overlay, { yaml: string; objects: K8sObject[] }>();
function overlay(name: Overlay): K8sObject[] {
  return rendered.get(name)!.objects;
}

function nodeOptionsOf(objects: readonly K8sObject[]) {
  return (container: Container) => resolveEnv(container, objects).env.NODE_OPTIONS;
}

describeWithKubectl("deploy/k8s overlays", () => {
  beforeAll(() => {
    for (const name of OVERLAYS) {
      const yaml = renderOverlay(kubectl!, name);
      rendered.set(name, { yaml, objects: parseObjects(yaml) });
    }
  });

  describe.each(OVERLAYS)("%s", (name) => {
    it("renders the gateway and every subgraph, each object valid against the Kubernetes schemas", () => {
      const deployments = ofKind(overlay(name), "Deployment").map((deployment) => deployment.metadata.name).sort();
      expect(deployments).toEqual(["gateway", ...DOMAINS].sort());
      expect(schemaProblems(rendered.get(name)!.yaml)).toEqual([]);
    });

    it("gives every Deployment probes, requests and limits, a Service, a PDB, an HPA and a graceful stop", () => {
      expect(deploymentProblems(overlay(name), nodeOptionsOf(overlay(name)))).toEqual([]);
      expect(danglingProblems(overlay(name))).toEqual([]);
    });

    it("starts each service with a configuration its own loader accepts, reaching Services on their ports", () => {
      expect(serviceEnvProblems(overlay(name))).toEqual([]);
    });

    it("migrates each database with a Job of its own, and runs built entry points of one image", () => {
      expect(migrationJobProblems(overlay(name))).toEqual([]);
      expect(commandProblems(overlay(name))).toEqual([]);
      expect(imageProblems(overlay(name), name)).toEqual([]);
    });

    it("applies what the migration Jobs need first, and lets them reach PostgreSQL then", () => {
      expect(preRolloutProblems(overlay(name))).toEqual([]);
      const firstApply = overlay(name).filter((object) => object.metadata.labels?.[PHASE_LABEL] === "pre-rollout");
      expect(networkProblems(firstApply).filter((problem) => problem.startsWith("migrate-"))).toEqual([]);
    });

    it("reads Secrets the contract lists, committed with placeholders only", () => {
      expect(secretReferenceProblems(overlay(name))).toEqual([]);
      expect(committedSecretProblems(overlay(name), name === "local")).toEqual([]);
    });

    it("lets only the gateway (and orders, to products and shipping) reach the subgraphs", () => {
      expect(networkProblems(overlay(name))).toEqual([]);
    });
  });

  it("the local overlay's Secrets have exactly the keys the README tells production to create", () => {
    expect(contractProblems(overlay("local"))).toEqual([]);
  });

  it("keeps the subgraphs' PostgreSQL connections at their HPAs' maxima (and during a rollout) within the README's budget", () => {
    expect(maximumDatabaseConnections(overlay("production"))).toBeLessThanOrEqual(PRODUCTION_CONNECTION_BUDGET);
  });

  // The checks above find faults, not just pass: each is shown one.
  describe("the checks catch", () => {
    const clone = (): K8sObject[] => structuredClone(overlay("production"));
    const deployment = (objects: K8sObject[], name: string) => ofKind(objects, "Deployment").find((each) => each.metadata.name === name)!;
    const container = (objects: K8sObject[], name: string) => deployment(objects, name).spec!.template!.spec.containers[0]!;

    it("a missing probe, limit or PDB, a grace period shorter than the stop, replicas fighting the HPA", () => {
      const objects = clone().filter((object) => !(object.kind === "PodDisruptionBudget" && object.metadata.name === "orders"));
      delete container(objects, "users").readinessProbe;
      delete container(objects, "products").resources!.limits;
      deployment(objects, "payments").spec!.template!.spec.terminationGracePeriodSeconds = 15;
      deployment(objects, "shipping").spec!.replicas = 2;
      const problems = deploymentProblems(objects, nodeOptionsOf(objects)).join("\n");
      expect(problems).toMatch(/Deployment\/users container users: readinessProbe must be an HTTP GET of \/ready/);
      expect(problems).toMatch(/Deployment\/products container products: resources.limits must set cpu and memory/);
      expect(problems).toMatch(/Deployment\/orders: no PodDisruptionBudget/);
      expect(problems).toMatch(/Deployment\/payments: terminationGracePeriodSeconds 15 < preStop 10 s/);
      expect(problems).toMatch(/Deployment\/shipping: sets replicas although its HPA owns the count/);
    });

    it("a variable a service needs, left out", () => {
      const objects = clone();
      const orders = container(objects, "orders");
      orders.env = orders.env!.filter((variable) => variable.name !== "PRODUCTS_URL");
      const gateway = container(objects, "gateway");
      gateway.env = gateway.env!.filter((variable) => variable.name !== "INVENTORY_URL" && variable.name !== "JWT_SECRET");
      const problems = serviceEnvProblems(objects).join("\n");
      expect(problems).toMatch(/Deployment\/orders: config.productsUrl = http:\/\/127.0.0.1:4002\/graphql points at the pod itself/);
      expect(problems).toMatch(/Deployment\/gateway: its configuration is refused: [\s\S]*JWT_SECRET: a production secret must be set/);
      gateway.env!.push({ name: "JWT_SECRET", valueFrom: { secretKeyRef: { name: "shop-app-secrets", key: "JWT_SECRET" } } });
      expect(serviceEnvProblems(objects).join("\n")).toMatch(/no <SUBGRAPH>_URL for inventory/);
    });

    it("a literal secret, and a Secret rendered by production", () => {
      expect(isPlaceholder("change-me")).toBe(true);
      expect(isPlaceholder("postgresql://postgres:change-me@postgres:5432/shop_users")).toBe(true);
      expect(isPlaceholder("redis://redis:6379")).toBe(true);
      expect(isPlaceholder("postgresql://postgres:hunter2@db:5432/shop_users")).toBe(false);
      expect(isPlaceholder("s3cr3t:value")).toBe(false);
      const secret: K8sObject = { apiVersion: "v1", kind: "Secret", metadata: { name: "shop-app-secrets" }, stringData: { JWT_SECRET: "a-real-looking-secret" } };
      expect(committedSecretProblems([secret], true)).toEqual([`Secret/shop-app-secrets: JWT_SECRET holds a literal value, not the placeholder "change-me"`]);
      expect(committedSecretProblems([secret], false)).toHaveLength(1);
    });

    it("a subgraph open to every pod once egress is open too, a missing migration Job, a Secret the first apply misses", () => {
      const objects = clone().filter((object) => !(object.kind === "Job" && object.metadata.name === "migrate-shipping"));
      const policy = (name: string) => ofKind(objects, "NetworkPolicy").find((each) => each.metadata.name === name)!;
      // Either side alone still keeps users out: its egress and inventory's ingress are both restricted.
      delete policy("inventory").spec!.ingress![0]!.from;
      expect(networkProblems(objects)).toEqual(["outside the namespace -> inventory:4003/TCP should be denied"]);
      policy("allow-dns-and-datastores").spec!.egress = [{}];
      expect(networkProblems(objects)).toContain("users -> inventory:4003/TCP should be denied");
      expect(migrationJobProblems(objects)).toContain("no migration Job for shipping");
      const local = structuredClone(overlay("local"));
      delete ofKind(local, "Secret").find((each) => each.metadata.name === "shop-database-urls")!.metadata.labels![PHASE_LABEL];
      expect(preRolloutProblems(local)).toContain(`Job/migrate-users reads Secret/shop-database-urls, which is not labelled ${PHASE_LABEL}=pre-rollout`);
    });
  });
});
