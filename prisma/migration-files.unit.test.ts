import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

// `npm start` applies migrations with the Prisma 6 CLI through the pg driver adapter, which splits a
// migration script into statements at every semicolon, comments included: a semicolon in a comment
// leaves the rest of that comment to run as SQL ("syntax error at or near ..."). The tests' own
// databases are migrated by a runner of ours that does not split, so only this check catches it early.
const PRISMA_DIR = __dirname;

function migrationFiles(): string[] {
  return readdirSync(PRISMA_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((domain) => {
      const migrations = join(PRISMA_DIR, domain.name, "migrations");
      try {
        return readdirSync(migrations, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(migrations, entry.name, "migration.sql"));
      } catch {
        return [];
      }
    });
}

it("finds the migrations", () => {
  expect(migrationFiles().length).toBeGreaterThanOrEqual(7);
});

it.each(migrationFiles().map((file) => [file.slice(PRISMA_DIR.length + 1)]))("%s has no semicolon inside a line comment", (file) => {
  const commentsWithSemicolons = readFileSync(join(PRISMA_DIR, file), "utf8")
    .split("\n")
    .map((line, index) => ({ line: index + 1, comment: /--(.*)$/.exec(line)?.[1] ?? "" }))
    .filter(({ comment }) => comment.includes(";"));
  expect(commentsWithSemicolons).toEqual([]);
});
