// Fuzz test of the document parsers (OpenAPI/Swagger, CycloneDX, Backstage): 10,000 generated malformed
// inputs per format (mutated fixtures, arbitrary text; see fuzz-support.ts), each answered with a result or a
// located IngestInputError, never another exception, within a time bound per input.
import { describeFuzz } from "./fuzz-support";

describeFuzz(["openapi", "cyclonedx", "backstage"]);
