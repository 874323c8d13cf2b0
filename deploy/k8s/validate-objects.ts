/**
 * Checks rendered Kubernetes objects against the Kubernetes OpenAPI schemas, offline, with the
 * kubernetes-models package (models generated from those schemas, each with `.validate()`).
 *   kubectl kustomize deploy/k8s/overlays/production | npx tsx deploy/k8s/validate-objects.ts [--json]
 * Prints one line per invalid object (or, with --json, a JSON array of { object, error }) and exits 1
 * when there is any. An object of a kind the package has no model for counts as invalid: nothing passes
 * unchecked. kubernetes-models ships ES modules only, which Jest's CommonJS runtime cannot load, so the
 * manifests test runs this as a child process.
 */
import { parseAllDocuments } from "yaml";

export interface SchemaProblem {
  object: string;
  error: string;
}

interface Model {
  validate(): void;
}

type ModelModule = Record<string, new (data: unknown) => Model>;

interface TypeMeta {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown };
}

/** `apps/v1` + `Deployment` -> kubernetes-models/apps/v1/Deployment; the core group is plain `v1`. */
function modelSpecifier(apiVersion: string, kind: string): string {
  return `kubernetes-models/${apiVersion}/${kind}`;
}

async function validateOne(object: TypeMeta): Promise<SchemaProblem | null> {
  const name = `${String(object.kind)}/${String(object.metadata?.name)}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string" || !/^[A-Za-z0-9./]+$/.test(object.apiVersion + object.kind)) {
    return { object: name, error: "apiVersion and kind must be set" };
  }
  let Model: (new (data: unknown) => Model) | undefined;
  try {
    Model = ((await import(modelSpecifier(object.apiVersion, object.kind))) as ModelModule)[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) return { object: name, error: `no Kubernetes schema for ${object.apiVersion} ${object.kind}` };
  try {
    new Model(object).validate();
    return null;
  } catch (error) {
    return { object: name, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function validateObjects(objects: readonly TypeMeta[]): Promise<SchemaProblem[]> {
  const problems = await Promise.all(objects.map(validateOne));
  return problems.filter((problem): problem is SchemaProblem => problem !== null);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<void> {
  const documents = parseAllDocuments(await readStdin());
  const objects = (Array.isArray(documents) ? documents : [documents])
    .map((document) => document.toJSON() as TypeMeta | null)
    .filter((object): object is TypeMeta => object !== null);
  const problems = await validateObjects(objects);
  if (process.argv.includes("--json")) console.log(JSON.stringify(problems));
  else for (const problem of problems) console.log(`${problem.object}: ${problem.error}`);
  if (!process.argv.includes("--json")) console.error(`${objects.length - problems.length} of ${objects.length} objects valid`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
