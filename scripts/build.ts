/**
 * `npm run build`: the production build in dist/ (tsc -p tsconfig.build.json and the files the compiled code
 * reads; see packages/service-launch), which the Dockerfile ships and `npm start` and the bench run.
 * Incremental: nothing is done when dist/ is the build of the sources as they are.
 */
import { buildServices, SERVICES_BUILD } from "../packages/service-launch";

const started = performance.now();
try {
  const outcome = buildServices();
  console.log(`${SERVICES_BUILD.outDir}/: ${outcome === "built" ? `built in ${((performance.now() - started) / 1000).toFixed(1)} s` : "up to date"}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
