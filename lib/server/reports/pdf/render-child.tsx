// Renders one report PDF in its own process: reads {model, hash} as JSON on stdin,
// writes the PDF to the file named by argv[2], prints {bytes, pages, maxRssMb} as JSON.
// A separate process because @react-pdf/renderer cannot run under the "react-server"
// condition the server and the CLI load React with, and so a large report's memory
// is returned to the system as soon as it is written.
import { writeFileSync } from "node:fs";
import { renderReport } from "./document";

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: render-child <out.pdf> < {model, hash} JSON");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const { model, hash } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const { pdf, pages } = await renderReport(model, hash);
  writeFileSync(out, pdf);
  process.stdout.write(JSON.stringify({ bytes: pdf.length, pages, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
