/**
 * `npm run migrate:diff -- <domain> [<git revision>]`: prints the SQL that takes the domain's database from
 * its schema.prisma at a git revision (HEAD by default; an empty database when the file did not exist then)
 * to the working tree's schema.prisma. Save it as prisma/<domain>/migrations/<timestamp>_<name>/migration.sql.
 * It runs the Prisma 6 CLI's `migrate diff` (the one that works offline; see prismaMigrate) on copies of the
 * two schemas with a literal datasource URL added: Prisma 6 needs one, Prisma 7 refuses one in the real file.
 * The CLI connects to the domain's database through the config's adapter (it must exist: `npm run db:setup`)
 * but changes nothing there.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DOMAINS, type Domain } from "../packages/config";
import { prismaMigrate } from "./run-command";

const PROJECT_ROOT = path.join(__dirname, "..");

/** The schema with `url = "postgresql://unused@localhost/unused"` after the datasource's provider, if it has no url. */
export function withLiteralUrl(schema: string): string {
  // Schemas written for Prisma 6 (older revisions) have a url already.
  if (/^datasource\s+\w+\s*\{[^}]*^\s*url\s*=/m.test(schema)) return schema;
  const withUrl = schema.replace(/^(datasource\s+\w+\s*\{[^}]*?^\s*provider\s*=\s*"postgresql"[^\n]*\n)/m, `$1  url = "postgresql://unused@localhost/unused"\n`);
  if (withUrl === schema) throw new Error('no `provider = "postgresql"` line in the datasource block');
  return withUrl;
}

function schemaAt(domain: Domain, revision: string): string | null {
  try {
    return execFileSync("git", ["show", `${revision}:prisma/${domain}/schema.prisma`], { cwd: PROJECT_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const [name, revision = "HEAD"] = process.argv.slice(2);
  const domain = DOMAINS.find((known) => known === name);
  if (!domain) {
    console.error(`usage: npm run migrate:diff -- <${DOMAINS.join("|")}> [<git revision>]`);
    return 2;
  }
  const dir = mkdtempSync(path.join(tmpdir(), "migration-diff-"));
  try {
    const to = path.join(dir, "to.prisma");
    writeFileSync(to, withLiteralUrl(readFileSync(path.join(PROJECT_ROOT, "prisma", domain, "schema.prisma"), "utf8")));
    const old = schemaAt(domain, revision);
    const from = old === null ? ["--from-empty"] : ["--from-schema-datamodel", path.join(dir, "from.prisma")];
    if (old !== null) writeFileSync(path.join(dir, "from.prisma"), withLiteralUrl(old));
    const result = await prismaMigrate(domain, ["migrate", "diff", ...from, "--to-schema-datamodel", to, "--script"]);
    if (result.code !== 0) {
      console.error(result.output);
      return 1;
    }
    // The CLI's own lines ("Loaded Prisma config …") come before the SQL; keep the SQL only.
    const sql = result.output.replace(/^Loaded Prisma config from .*\n+/m, "");
    process.stdout.write(sql);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
