import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { precompress } from './build/precompress'

/** The sync server that `npm run dev` proxies to (start it with `npm run serve`). */
const SERVER = 'http://127.0.0.1:1234'

export default defineConfig({
  plugins: [react(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: {
    proxy: {
      '/api': SERVER,
      '/sync': { target: SERVER.replace('http', 'ws'), ws: true },
    },
  },
})
