// Loopback TLS servers with certificates made by `openssl` at test time (a private CA, valid,
// self-signed, expired, wrong-host, RSA 1024 and EC P-256 leaves), probed and graded end to end;
// plus the HTTP probe against a loopback HTTPS server. Nothing leaves 127.0.0.1.
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeHttpHygiene } from "@/lib/domain/scoring/http-grade";
import { gradeTls, transportFactor } from "@/lib/domain/scoring/tls-grade";
import { probeHttp } from "./http";
import { cipherBits, probeMany, probeTls, signatureAlgorithmFromDer } from "./tls";

type Leaf = { key: string; cert: string };
let dir = "";
let ca = "";
const leaves: Record<string, Leaf> = {};
const servers: net.Server[] = [];
const ports: Record<string, number> = {};

function openssl(args: string[], env: Record<string, string> = {}) {
  execFileSync("openssl", args, { cwd: dir, stdio: "pipe", env: { ...process.env, ...env } });
}

/** A leaf signed by the test CA through `openssl ca`, which (unlike `x509 -req` in OpenSSL 3.0) accepts a backdated -startdate. */
function issue(name: string, keyArgs: string[], san: string, dates: string[] = ["-days", "30"]): Leaf {
  openssl(["req", "-new", "-nodes", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
  openssl(["ca", "-batch", "-config", "ca.cnf", "-in", `${name}.csr`, "-out", `${name}.pem`, "-extensions", "leaf_ext", "-notext", ...dates], { SAN: san });
  return { key: fs.readFileSync(path.join(dir, `${name}.key`), "utf8"), cert: fs.readFileSync(path.join(dir, `${name}.pem`), "utf8") };
}

function makePki() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-tls-"));
  fs.mkdirSync(path.join(dir, "db"));
  fs.writeFileSync(path.join(dir, "db/index.txt"), "");
  fs.writeFileSync(path.join(dir, "db/serial"), "1000\n");
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    ["[ca]", "default_ca = test_ca", "[test_ca]", "database = ./db/index.txt", "serial = ./db/serial", "new_certs_dir = ./db", "certificate = ./ca.pem", "private_key = ./ca.key",
      "default_md = sha256", "policy = any", "unique_subject = no", "copy_extensions = none", "[any]", "commonName = supplied", "[leaf_ext]", "basicConstraints = CA:FALSE", "subjectAltName = ${ENV::SAN}", ""].join("\n"),
  );
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Sibyl Test CA",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  ca = fs.readFileSync(path.join(dir, "ca.pem"), "utf8");
  const local = "DNS:localhost,IP:127.0.0.1";
  leaves.valid = issue("valid", ["-newkey", "rsa:2048"], local);
  leaves.expired = issue("expired", ["-newkey", "rsa:2048"], local, ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"]);
  leaves.wrongHost = issue("wrong-host", ["-newkey", "rsa:2048"], "DNS:other.example");
  leaves.rsa1024 = issue("rsa1024", ["-newkey", "rsa:1024"], local);
  leaves.ec = issue("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], local);
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out", "self.pem", "-days", "30", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]);
  leaves.selfSigned = { key: fs.readFileSync(path.join(dir, "self.key"), "utf8"), cert: fs.readFileSync(path.join(dir, "self.pem"), "utf8") };
}

const sockets = new Set<net.Socket>();
async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.on("connection", (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}
const tlsServer = (leaf: Leaf, options: tls.TlsOptions = {}) => listen(tls.createServer({ ...leaf, ...options }, (socket) => socket.end()));

beforeAll(async () => {
  makePki();
  ports.valid = await tlsServer(leaves.valid);
  ports.selfSigned = await tlsServer(leaves.selfSigned);
  ports.expired = await tlsServer(leaves.expired);
  ports.wrongHost = await tlsServer(leaves.wrongHost);
  ports.rsa1024 = await tlsServer(leaves.rsa1024, { ciphers: "DEFAULT@SECLEVEL=0" });
  ports.ec = await tlsServer(leaves.ec);
  ports.legacy = await tlsServer(leaves.valid, { minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" });
  ports.tls13 = await tlsServer(leaves.valid, { minVersion: "TLSv1.3" });
  ports.silent = await listen(net.createServer(() => undefined));
  const closed = net.createServer();
  ports.closed = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => {
    const { port } = closed.address() as net.AddressInfo;
    closed.close(() => resolve(port));
  }));
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const probe = (port: number, extra: { ca?: string; timeoutMs?: number } = { ca }) => probeTls("localhost", { port, timeoutMs: 3000, ...extra });
const YEAR = { maxAge: 31_536_000 };

describe("probeTls + gradeTls on loopback servers", { timeout: 20_000 }, () => {
  it("grades a valid RSA 2048 chain A, A+ with HSTS, with SSL Labs' numbers", async () => {
    const result = await probe(ports.valid);
    expect(result.error).toBeNull();
    expect(result.protocols["TLSv1.2"]).toBe(true);
    expect(result.protocols["TLSv1.3"]).toBe(true);
    expect(result.certificate).toMatchObject({ trusted: true, selfSigned: false, expired: false, hostnameMatch: true, keyType: "RSA", keyBits: 2048, signatureAlgorithm: "sha256WithRSAEncryption", chainLength: 2, subject: "CN=valid", issuer: "CN=Sibyl Test CA" });
    expect(result.negotiated).toMatchObject({ protocol: "TLSv1.3", forwardSecrecy: true, aead: true, cipherBits: 256 });
    expect(result.cipherSummary).toMatchObject({ bestBits: 256, worstBits: 128 });
    const grade = gradeTls(result);
    // protocol 100, key exchange 90 (RSA 2048 < 4096), cipher (100 + 80) / 2 = 90 → 30 + 27 + 36
    expect(grade).toMatchObject({ protocolScore: 100, keyExchangeScore: 90, cipherScore: 90, score: 93, grade: "A", caps: [] });
    expect(grade.warnings).toEqual(["HSTS is not offered"]);
    expect(gradeTls(result, YEAR).grade).toBe("A+");
    expect(transportFactor(result, { hstsMaxAge: YEAR.maxAge }).subscore).toBe(100);
    const factor = transportFactor(result);
    expect(factor.subscore).toBe(95);
    expect(factor.caps).toEqual([]);
    expect(factor.improvements).toContainEqual(expect.objectContaining({ action: expect.stringMatching(/Strict-Transport-Security/), subscoreAfter: 100 }));
    expect(JSON.parse(JSON.stringify(factor.evidence))).toEqual(factor.evidence);
  });

  it("grades an EC P-256 leaf with full key-exchange marks", async () => {
    const result = await probe(ports.ec);
    expect(result.certificate).toMatchObject({ keyType: "EC", keyBits: 256, signatureAlgorithm: "sha256WithRSAEncryption" });
    expect(gradeTls(result)).toMatchObject({ keyExchangeScore: 100, score: 96, grade: "A" });
  });

  it("reads the signature algorithm from the DER as openssl does", () => {
    const der = new X509Certificate(leaves.ec.cert).raw;
    const text = execFileSync("openssl", ["x509", "-noout", "-text"], { input: leaves.ec.cert }).toString();
    expect(text).toContain(`Signature Algorithm: ${signatureAlgorithmFromDer(der)}`);
    const selfDer = new X509Certificate(leaves.selfSigned.cert).raw;
    expect(signatureAlgorithmFromDer(selfDer)).toBe("sha256WithRSAEncryption");
    expect(signatureAlgorithmFromDer(Buffer.from([0x30, 0x82, 0xff]))).toBeNull();
  });

  it("caps a self-signed certificate at T", async () => {
    const result = await probe(ports.selfSigned);
    expect(result.certificate).toMatchObject({ trusted: false, selfSigned: true, authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT" });
    const grade = gradeTls(result, YEAR);
    expect(grade.grade).toBe("T");
    expect(grade.score).toBe(0);
    const factor = transportFactor(result);
    expect(factor.subscore).toBe(0);
    expect(factor.caps).toEqual([expect.objectContaining({ id: "transport.self-signed-certificate", factor: "transport", maxGrade: "F" })]);
  });

  it("caps a chain to an unknown CA at T when the test CA is not passed", async () => {
    const result = await probe(ports.valid, {});
    expect(result.certificate).toMatchObject({ trusted: false, selfSigned: false, authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" });
    expect(gradeTls(result).caps.map((c) => c.id)).toEqual(["transport.untrusted-certificate"]);
    expect(gradeTls(result).grade).toBe("T");
  });

  it("caps an expired certificate at T, caps the reputation at F and proposes renewing it", async () => {
    const result = await probe(ports.expired);
    expect(result.certificate).toMatchObject({ expired: true, trusted: false, authorizationError: "CERT_HAS_EXPIRED", notAfter: "2020-02-01T00:00:00.000Z" });
    expect(result.certificate?.daysLeft).toBeLessThan(0);
    expect(gradeTls(result).grade).toBe("T");
    const factor = transportFactor(result, { hstsMaxAge: YEAR.maxAge });
    expect(factor.subscore).toBe(0);
    expect(factor.caps).toEqual([expect.objectContaining({ id: "transport.expired-certificate", maxGrade: "F" })]);
    expect(factor.improvements).toContainEqual({ factor: "transport", action: "Renew the certificate", subscoreAfter: 100, removesCaps: ["transport.expired-certificate"] });
  });

  it("marks a certificate for another host M", async () => {
    const result = await probe(ports.wrongHost);
    expect(result.certificate).toMatchObject({ trusted: true, hostnameMatch: false });
    expect(gradeTls(result).grade).toBe("M");
    const factor = transportFactor(result);
    expect(factor.caps).toEqual([expect.objectContaining({ id: "transport.hostname-mismatch", maxGrade: "F" })]);
    expect(factor.improvements[0].action).toBe("Use a certificate whose names cover localhost");
  });

  it("caps an RSA 1024 key at B (key exchange 80, as testssl.sh's ladder has it)", async () => {
    const result = await probe(ports.rsa1024);
    expect(result.certificate).toMatchObject({ keyType: "RSA", keyBits: 1024 });
    const grade = gradeTls(result, YEAR);
    expect(grade).toMatchObject({ keyExchangeScore: 80, grade: "B" });
    expect(grade.caps.map((c) => c.id)).toEqual(["transport.weak-key"]);
    const factor = transportFactor(result, { hstsMaxAge: YEAR.maxAge });
    expect(factor.improvements).toContainEqual(expect.objectContaining({ action: "Use a 2048-bit or larger RSA key or an EC key", subscoreAfter: 100 }));
  });

  it("caps a server offering TLS 1.0 and 1.1 at B — or says honestly that they could not be tested", async () => {
    const result = await probe(ports.legacy);
    if (result.untestable.includes("TLSv1")) {
      expect(result.protocols.TLSv1).toBeNull();
      expect(gradeTls(result).notes.join(" ")).toMatch(/TLSv1 could not be tested/);
      return;
    }
    expect(result.protocols).toEqual({ TLSv1: true, "TLSv1.1": true, "TLSv1.2": true, "TLSv1.3": true });
    const grade = gradeTls(result, YEAR);
    expect(grade).toMatchObject({ protocolScore: 95, grade: "B" });
    expect(grade.caps.map((c) => c.id)).toEqual(["transport.tls10", "transport.tls11"]);
    const factor = transportFactor(result, { hstsMaxAge: YEAR.maxAge });
    expect(factor.subscore).toBe(89);
    expect(factor.improvements).toContainEqual({ factor: "transport", action: "Disable TLS 1.0 and 1.1", subscoreAfter: 100, removesCaps: ["transport.tls10", "transport.tls11"] });
  });

  it("sees a TLS 1.3-only server as such, without the no-TLS-1.2 cap", async () => {
    const result = await probe(ports.tls13);
    expect(result.protocols).toMatchObject({ TLSv1: false, "TLSv1.1": false, "TLSv1.2": false, "TLSv1.3": true });
    expect(gradeTls(result, YEAR)).toMatchObject({ grade: "A+", caps: [] });
  });

  it("resolves a silent port with a timeout error within the deadline, and a closed port at once", async () => {
    let started = Date.now();
    const silent = await probe(ports.silent, { timeoutMs: 800 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(silent.error).toMatch(/timeout after 800 ms \(TCP connected, no TLS answer\)/);
    expect(silent.certificate).toBeNull();
    expect(transportFactor(silent).subscore).toBeNull();
    started = Date.now();
    const closed = await probe(ports.closed);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(closed.error).toMatch(/ECONNREFUSED/);
  });

  it("probes many targets with a concurrency limit, keeping their order", async () => {
    const targets = [ports.valid, ports.silent, ports.ec, ports.closed].map((port) => ({ host: "localhost", port }));
    const started = Date.now();
    const results = await probeMany(targets, { concurrency: 4, ca, timeoutMs: 800 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(results.map((r) => r.port)).toEqual(targets.map((t) => t.port));
    expect(results.map((r) => r.error === null)).toEqual([true, false, true, false]);
  });
});

describe("gradeTls rules on synthetic results", () => {
  const base = () => ({
    host: "api.example", port: 443, probedAt: "2026-01-01T00:00:00.000Z", untestable: [], error: null,
    protocols: { TLSv1: false, "TLSv1.1": false, "TLSv1.2": true, "TLSv1.3": true },
    certificate: { subject: "CN=api.example", issuer: "CN=CA", trusted: true, authorizationError: null, selfSigned: false, expired: false, notYetValid: false, notBefore: "2025-12-01T00:00:00.000Z", notAfter: "2026-12-01T00:00:00.000Z", daysLeft: 334, keyType: "RSA" as const, keyBits: 2048, signatureAlgorithm: "sha256WithRSAEncryption", hostnameMatch: true, chainLength: 2 },
    negotiated: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256, forwardSecrecy: true, aead: true, ephemeralKey: { type: "ECDH", name: "X25519", bits: 253 } },
    cipherSummary: { bestBits: 256, worstBits: 128, weakestCipher: "TLS_AES_128_GCM_SHA256", forwardSecrecy: true, aead: true, accepted: [] },
  });

  it("caps at C without TLS 1.2 or 1.3, at B without forward secrecy or AEAD, at F for NULL ciphers and RSA 512", () => {
    const noTls12 = { ...base(), protocols: { TLSv1: true, "TLSv1.1": true, "TLSv1.2": false, "TLSv1.3": false } };
    expect(gradeTls(noTls12).grade).toBe("C");
    const noFs = { ...base(), protocols: { TLSv1: false, "TLSv1.1": false, "TLSv1.2": true, "TLSv1.3": false }, cipherSummary: { ...base().cipherSummary, forwardSecrecy: false, aead: false } };
    expect(gradeTls(noFs, YEAR).caps.map((c) => c.id)).toEqual(["transport.no-forward-secrecy", "transport.no-aead"]);
    expect(gradeTls(noFs, YEAR).grade).toBe("B");
    const nullCipher = { ...base(), cipherSummary: { ...base().cipherSummary, worstBits: 0, weakestCipher: "TLS_RSA_WITH_NULL_SHA" } };
    expect(gradeTls(nullCipher)).toMatchObject({ grade: "F", score: 0, cipherScore: 50 });
    const rsa512 = { ...base(), certificate: { ...base().certificate, keyBits: 512 } };
    expect(gradeTls(rsa512)).toMatchObject({ keyExchangeScore: 40, grade: "F" });
    expect(transportFactor(rsa512).caps).toEqual([expect.objectContaining({ id: "transport.insecure-key", maxGrade: "D" })]);
    const dh1024 = { ...base(), negotiated: { ...base().negotiated, ephemeralKey: { type: "DH", name: null, bits: 1024 } } };
    expect(gradeTls(dh1024).keyExchangeScore).toBe(80);
    const sha1 = { ...base(), certificate: { ...base().certificate, signatureAlgorithm: "sha1WithRSAEncryption" } };
    expect(gradeTls(sha1).grade).toBe("T");
  });

  it("keeps A+ for no caps and no warnings only, and maps grades into Sibyl bands", () => {
    expect(gradeTls(base(), { maxAge: 100 * 86400 })).toMatchObject({ grade: "A", warnings: [expect.stringMatching(/too short/)] });
    expect(transportFactor(base(), { hstsMaxAge: 31_536_000 }).subscore).toBe(100);
    expect(transportFactor(base()).subscore).toBe(95);
    expect(transportFactor(base()).summary).toBe("TLS 1.2 and 1.3, RSA 2048, ECDHE (X25519), TLS_AES_256_GCM_SHA384: SSL Labs-style grade A (93)");
  });

  it("maps cipher names to key sizes", () => {
    expect(["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "DES-CBC3-SHA", "RC4-SHA", "TLS_RSA_WITH_NULL_SHA", "EXP-RC4-MD5", "DES-CBC-SHA"].map(cipherBits)).toEqual([256, 256, 128, 112, 128, 0, 40, 56]);
  });
});

describe("probeHttp on a loopback HTTPS server", { timeout: 20_000 }, () => {
  let port = 0;
  beforeAll(async () => {
    const server = https.createServer({ ...leaves.valid }, (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.url === "/start") return void res.writeHead(302, { location: "/v1/" }).end();
      if (req.url === "/loop") return void res.writeHead(302, { location: "/loop" }).end();
      const origin = req.headers.origin;
      res.writeHead(200, {
        "content-type": "application/json",
        "strict-transport-security": "max-age=31536000",
        "x-content-type-options": "nosniff",
        server: "nginx/1.25.3",
        "set-cookie": ["sessionid=abc; Secure; Path=/"],
        ...(origin ? { "access-control-allow-origin": origin, "access-control-allow-credentials": "true" } : {}),
      });
      res.end(JSON.stringify({ padding: "x".repeat(200_000) }));
    });
    port = await listen(server);
  });

  it("follows a redirect, captures headers and the CORS answer to a random foreign origin", async () => {
    const result = await probeHttp("localhost", { port, path: "/start", ca, timeoutMs: 3000 });
    expect(result).toMatchObject({ url: `https://localhost:${port}/v1/`, status: 200, verified: true, error: null });
    expect(result.headers).toContainEqual(["set-cookie", "sessionid=abc; Secure; Path=/"]);
    expect(result.cors?.origin).toMatch(/^https:\/\/sibyl-probe-[0-9a-f]{12}\.example$/);
    expect(result.cors).toMatchObject({ allowOrigin: result.cors?.origin, allowCredentials: "true" });
    const graded = gradeHttpHygiene(result);
    expect(graded.tests.find((t) => t.id === "cross-origin-resource-sharing")?.modifier).toBe(-50);
    expect(graded.tests.find((t) => t.id === "cookies")?.result).toBe("cookies-session-without-httponly-flag");
  });

  it("stops after three redirects, reports an untrusted chain, and fails fast on a closed port", async () => {
    const loop = await probeHttp("localhost", { port, path: "/loop", ca, timeoutMs: 3000 });
    expect(loop.status).toBe(302);
    expect((await probeHttp("localhost", { port, timeoutMs: 3000 })).verified).toBe(false);
    const closed = await probeHttp("127.0.0.1", { port: ports.closed, timeoutMs: 3000 });
    expect(closed.error).toMatch(/ECONNREFUSED/);
    expect(closed.status).toBeNull();
  });

  it("times out on a silent port", async () => {
    const started = Date.now();
    const silent = await probeHttp("127.0.0.1", { port: ports.silent, timeoutMs: 500 });
    expect(silent.error).toMatch(/timeout after 500 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
