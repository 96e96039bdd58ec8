import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Three tiers: `unit` (pure code: no JVM, no model, no network), `integration` (real Neo4j, real model) and `e2e`
 * (HTTP, and the browser). The last two share one throwaway Neo4j started by tests/global-setup.ts; `npm test` runs
 * all three, `npm run test:unit` / `test:integration` / `test:e2e` one each.
 */
export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM builds; Node loads the CommonJS one for everybody, Vite would give our code
    // the ESM one and CommonJS dependencies (graphql-query-complexity) the other: two "graphql" realms. Use Node's.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // One throwaway Neo4j serves every database test file; files that re-seed or restart it must not overlap.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'] },
      },
    ],
  },
});
