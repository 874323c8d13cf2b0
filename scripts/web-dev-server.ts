/**
 * The storefront's Vite dev server for `npm start`: web/ on WEB_PORT (5173), calling the gateway at
 * VITE_GATEWAY_URL. SIGTERM is a clean stop (exit 0), as `npm start` expects of every service: Vite alone
 * exits 143, which would count as a crash and a restart.
 */
import path from "node:path";
import { PROJECT_ROOT } from "../packages/schema-tools";

async function main(): Promise<void> {
  const { createServer } = await import("vite");
  const server = await createServer({
    configFile: path.join(PROJECT_ROOT, "web", "vite.config.ts"),
    server: { host: "127.0.0.1", port: Number(process.env.WEB_PORT ?? 5173), strictPort: true },
  });
  await server.listen();
  server.printUrls();
  // Vite's own SIGTERM handler closes the server and exits with `process.exitCode ??= 143`: a stop we
  // asked for is a success, so the code is set first.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.exitCode = 0;
      void server.close().then(() => process.exit());
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
