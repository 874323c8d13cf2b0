import { DOMAINS } from "../../../packages/config";
import { loadConfig as gatewayConfig } from "../../../gateway/src/config";
import { loadConfig as usersConfig } from "../../../subgraphs/users/src/config";
import { loadConfig as productsConfig } from "../../../subgraphs/products/src/config";
import { loadConfig as inventoryConfig } from "../../../subgraphs/inventory/src/config";
import { loadConfig as ordersConfig } from "../../../subgraphs/orders/src/config";
import { loadConfig as paymentsConfig } from "../../../subgraphs/payments/src/config";
import { loadConfig as shippingConfig } from "../../../subgraphs/shipping/src/config";
import { loadConfig as notificationsConfig } from "../../../subgraphs/notifications/src/config";
import { SECRET_CONTRACT } from "./secrets";
import { isShopImage, NAME_LABEL, objectName, ofKind, type Container, type K8sObject } from "./objects";

/**
 * Each service's own config loader: the checks run it on the environment a container gets, so a
 * variable a service newly requires (or refuses in production) fails them until the manifests give it.
 */
export const CONFIG_LOADERS: Record<string, (env: NodeJS.ProcessEnv) => object> = {
  gateway: gatewayConfig,
  users: usersConfig,
  products: productsConfig,
  inventory: inventoryConfig,
  orders: ordersConfig,
  payments: paymentsConfig,
  shipping: shippingConfig,
  notifications: notificationsConfig,
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1", "0.0.0.0"]);

export interface ResolvedEnv {
  env: Record<string, string>;
  /** Variables with literal values in the manifest (not from a Secret or ConfigMap). */
  literal: Record<string, string>;
  problems: string[];
}

function secretValue(objects: readonly K8sObject[], name: string, key: string): string | undefined {
  const secret = ofKind(objects, "Secret").find((each) => each.metadata.name === name);
  if (!secret) return SECRET_CONTRACT[name]?.[key];
  return secret.stringData?.[key] ?? (secret.data?.[key] === undefined ? undefined : Buffer.from(secret.data[key], "base64").toString("utf8"));
}

function configMapData(objects: readonly K8sObject[], name: string): Record<string, string> | undefined {
  return ofKind(objects, "ConfigMap").find((each) => each.metadata.name === name)?.data;
}

/** The environment a container starts with: its envFrom ConfigMaps, then its env (Secrets as the overlay or the contract has them). */
export function resolveEnv(container: Container, objects: readonly K8sObject[]): ResolvedEnv {
  const env: Record<string, string> = {};
  const literal: Record<string, string> = {};
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef) continue;
    const data = configMapData(objects, source.configMapRef.name);
    if (data) Object.assign(env, data);
    else problems.push(`envFrom names ConfigMap ${source.configMapRef.name}, which is not rendered`);
  }
  for (const variable of container.env ?? []) {
    const { secretKeyRef, configMapKeyRef } = variable.valueFrom ?? {};
    const value = secretKeyRef
      ? secretValue(objects, secretKeyRef.name, secretKeyRef.key)
      : configMapKeyRef
        ? configMapData(objects, configMapKeyRef.name)?.[configMapKeyRef.key]
        : variable.value;
    if (value === undefined) problems.push(`${variable.name} has no value`);
    else env[variable.name] = value;
    if (variable.value !== undefined) literal[variable.name] = variable.value;
  }
  return { env, literal, problems };
}

/** Every string in a loaded config that is a URL pointing at this machine: in a pod, that is always a mistake. */
export function loopbackUrls(value: unknown, path = "config"): string[] {
  if (typeof value === "string") {
    try {
      return LOOPBACK_HOSTS.has(new URL(value).hostname) ? [`${path} = ${value} points at the pod itself`] : [];
    } catch {
      return [];
    }
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => loopbackUrls(item, `${path}[${index}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => loopbackUrls(item, `${path}.${key}`));
  return [];
}

/** A literal http(s) URL in the environment names a rendered Service and one of its ports. */
function serviceUrlProblems(literal: Record<string, string>, objects: readonly K8sObject[]): string[] {
  return Object.entries(literal).flatMap(([name, value]) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return [];
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return [];
    const service = ofKind(objects, "Service").find((each) => each.metadata.name === url.hostname);
    if (!service) return [`${name}=${value}: no Service ${url.hostname}`];
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    return (service.spec?.ports ?? []).some((each) => each.port === port) ? [] : [`${name}=${value}: Service ${url.hostname} has no port ${port}`];
  });
}

function portProblems(service: string, config: object, container: Container): string[] {
  const declared = (name: string) => container.ports?.find((port) => port.name === name)?.containerPort;
  const loaded = config as { port?: number; metricsPort?: number; subgraphUrlOverrides?: Record<string, string> };
  const problems: string[] = [];
  if (loaded.port !== declared("http")) problems.push(`listens on ${loaded.port}, but the container's http port is ${declared("http")}`);
  if (service === "gateway") {
    if (loaded.metricsPort !== declared("metrics")) problems.push(`serves metrics on ${loaded.metricsPort}, but the container's metrics port is ${declared("metrics")}`);
    const missing = DOMAINS.filter((domain) => !loaded.subgraphUrlOverrides?.[domain]);
    if (missing.length > 0) problems.push(`has no <SUBGRAPH>_URL for ${missing.join(", ")}: it would route to the supergraph's localhost URLs`);
  }
  return problems;
}

/** Each service's container starts with a valid configuration that reaches real hosts on the declared ports. */
export function serviceEnvProblems(objects: readonly K8sObject[]): string[] {
  return ofKind(objects, "Deployment").flatMap((deployment) => {
    const service = deployment.spec?.template?.metadata?.labels?.[NAME_LABEL] ?? "";
    return (deployment.spec?.template?.spec.containers ?? [])
      .filter((container) => isShopImage(container.image))
      .flatMap((container) => {
        const load = CONFIG_LOADERS[service];
        if (!load) return [`${objectName(deployment)}: runs the shop image but "${service}" is no known service`];
        const { env, literal, problems } = resolveEnv(container, objects);
        let config: object;
        try {
          config = load(env);
        } catch (error) {
          return [...problems, `its configuration is refused: ${error instanceof Error ? error.message : String(error)}`].map((problem) => `${objectName(deployment)}: ${problem}`);
        }
        return [...problems, ...loopbackUrls(config), ...serviceUrlProblems(literal, objects), ...portProblems(service, config, container)].map(
          (problem) => `${objectName(deployment)}: ${problem}`,
        );
      });
  });
}
