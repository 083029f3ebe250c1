import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(__dirname), "server-only": path.resolve(__dirname, "test/server-only-shim.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts", "bench/**/*.test.ts"],
          environment: "node",
          // Generous: CI machines may be busy; no test asserts on time.
          testTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          env: { SIBYL_BCRYPT_COST: "4" },
          environment: "node",
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/integration/setup-env.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: true,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
