import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard's production build: `npm run build:web` (also run by `npm install` through `prepare`) writes
 * web/dist, which src/http/dashboard.ts serves at `/`. No network at build or run time.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: true,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/images': 'http://127.0.0.1:4000' } },
});
