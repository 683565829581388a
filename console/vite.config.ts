/**
 * The committee console's build: `console/` → `console/dist/`, served by the app at `/console/`
 * (`api/console.ts`). Everything it needs is bundled — no CDN, nothing fetched from outside the
 * machine at run time. `npm run console:dev` serves it with hot reload and hands `/api` to a
 * system running on port 3000 (`make demo`).
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [vue()],
  // No `public/` folder: every file of the console goes through the bundle.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // ECharts is the largest part; it is its own chunk, loaded by the screens that draw charts.
    chunkSizeWarningLimit: 700,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});
