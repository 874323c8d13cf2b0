import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { PROJECT_ROOT } from "../../../packages/schema-tools";
import { findOnPath } from "../../../packages/testing";
import type { K8sObject } from "./objects";
import type { SchemaProblem } from "../validate-objects";

export { PROJECT_ROOT };
export const OVERLAYS = ["local", "production"] as const;
export type Overlay = (typeof OVERLAYS)[number];

const RENDER_TIMEOUT_MS = 60_000;

/** kubectl on PATH, or null. */
export function findKubectl(env: NodeJS.ProcessEnv = process.env): string | null {
  return findOnPath("kubectl", env);
}

/** `kubectl kustomize` of one overlay, offline: the YAML stream it prints. */
export function renderOverlay(kubectl: string, overlay: Overlay): string {
  return execFileSync(kubectl, ["kustomize", path.join(PROJECT_ROOT, "deploy/k8s/overlays", overlay)], {
    encoding: "utf8",
    timeout: RENDER_TIMEOUT_MS,
    maxBuffer: 32 * 1024 * 1024,
  });
}

export function parseObjects(yamlStream: string): K8sObject[] {
  return parseAllDocuments(yamlStream)
    .map((document) => document.toJSON() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

/** Every object checked against the Kubernetes schemas by validate-objects.ts, in a child process (see there why). */
export function schemaProblems(yamlStream: string): SchemaProblem[] {
  let output: string;
  try {
    output = execFileSync(process.execPath, ["--import", "tsx", "deploy/k8s/validate-objects.ts", "--json"], {
      cwd: PROJECT_ROOT,
      input: yamlStream,
      encoding: "utf8",
      timeout: RENDER_TIMEOUT_MS,
    });
  } catch (error) {
    // Exit status 1 means "some objects are invalid": the problems are on stdout all the same.
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    if (failed.status !== 1 || !failed.stdout) throw new Error(`validate-objects failed: ${failed.stderr ?? String(error)}`);
    output = failed.stdout;
  }
  return JSON.parse(output) as SchemaProblem[];
}
