import { defineConfig } from 'vitest/config';

// Three suites: unit (pure, fast), integration (real servers as processes on loopback),
// e2e (a real Kubernetes control plane; slow to set up, run by `npm run test:e2e`).
export default defineConfig({
  test: {
    // Servers started inside tests log warnings and errors only.
    env: { FLUSS_LOG_LEVEL: 'warn' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/src/**/*.test.ts', 'operator/src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/sim/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          // A cold control-plane build (Go, 2 cores) runs inside the first hook: allow for it.
          hookTimeout: 2_400_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
