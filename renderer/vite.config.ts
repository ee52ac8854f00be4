import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The packaged app serves the renderer from app://facecraft/ (electron/main/appScheme.ts); relative asset
// URLs keep the same build working there, on a dev server, and behind the tests' static servers.
export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome128',
  },
  worker: { format: 'es' },
});
