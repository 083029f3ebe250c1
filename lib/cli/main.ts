// The `sibyl` command (npm run sibyl -- <command>). Exit codes: 0 success,
// 1 input errors (each printed as file:line: reason), 2 usage errors.
import { DatabaseLockedError } from "@/db/client";
import { EnvError } from "@/lib/validation/env";
import { runIngest } from "./ingest";
import { runInventory } from "./inventory";
import { runScore } from "./score";
import { runImport } from "./import";
import { runProbe } from "./probe";
import { runReport } from "./report";
import { runPolicy } from "./policy";
import { runGateCommand } from "./gate";
import { UsageError, USAGE } from "./usage";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "ingest":
      return runIngest(rest);
    case "inventory":
      return runInventory(rest);
    case "score":
      return runScore(rest);
    case "import":
      return runImport(rest);
    case "probe":
      return runProbe(rest);
    case "report":
      return runReport(rest);
    case "policy":
      return runPolicy(rest);
    case "gate":
      return runGateCommand(rest);
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof EnvError || error instanceof DatabaseLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
