import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Adapters bind loopback ports; files run in parallel workers, each on its own port 0.
    pool: "forks",
  },
});
