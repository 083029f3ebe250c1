import { describe, expect, it } from "vitest";
import { reportRequestSchema } from "./reports";

describe("report request", () => {
  it("names a bad date once, and compares the period only between real dates", () => {
    const bad = reportRequestSchema.safeParse({ framework: "iso27001", from: "2026-13-01", to: "2026-12-01" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["from", "Not a calendar date."]]);
    const reversed = reportRequestSchema.safeParse({ framework: "iso27001", from: "2026-12-02", to: "2026-12-01" });
    expect(reversed.error?.issues.map((i) => i.message)).toEqual(["The period starts after it ends."]);
    expect(reportRequestSchema.safeParse({ framework: "iso27001", scope: "team:payments", from: "2026-09-01", to: "2026-11-30" }).success).toBe(true);
    expect(reportRequestSchema.safeParse({ framework: "iso27001", scope: "team:Bad Slug" }).success).toBe(false);
  });
});
