// Entry of the OTLP decode thread (decode-pool.ts): a worker thread does not inherit the --import tsx
// of the front process, so it registers tsx itself before loading the TypeScript module.
import { register } from "tsx/esm/api";

register();
await import("./decode-worker.ts");
