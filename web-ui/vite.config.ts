import { defineConfig } from 'vitest/config';
import { bundleBudget } from './scripts/bundle-budget';

// `npm run dev` alone (without `mvn quarkus:dev`) talks to an app on :8080 through this proxy;
// under `mvn quarkus:dev`, Quinoa starts this dev server and Quarkus serves both on :8080.
const app = process.env.TIGHTROPE_URL ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [bundleBudget()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/graphql': { target: app, ws: true, changeOrigin: true },
      '/api': { target: app, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 400 },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
