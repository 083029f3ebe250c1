import { describe, expect, it } from "vitest";
import { specHosts } from "./spec-hosts";

describe("specHosts", () => {
  it("reads OAS3 servers with variables and Swagger 2 hosts", () => {
    expect(specHosts({ servers: [{ url: "https://API.Example.com/v1" }, { url: "/relative" }, { url: "https://{region}.example.com", variables: { region: { default: "eu" } } }] })).toEqual(["api.example.com", "eu.example.com"]);
    expect(specHosts({ swagger: "2.0", host: "petstore.swagger.io:443" })).toEqual(["petstore.swagger.io"]);
    expect(specHosts({ servers: [{ url: "https://{tenant}.example.com" }] })).toEqual([]);
    expect(specHosts(null)).toEqual([]);
  });
});
