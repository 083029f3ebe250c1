// Golden file: the scores of a fixed set of providers with fixed evidence. Any
// change to the model, a factor or a grading rule shows up as a diff of
// test/golden/reputation-scores.json for review. After a deliberate change:
//   UPDATE_GOLDEN=1 npx vitest run --project unit lib/domain/scoring/golden.test.ts
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildDemoSignals } from "../demo/signals";
import { authenticationFactor, complianceFactor, incidentsFactor, reliabilityFactor } from "./analyst-factors";
import { httpHygieneFactor } from "./http-grade";
import { computeReputation, DEFAULT_WEIGHTS } from "./model";
import { transportFactor } from "./tls-grade";
import type { FactorResult } from "./types";

const GOLDEN = path.resolve(__dirname, "../../../test/golden/reputation-scores.json");
const NOW = new Date("2026-11-01T12:00:00Z");
const PROVIDERS = ["stripe", "twilio", "okta", "shippo", "datadog", "openai", "sendgrid", "algolia", "plaid", "segment", "zendesk", "github"];

function scoreFor(slug: string, index: number) {
  const s = buildDemoSignals(slug, `api.${slug}.example`, index, NOW);
  const factors: FactorResult[] = [
    transportFactor(s.tls, { hstsMaxAge: s.hstsMaxAge ?? undefined }),
    httpHygieneFactor(s.http),
    authenticationFactor({ ...s.auth, source: "analyst" }),
    complianceFactor(s.attestations, NOW),
    incidentsFactor(s.incidents.map((i, k) => ({ ...i, id: String(k), sourceUrl: null })), NOW),
    reliabilityFactor({ calls: 1000 + index * 500, errors: index * 3, latencyMsSum: (1000 + index * 500) * (120 + index * 40), latencySamples: 1000 + index * 500 }),
  ];
  const r = computeReputation(factors, { version: 1, weights: DEFAULT_WEIGHTS });
  return {
    provider: slug,
    score: r.score,
    grade: r.grade,
    confidence: r.confidence,
    factors: Object.fromEntries(r.factors.map((f) => [f.name, f.subscore])),
    caps: r.caps.map((c) => `${c.factor}: ${c.reason} (max ${c.maxGrade})`),
    topFix: r.improvements[0] ? `${r.improvements[0].action} → ${r.improvements[0].projectedScore}` : null,
  };
}

describe("golden reputation scores", () => {
  it("match the reviewed golden file", () => {
    const actual = PROVIDERS.map((slug, i) => scoreFor(slug, i));
    if (process.env.UPDATE_GOLDEN === "1" || !fs.existsSync(GOLDEN)) {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
    }
    expect(actual).toEqual(JSON.parse(fs.readFileSync(GOLDEN, "utf8")));
  });
});
