import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SERVICE_NODE_OPTIONS } from "../packages/service-launch";
import { composeCommands, envSettings, nodeEntryPoints, parseDockerfile, runtimeLayout, testCodeIn } from "./build-layout";

const projectRoot = path.resolve(__dirname, "..");

describe("the image's layout, read from the Dockerfile and docker-compose.yml", () => {
  it("reads stages, joins continuation lines and skips comments", () => {
    const stages = parseDockerfile(
      ["FROM node:20 AS base", "WORKDIR /app", "# a comment", "FROM base AS deps", "RUN npm install \\", "    --ignore-scripts", "FROM base", 'CMD ["node", "x.js"]'].join("\n"),
    );
    expect(stages.map((stage) => stage.name)).toEqual(["base", "deps", "2"]);
    expect(stages[1]!.instructions[1]).toEqual({ keyword: "RUN", args: "npm install      --ignore-scripts" });
    expect(runtimeLayout(stages)).toEqual({ workdir: "/app", copies: [], command: ["node", "x.js"], env: {} });
  });

  it("reads ENV settings, quoted or not", () => {
    expect(envSettings('NODE_ENV=production      NODE_OPTIONS="--a --b=1" EMPTY=')).toEqual({ NODE_ENV: "production", NODE_OPTIONS: "--a --b=1", EMPTY: "" });
  });

  it("runs the services with the node options npm start and the bench use", () => {
    const layout = runtimeLayout(parseDockerfile(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8")));
    expect(layout.env.NODE_ENV).toBe("production");
    expect(layout.env.NODE_OPTIONS).toBe(SERVICE_NODE_OPTIONS.join(" "));
  });

  it("finds the scripts a command runs with node", () => {
    expect(nodeEntryPoints(["node", "dist/a.js"])).toEqual(["dist/a.js"]);
    expect(nodeEntryPoints(["sh", "-c", "node dist/a.js && node dist/b.js"])).toEqual(["dist/a.js", "dist/b.js"]);
    expect(nodeEntryPoints(["npm", "run", "seed"])).toEqual([]);
  });

  it("ships only the build output and production dependencies, and every command runs a built file", () => {
    const layout = runtimeLayout(parseDockerfile(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8")));
    expect(layout.copies).toEqual([
      { from: "prod-deps", sources: ["/app/node_modules"] },
      { from: "build", sources: ["/app/package.json"] },
      { from: "build", sources: ["/app/dist"] },
    ]);
    const commands = composeCommands(readFileSync(path.join(projectRoot, "docker-compose.yml"), "utf8"), layout.command);
    expect(Object.keys(commands).sort()).toEqual(["gateway", "inventory", "migrate", "notifications", "orders", "payments", "products", "shipping", "users"]);
    for (const command of [layout.command, ...Object.values(commands)]) {
      expect(nodeEntryPoints(command).length).toBeGreaterThan(0);
      for (const entry of nodeEntryPoints(command)) expect(entry).toMatch(/^dist\/.+\.js$/);
    }
  });

  it("installs with npm install (the lockfile lists only this registry's platform), production dependencies only for the runtime", () => {
    const stages = parseDockerfile(readFileSync(path.join(projectRoot, "Dockerfile"), "utf8"));
    const runs = (name: string) => stages.find((stage) => stage.name === name)!.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs("deps")).toEqual([expect.stringMatching(/npm install --ignore-scripts$/)]);
    expect(runs("prod-deps")).toEqual([expect.stringMatching(/npm install --omit=dev --ignore-scripts$/)]);
    expect(stages.flatMap((stage) => stage.instructions).some((i) => /npm ci\b/.test(i.args))).toBe(false);
  });

  describe("test code in a build", () => {
    let dist: string;
    beforeEach(() => {
      dist = mkdtempSync(path.join(tmpdir(), "build-layout-"));
    });
    afterEach(() => rmSync(dist, { recursive: true, force: true }));

    function write(file: string, text = ""): void {
      mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
      writeFileSync(path.join(dist, file), text);
    }

    it("names test files, test folders and code that imports test helpers", () => {
      write("gateway/src/index.js", 'const x = require("../../packages/config");');
      write("subgraphs/orders/src/server.test.js");
      write("subgraphs/orders/src/test-fixtures.js");
      write("e2e/support/edge-fixture.js");
      write("packages/testing/index.js");
      write("subgraphs/users/src/seed.js", 'const t = require("../../../packages/testing");');
      expect(testCodeIn(dist).sort()).toEqual([
        "e2e/support/edge-fixture.js",
        "packages/testing/index.js",
        "subgraphs/orders/src/server.test.js",
        "subgraphs/orders/src/test-fixtures.js",
        "subgraphs/users/src/seed.js",
      ]);
    });

    it("finds nothing in a build of services only", () => {
      write("gateway/src/index.js", 'require("../../packages/config");');
      write("subgraphs/payments/src/providers/test-provider.js", 'require("node:crypto");');
      expect(testCodeIn(dist)).toEqual([]);
    });
  });
});
