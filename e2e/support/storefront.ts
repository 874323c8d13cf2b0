import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../packages/schema-tools";

const BUILD_TIMEOUT_MS = 180_000;
const CONTENT_TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/** Where the browser tests write their screenshots (a CI artifact). */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? path.join(PROJECT_ROOT, "test-artifacts", "screenshots");

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return path.join(SCREENSHOT_DIR, `${name}.png`);
}

/** Debian's Chromium (or CHROMIUM_PATH); null when there is none. */
export function chromiumPath(): string | null {
  const candidate = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return existsSync(candidate) ? candidate : null;
}

/**
 * `describe` for browser tests: on CI a missing Chromium fails (the test reports it); elsewhere the tests
 * are skipped with a message saying how to run them.
 */
export function describeWithChromium(name: string, body: (executablePath: string) => void): void {
  const executablePath = chromiumPath();
  if (executablePath !== null) return describe(name, () => body(executablePath));
  if (process.env.CI === "true") {
    return describe(name, () => {
      it("needs Chromium", () => {
        throw new Error("Chromium is required on CI: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH.");
      });
    });
  }
  console.warn(`Skipping "${name}": no Chromium at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  describe.skip(name, () => body(""));
}

export interface RunningStorefront {
  url: string;
  stop(): Promise<void>;
}

/** `vite build` of web/ pointed at `gatewayUrl`, into a throwaway folder. */
async function buildStorefront(gatewayUrl: string): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), "shop-web-"));
  const vite = path.join(PROJECT_ROOT, "node_modules", "vite", "bin", "vite.js");
  await promisify(execFile)(process.execPath, [vite, "build", "--config", "web/vite.config.ts", "--outDir", outDir, "--logLevel", "warn"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, VITE_GATEWAY_URL: gatewayUrl },
    timeout: BUILD_TIMEOUT_MS,
  });
  return outDir;
}

/** The static files as a CDN serves them: a file when it exists, index.html otherwise. */
function serveStatic(root: string): Server {
  return createServer((request, response) => {
    const requested = path.normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
    let file = path.join(root, requested);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = path.join(root, "index.html");
    response.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
}

/** The production build of the storefront, served on its own origin (a free loopback port). */
export async function startStorefront(gatewayUrl: string): Promise<RunningStorefront> {
  const outDir = await buildStorefront(gatewayUrl);
  const server = serveStatic(outDir);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("the storefront server has no port");
  return {
    url: `http://127.0.0.1:${address.port}/`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
