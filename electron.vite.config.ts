import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { PluginOption } from 'vite';

/**
 * Native modules must be loaded from node_modules at runtime (and rebuilt for Electron's ABI by
 * electron-builder), never bundled. They are `dependencies`, which electron-vite externalizes
 * by default for main; listing them keeps that true if they ever move.
 */
const nativeModules = ['better-sqlite3', '@napi-rs/keyring'];

/**
 * Vite's dev server needs an inline module script (React Fast Refresh preamble) and a WebSocket
 * for HMR, both of which the production meta CSP forbids. Relax exactly those, in dev only.
 */
function devContentSecurityPolicy(): PluginOption {
  return {
    name: 'switchboard:dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      const relaxed = html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");
      if (relaxed === html) throw new Error('renderer/index.html: CSP meta tag not found for the dev server');
      return relaxed;
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: nativeModules },
      lib: {
        entry: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          // The gateway's utility process (utilityProcess.fork): out/main/gateway-process.js.
          // See gatewayProcessEntry() in electron/main/gateway/gateway-paths.ts.
          'gateway-process': resolve(import.meta.dirname, 'electron/gateway-process/index.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything it imports.
      externalizeDeps: false,
      lib: { entry: resolve(import.meta.dirname, 'electron/preload/index.ts') },
      rolldownOptions: {
        // Sandboxed preloads are evaluated as CommonJS; .cjs keeps that unambiguous under "type": "module".
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
    plugins: [react(), devContentSecurityPolicy()],
  },
});
