import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureBuild, isBuildFresh, type BuildSpec } from "./build";

// A project of two modules and an asset, built with the real tsc: what `npm start` relies on to never run
// a stale build, shown on something small enough to build in a second.
jest.setTimeout(120_000);

let root: string;
let spec: BuildSpec;
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};
const built = (file: string) => readFileSync(path.join(root, "out", file), "utf8");

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "service-build-"));
  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", strict: true, rootDir: ".", types: [] }, include: ["src"] }));
  write("src/main.ts", 'import { greeting } from "./lib";\nconsole.log(greeting);\n');
  write("src/lib.ts", 'export const greeting: string = "hello";\n');
  write("assets/message.txt", "first");
  spec = { root, tsconfigs: ["tsconfig.json"], outDir: "out", assets: ["assets"] };
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

it("builds where there is no build yet, then does nothing until something changes", () => {
  expect(isBuildFresh(spec)).toBe(false);
  expect(ensureBuild(spec)).toBe("built");
  expect(built("src/main.js")).toContain('require("./lib")');
  expect(built("assets/message.txt")).toBe("first");
  expect(isBuildFresh(spec)).toBe(true);
  expect(ensureBuild(spec)).toBe("up to date");
});

it("builds again after a source, an asset or the tsconfig changed", () => {
  ensureBuild(spec);
  write("src/lib.ts", 'export const greeting: string = "changed";\n');
  expect(isBuildFresh(spec)).toBe(false);
  expect(ensureBuild(spec)).toBe("built");
  expect(built("src/lib.js")).toContain('"changed"');

  write("assets/message.txt", "second");
  expect(ensureBuild(spec)).toBe("built");
  expect(built("assets/message.txt")).toBe("second");

  write("tsconfig.json", JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022", strict: true, rootDir: ".", types: [], removeComments: true }, include: ["src"] }));
  expect(ensureBuild(spec)).toBe("built");
  expect(ensureBuild(spec)).toBe("up to date");
});

it("puts back an output that was deleted, though tsc's incremental state says nothing changed", () => {
  ensureBuild(spec);
  rmSync(path.join(root, "out/src/lib.js"));
  expect(isBuildFresh(spec)).toBe(false);
  expect(ensureBuild(spec)).toBe("built");
  expect(existsSync(path.join(root, "out/src/lib.js"))).toBe(true);
});

it("refuses code that does not type-check, and is not fresh until it does", () => {
  ensureBuild(spec);
  write("src/lib.ts", "export const greeting: string = 42;\n");
  expect(() => ensureBuild(spec)).toThrow(/src\/lib\.ts\(1,14\): error TS2322/);
  expect(isBuildFresh(spec)).toBe(false);
  write("src/lib.ts", 'export const greeting: string = "fixed";\n');
  expect(ensureBuild(spec)).toBe("built");
  expect(built("src/lib.js")).toContain('"fixed"');
});

it("fails when an asset is missing, rather than leave a build that cannot start", () => {
  expect(() => ensureBuild({ ...spec, assets: ["assets", "missing.graphql"] })).toThrow(/build asset missing: missing\.graphql/);
  expect(isBuildFresh(spec)).toBe(false);
});
