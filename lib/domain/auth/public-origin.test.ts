import { describe, expect, it } from "vitest";
import { publicRequestUrl } from "./public-origin";

const CALLBACK = "http://localhost:3000/api/auth/callback/oidc?code=abc&state=xyz";

describe("publicRequestUrl", () => {
  it("takes the origin from the Host header (next start reports localhost)", () => {
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "127.0.0.1:3202" }), undefined)).toBe("http://127.0.0.1:3202/api/auth/callback/oidc?code=abc&state=xyz");
  });

  it("prefers X-Forwarded-Host and X-Forwarded-Proto (behind a proxy)", () => {
    const headers = new Headers({ host: "localhost:3000", "x-forwarded-host": "sibyl.example.com", "x-forwarded-proto": "https" });
    expect(publicRequestUrl(CALLBACK, headers, undefined)).toBe("https://sibyl.example.com/api/auth/callback/oidc?code=abc&state=xyz");
  });

  it("uses the first value of a forwarding chain", () => {
    const headers = new Headers({ "x-forwarded-host": "sibyl.example.com, proxy.internal", "x-forwarded-proto": "https,http" });
    expect(publicRequestUrl(CALLBACK, headers, undefined)).toBe("https://sibyl.example.com/api/auth/callback/oidc?code=abc&state=xyz");
  });

  it("leaves the request alone when AUTH_URL is set, the origin already matches, or the host is not a host", () => {
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "sibyl.example.com" }), "https://sibyl.example.com")).toBeNull();
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "localhost:3000" }), undefined)).toBeNull();
    expect(publicRequestUrl(CALLBACK, new Headers(), undefined)).toBeNull();
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "evil.example/path" }), undefined)).toBeNull();
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "user@evil.example" }), undefined)).toBeNull();
  });

  it("normalises like the URL parser (default port, IPv6)", () => {
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "Sibyl.Example.com:80" }), undefined)).toBe("http://sibyl.example.com/api/auth/callback/oidc?code=abc&state=xyz");
    expect(publicRequestUrl(CALLBACK, new Headers({ host: "[::1]:3202" }), undefined)).toBe("http://[::1]:3202/api/auth/callback/oidc?code=abc&state=xyz");
  });
});
