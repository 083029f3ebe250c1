// Connectivity policies: fields, validation, evaluation and simulation (pure).
export * from "./types";
export * from "./fields";
export * from "./schema";
export * from "./evaluate";
export * from "./simulate";
export * from "./subject";
