import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { OPERATIONS } from './src/operations.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Emits trusted-documents.json (Apollo's persisted query manifest format) from the app's operations: the exact texts
 * the app sends, so a server with TRUSTED_DOCUMENTS_ONLY still serves the app, and GraphiQL offers them as examples.
 */
function trustedDocuments(): Plugin {
  return {
    name: 'trusted-documents',
    generateBundle() {
      const operations = Object.entries(OPERATIONS).map(([name, { document, example }]) => ({
        id: crypto.createHash('sha256').update(document).digest('hex'),
        name,
        type: document.startsWith('mutation') ? 'mutation' : 'query',
        body: document,
        example,
      }));
      this.emitFile({
        type: 'asset',
        fileName: 'trusted-documents.json',
        source: JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2),
      });
    },
  };
}

/**
 * Writes a Brotli and a gzip copy beside each script and style sheet, which the server sends to browsers that accept
 * them (@fastify/static's `preCompressed`): compressed once at build time, not at every request.
 */
function precompress(): Plugin {
  return {
    name: 'precompress',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f))) {
        const full = path.join(options.dir!, file);
        const source = fs.readFileSync(full);
        fs.writeFileSync(`${full}.br`, zlib.brotliCompressSync(source));
        fs.writeFileSync(`${full}.gz`, zlib.gzipSync(source, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  plugins: [trustedDocuments(), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: true },
});
