// Fuzz test of the streaming traffic parsers (HAR, Envoy, nginx, OTLP): 10,000 generated malformed inputs
// per format (mutated fixtures, arbitrary bytes; see fuzz-support.ts), each answered with events and located
// problems or a located IngestInputError, never another exception, within a time bound per input.
import { describeFuzz } from "./fuzz-support";

describeFuzz(["har", "envoy", "nginx", "otlp"]);
