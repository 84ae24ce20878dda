// Loaded with --import: SIGUSR2 writes the V8 coverage so far (NODE_V8_COVERAGE) and resets its counters.
import v8 from "node:v8";

process.on("SIGUSR2", () => {
  v8.takeCoverage();
  process.stderr.write("COVERAGE-TAKEN\n");
});
