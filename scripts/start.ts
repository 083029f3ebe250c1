// npm start: serves the production build (run `npm run build` first) on PORT (default 3000) and
// HOSTNAME (default 0.0.0.0). `next start` listens on a loopback port; this front process answers
// gateways' bearer-token decisions itself (lib/server/edge/front.ts) and proxies everything else to it.
// On the embedded database (no DATABASE_URL) only one process may open it: the front process then
// proxies everything, and Next.js answers decisions as well.
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { getDatabase } from "@/lib/server/db";
import { createFrontServer } from "@/lib/server/edge/front";
import { env } from "@/lib/server/env";
import { warmReceiveProcess } from "@/lib/server/otlp/receive-process";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForPort(port: number, child: { exitCode: number | null }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`next start did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOSTNAME ?? "0.0.0.0";
  const upstreamPort = await freePort();
  const next = spawn(process.execPath, [path.join(process.cwd(), "node_modules/next/dist/bin/next"), "start", "-p", String(upstreamPort), "-H", "127.0.0.1"], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  const stop = () => {
    next.kill("SIGTERM");
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  next.on("exit", (code) => process.exit(code ?? 0));
  const handle = env().DATABASE_URL ? await getDatabase() : null;
  // OTLP exports are decoded and queued in a process of its own (lib/server/otlp/receive-process.ts): started
  // now, beside next start, and waited for until it has compiled its decoder and opened its pool.
  const receiverReady = handle ? warmReceiveProcess(handle) : Promise.resolve();
  await waitForPort(upstreamPort, next, 120_000);
  await receiverReady;
  const server = createFrontServer({ handle, upstreamPort });
  server.keepAliveTimeout = 65_000;
  server.listen(port, hostname, () => console.log(`Sibyl listening on http://${hostname}:${port} (decisions answered here${handle ? "" : " by Next.js: embedded database"}; the app on 127.0.0.1:${upstreamPort})`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
