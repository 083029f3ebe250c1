import { DatabaseLockedError } from "@/db/client";
import { EnvError } from "@/lib/validation/env";

/** Runs a script body and turns known failures into one clear message and exit code 1. */
export function runScript(body: () => Promise<void>): void {
  body().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof EnvError || error instanceof DatabaseLockedError) {
        console.error(error.message);
      } else {
        console.error(error);
      }
      process.exit(1);
    },
  );
}
