// The CI gate's pure part: the result model, its exit code and counts, and the
// text, JSON, SARIF and JUnit reports the `sibyl gate` command prints.
export * from "./types";
export * from "./result";
export * from "./text";
export * from "./json";
export * from "./sarif";
export * from "./junit";
