// The OTLP decode process of `npm start`'s front process (decode-pool.ts forks it): gunzips, decodes,
// validates and splits exports with prepareTraces, the receiver's own code, and hands back the rows to
// queue. No database: the front process queues them. A process of its own, not a worker thread: V8's
// heap flags are per process, and the front process's small young generation (chosen for the decision
// point) would double the cost of decoding.
import { prepareTraces, type OtlpRequest } from "./receiver";

export interface DecodeJob {
  id: number;
  request: OtlpRequest;
  maxBodyBytes: number;
}

if (process.send) {
  process.on("message", (job: DecodeJob) => {
    prepareTraces(job.request, { maxBodyBytes: job.maxBodyBytes }).then(
      (result) => process.send?.({ id: job.id, result }),
      (error: unknown) => process.send?.({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The front process went away: so does this one.
  process.on("disconnect", () => process.exit(0));
}
