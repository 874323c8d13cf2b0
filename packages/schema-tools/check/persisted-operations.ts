import { createHash } from "node:crypto";
import { Kind, print, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from "graphql";
import { operationDocument } from "./operations";

/** Apollo's persisted query manifest format, as Apollo Router and GraphOS safelisting read it. */
export interface PersistedOperationManifest {
  format: "apollo-persisted-query-manifest";
  version: 1;
  operations: Array<{ id: string; name: string; type: OperationDefinitionNode["operation"]; body: string }>;
}

/**
 * One entry per named operation: its body is exactly what a client sends (the printed typed document:
 * the operation and the fragments it uses), its id the SHA-256 of that body; sorted by name.
 */
export function buildPersistedOperationManifest(documents: readonly DocumentNode[]): PersistedOperationManifest {
  const definitions = documents.flatMap((document) => document.definitions);
  const fragments = definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  const operations = definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && definition.name !== undefined)
    .map((operation) => {
      const body = print(operationDocument(operation, fragments));
      return { id: createHash("sha256").update(body).digest("hex"), name: operation.name!.value, type: operation.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: "apollo-persisted-query-manifest", version: 1, operations };
}

/** A graphql-codegen plugin (see codegen.ts) that writes the manifest for the documents of its output. */
export const persistedOperationsPlugin = {
  plugin(_schema: unknown, documents: ReadonlyArray<{ document?: DocumentNode }>): string {
    const manifest = buildPersistedOperationManifest(documents.flatMap((file) => (file.document ? [file.document] : [])));
    return `${JSON.stringify(manifest, null, 2)}\n`;
  },
};
