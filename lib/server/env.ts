import "server-only";
import { parseEnv, type Env } from "@/lib/validation/env";

let cached: Env | undefined;

/** The validated environment; throws an EnvError listing every problem. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
