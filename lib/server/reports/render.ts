import "server-only";
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ReportModel } from "@/lib/domain/reports/model";

export interface RenderedPdf {
  pdf: Buffer;
  pages: number;
  /** Peak resident memory of the renderer process. */
  maxRssMb: number;
}

/** How long one report may take to render before the renderer is stopped. */
export const RENDER_TIMEOUT_MS = 120_000;

function childScript(): string {
  // Resolved from the project root: the server (next start), the CLI and the tests all run there.
  return path.join(process.cwd(), "lib/server/reports/pdf/render-child.tsx");
}

/**
 * The model without what the PDF does not draw (every dependency and application row: the
 * summary carries the riskiest, the register the providers). The hash printed in the PDF is
 * still computed by the caller over the whole model.
 */
function forRendering(model: ReportModel): ReportModel {
  return { ...model, evidence: { ...model.evidence, dependencies: [], applications: [] } };
}

/** Renders a report PDF in a child process (see render-child.tsx for why). */
export async function renderPdf(model: ReportModel, hash: string): Promise<RenderedPdf> {
  const dir = await mkdtemp(path.join(tmpdir(), "sibyl-report-"));
  const out = path.join(dir, "report.pdf");
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", childScript(), out], {
        cwd: process.cwd(),
        env: { ...process.env, NODE_OPTIONS: "", NODE_ENV: "production" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdoutText = "";
      let stderrText = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), RENDER_TIMEOUT_MS);
      child.stdout.on("data", (d) => (stdoutText += d));
      child.stderr.on("data", (d) => (stderrText += d));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve(stdoutText);
        else reject(new Error(`PDF rendering failed (${signal ?? `exit ${code}`}): ${stderrText.trim().split("\n").slice(0, 3).join(" ") || "no message"}`));
      });
      child.stdin.end(JSON.stringify({ model: forRendering(model), hash }));
    });
    const info = JSON.parse(stdout) as { pages: number; maxRssMb: number };
    return { pdf: await readFile(out), pages: info.pages, maxRssMb: info.maxRssMb };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
