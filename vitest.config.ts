import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores: run test files in parallel on both, but no more.
    maxWorkers: 2,
  },
});
