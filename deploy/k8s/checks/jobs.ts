import { existsSync } from "node:fs";
import path from "node:path";
import { databaseUrl, DOMAINS } from "../../../packages/config";
import { allContainers, COMPONENT_LABEL, isShopImage, objectName, ofKind, podTemplates, type K8sObject } from "./objects";
import { PROJECT_ROOT } from "./render";
import { loopbackUrls, resolveEnv } from "./service-env";

const MIGRATE_SCRIPT = "dist/scripts/db-setup.js";

/** One migration Job per database, running db-setup for that domain with that database's URL. */
export function migrationJobProblems(objects: readonly K8sObject[]): string[] {
  const jobs = ofKind(objects, "Job").filter((job) => job.metadata.labels?.[COMPONENT_LABEL] === "migration");
  const migrated = new Map<string, K8sObject>();
  const problems: string[] = [];
  for (const job of jobs) {
    const container = job.spec?.template?.spec.containers[0];
    const command = container?.command ?? [];
    const domain = command[2] ?? "";
    if (command[0] !== "node" || command[1] !== MIGRATE_SCRIPT || command.length !== 3 || !(DOMAINS as readonly string[]).includes(domain)) {
      problems.push(`${objectName(job)}: must run \`node ${MIGRATE_SCRIPT} <domain>\`, runs ${JSON.stringify(command)}`);
      continue;
    }
    if (migrated.has(domain)) problems.push(`${objectName(job)}: ${domain} is migrated by ${objectName(migrated.get(domain)!)} too`);
    migrated.set(domain, job);
    const { env, problems: envProblems } = resolveEnv(container!, objects);
    const url = `${domain.toUpperCase()}_DATABASE_URL`;
    if (!env[url]) problems.push(`${objectName(job)}: has no ${url}`);
    problems.push(...[...envProblems, ...loopbackUrls(databaseUrl(env, domain), url)].map((problem) => `${objectName(job)}: ${problem}`));
  }
  const missing = DOMAINS.filter((domain) => !migrated.has(domain));
  if (missing.length > 0) problems.push(`no migration Job for ${missing.join(", ")}`);
  return problems;
}

/** Every container of the shop's image runs `node dist/<file>.js` whose source exists (so the build has it). */
export function commandProblems(objects: readonly K8sObject[]): string[] {
  return podTemplates(objects).flatMap(({ owner, template }) =>
    allContainers(template)
      .filter((container) => isShopImage(container.image))
      .flatMap((container) => {
        const [program, script] = container.command ?? [];
        const source = script?.replace(/^dist\//, "").replace(/\.js$/, ".ts");
        if (program !== "node" || !script?.startsWith("dist/") || !source || !existsSync(path.join(PROJECT_ROOT, source))) {
          return [`${objectName(owner)} container ${container.name}: runs ${JSON.stringify(container.command)}, not node dist/<entry point>.js`];
        }
        return [];
      }),
  );
}

/** One image for all of the shop's containers (the one ./Dockerfile builds): same name, same tag. */
export function imageProblems(objects: readonly K8sObject[], overlay: string): string[] {
  const images = podTemplates(objects).flatMap(({ owner, template }) =>
    (owner.metadata.labels?.[COMPONENT_LABEL] === "datastore" ? [] : allContainers(template)).map((container) => ({ where: `${objectName(owner)} container ${container.name}`, image: container.image ?? "" })),
  );
  const problems = images.filter(({ image }) => !isShopImage(image)).map(({ where, image }) => `${where}: runs ${image}, not the shop's image`);
  const distinct = [...new Set(images.map(({ image }) => image))];
  if (distinct.length > 1) problems.push(`${overlay}: the shop's containers run different images: ${distinct.join(", ")}`);
  if (distinct.some((image) => !/:[^/]+$/.test(image) || image.endsWith(":latest"))) problems.push(`${overlay}: the shop's image needs a tag other than latest`);
  return problems;
}

export const PHASE_LABEL = "shop.example.com/phase";

/**
 * `kubectl apply -l shop.example.com/phase=pre-rollout` applies what the migration Jobs need before the rest
 * (README "Deploying to Kubernetes"): the Jobs, the namespace, whatever ConfigMaps and Secrets of the overlay
 * they read, and the in-cluster datastores where the overlay has them. Checked on that subset alone, like the first apply sees it.
 */
export function preRolloutProblems(objects: readonly K8sObject[]): string[] {
  const subset = objects.filter((object) => object.metadata.labels?.[PHASE_LABEL] === "pre-rollout");
  const inSubset = (kind: string, name: string) => subset.some((object) => object.kind === kind && object.metadata.name === name);
  const rendered = (kind: string, name: string) => objects.some((object) => object.kind === kind && object.metadata.name === name);
  const problems: string[] = [];
  const jobs = ofKind(objects, "Job").filter((job) => job.metadata.labels?.[COMPONENT_LABEL] === "migration");
  for (const job of jobs) {
    if (!inSubset("Job", job.metadata.name)) problems.push(`${objectName(job)}: not labelled ${PHASE_LABEL}=pre-rollout`);
    for (const container of allContainers(job.spec!.template!)) {
      const reads = [
        ...(container.envFrom ?? []).flatMap((source) => (source.configMapRef ? [{ kind: "ConfigMap", name: source.configMapRef.name }] : [])),
        ...(container.env ?? []).flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [{ kind: "Secret", name: variable.valueFrom.secretKeyRef.name }] : [])),
      ];
      for (const { kind, name } of reads) {
        if (rendered(kind, name) && !inSubset(kind, name)) problems.push(`${objectName(job)} reads ${kind}/${name}, which is not labelled ${PHASE_LABEL}=pre-rollout`);
      }
    }
  }
  for (const needed of objects.filter((object) => object.kind === "Namespace" || object.metadata.labels?.[COMPONENT_LABEL] === "datastore")) {
    if (!inSubset(needed.kind, needed.metadata.name)) problems.push(`${objectName(needed)}: the migration Jobs need it, but it is not labelled ${PHASE_LABEL}=pre-rollout`);
  }
  return problems;
}
