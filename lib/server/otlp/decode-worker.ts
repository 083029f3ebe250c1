// The OTLP decode thread of `npm start`'s front process (decode-pool.ts starts it): gunzips, decodes,
// validates and splits exports with prepareTraces, the receiver's own code, and hands back the rows to
// queue. No database: the front process queues them.
import { parentPort } from "node:worker_threads";
import { prepareTraces, type OtlpRequest } from "./receiver";

export interface DecodeJob {
  id: number;
  request: OtlpRequest;
  maxBodyBytes: number;
}

parentPort?.on("message", (job: DecodeJob) => {
  prepareTraces(job.request, { maxBodyBytes: job.maxBodyBytes }).then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
