import { DOMAINS } from "../../../packages/config";
import { allContainers, objectName, ofKind, podTemplates, type K8sObject } from "./objects";

/** The only literal a committed Secret may hold where a secret goes. */
export const PLACEHOLDER = "change-me";

/**
 * The Secrets the workloads read, with each key's example value: what production creates apart from
 * these files (README "Deploying to Kubernetes"), and what the checks hand the services in their stead.
 */
export const SECRET_CONTRACT: Record<string, Record<string, string>> = {
  "shop-app-secrets": {
    JWT_SECRET: "example-jwt-secret-0123456789abcdef",
    GATEWAY_SIGNING_SECRET: "example-signing-secret-0123456789abcdef",
    ADMIN_PASSWORD: "example-admin-password-0123456789",
  },
  "shop-database-urls": Object.fromEntries(
    DOMAINS.map((domain) => [`${domain.toUpperCase()}_DATABASE_URL`, `postgresql://shop_${domain}:secret@postgres.example.internal:5432/shop_${domain}`]),
  ),
  "shop-redis": { REDIS_URL: "redis://:secret@redis.example.internal:6379" },
};

/** Secrets only the local overlay's in-cluster datastores read. */
const LOCAL_ONLY_SECRETS = new Set(["shop-postgres"]);

const DATASTORE_PROTOCOLS = new Set(["postgresql:", "postgres:", "redis:", "rediss:"]);

/** The placeholder, or a datastore URL whose only credential is the placeholder (or that has none). */
export function isPlaceholder(value: string): boolean {
  if (value === PLACEHOLDER) return true;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!DATASTORE_PROTOCOLS.has(url.protocol) || url.search !== "") return false;
  return url.password === PLACEHOLDER || (url.password === "" && url.username === "");
}

function secretValues(secret: K8sObject): Record<string, string> {
  const decoded = Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]));
  return { ...decoded, ...(secret.stringData ?? {}) };
}

/** Committed Secrets hold placeholders only, and production renders none (applying it never overwrites the real ones). */
export function committedSecretProblems(objects: readonly K8sObject[], rendersSecrets: boolean): string[] {
  const secrets = ofKind(objects, "Secret");
  if (!rendersSecrets) return secrets.map((secret) => `${objectName(secret)}: this overlay must not render Secrets; create them apart`);
  return secrets.flatMap((secret) =>
    Object.entries(secretValues(secret))
      .filter(([, value]) => !isPlaceholder(value))
      .map(([key]) => `${objectName(secret)}: ${key} holds a literal value, not the placeholder "${PLACEHOLDER}"`),
  );
}

/** Every Secret key a container reads is in the contract (and, where the overlay renders Secrets, rendered). */
export function secretReferenceProblems(objects: readonly K8sObject[]): string[] {
  const rendered = new Map(ofKind(objects, "Secret").map((secret) => [secret.metadata.name, secretValues(secret)]));
  return podTemplates(objects).flatMap(({ owner, template }) =>
    allContainers(template).flatMap((container) => [
      ...(container.envFrom ?? []).filter((source) => source.secretRef).map(() => `${objectName(owner)}: read Secret keys one by one (secretKeyRef), not envFrom`),
      ...(container.env ?? []).flatMap((variable) => {
        const ref = variable.valueFrom?.secretKeyRef;
        if (!ref) return [];
        const known = SECRET_CONTRACT[ref.name]?.[ref.key] !== undefined || LOCAL_ONLY_SECRETS.has(ref.name);
        const problems = known ? [] : [`${objectName(owner)}: ${ref.name}/${ref.key} is not in the Secret contract (checks/secrets.ts and the README)`];
        if (rendered.size > 0 && rendered.get(ref.name)?.[ref.key] === undefined) problems.push(`${objectName(owner)}: reads ${ref.name}/${ref.key}, which this overlay does not render`);
        return problems;
      }),
    ]),
  );
}

/** The local overlay's Secrets have exactly the contract's keys, so the README's list is the whole list. */
export function contractProblems(localObjects: readonly K8sObject[]): string[] {
  const rendered = new Map(ofKind(localObjects, "Secret").map((secret) => [secret.metadata.name, Object.keys(secretValues(secret)).sort()]));
  return Object.entries(SECRET_CONTRACT)
    .filter(([name, keys]) => JSON.stringify(rendered.get(name)) !== JSON.stringify(Object.keys(keys).sort()))
    .map(([name, keys]) => `Secret/${name}: the local overlay has keys ${JSON.stringify(rendered.get(name) ?? [])}, the contract ${JSON.stringify(Object.keys(keys).sort())}`);
}
