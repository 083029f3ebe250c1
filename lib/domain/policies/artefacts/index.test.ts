import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ARTEFACT_KINDS, generateArtefacts, isArtefactKind } from "./index";
import { hostilePortfolio, portfolio, quietSet } from "./test-set";

describe("artefact kinds", () => {
  it("generates every kind, the same bytes twice, each file parseable", () => {
    expect(isArtefactKind("opa")).toBe(true);
    expect(isArtefactKind("terraform")).toBe(false);
    for (const set of [portfolio(), hostilePortfolio(), quietSet(), { ...quietSet(), entries: [] }]) {
      for (const kind of ARTEFACT_KINDS) {
        const files = generateArtefacts(kind, set);
        expect(files.length).toBe(kind === "opa" ? 2 : 1);
        expect(generateArtefacts(kind, structuredClone(set))).toEqual(files);
        for (const file of files) {
          expect(file.body.endsWith("\n")).toBe(true);
          if (file.contentType === "application/json") expect(() => JSON.parse(file.body)).not.toThrow();
          if (file.contentType === "application/yaml") {
            const docs = parseAllDocuments(file.body);
            expect(Array.isArray(docs) && docs.every((d) => d.errors.length === 0)).toBe(true);
          }
        }
      }
    }
  });
});
