import path from "node:path";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The storefront runs on its own origin (5173) and calls the gateway across origins, so CORS is real.
// The typed operations live outside web/ (operations/generated), hence the wider fs.allow.
export default defineConfig({
  root: __dirname,
  plugins: [react()],
  server: { port: 5173, strictPort: true, fs: { allow: [path.resolve(__dirname, "..")] } },
  preview: { port: 5173, strictPort: true },
  build: { outDir: "dist", emptyOutDir: true },
});
