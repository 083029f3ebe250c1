// EU DORA register of information (Commission Implementing Regulation (EU)
// 2024/2956, Annex I): the three templates a third-party API register can
// start — B_05.01 ICT third-party service providers, B_06.01 functions,
// B_07.01 assessment of ICT services — with only the cells Sibyl knows filled.
//
// Column codes and names follow Annex I of the Regulation (the order the EBA
// reporting taxonomy and the open-source exporters use). Sibyl holds no LEIs,
// contracts, costs, headquarters, RTO/RPO or exit plans, so those cells stay
// empty (null → empty CSV cell) and each is listed as a gap: never guessed.
//
// Row keys: B_05.01's key column c0010 is the provider's LEI (or another
// official code), which Sibyl does not hold. Rather than put a Sibyl slug in a
// column whose meaning is an official identifier, every table carries its rows'
// Sibyl keys (provider or application slug) in `keys`, beside the template
// columns; doraCsv writes them only when asked ({ withKey: true }) as a leading
// "sibyl_key" column, for a working copy to complete before filing.

import { toCsv } from "../../export/csv";
import type { ControlAssessment, ControlStatus, Framework, FrameworkAssessment } from "../controls";
import type { ReportEvidence } from "../evidence";
import { control, names, plural } from "./common";

const NAME = "EU DORA register of information (Implementing Regulation (EU) 2024/2956)";

export type DoraTemplate = "B_05.01" | "B_06.01" | "B_07.01";

export interface DoraColumn {
  code: string;
  name: string;
  /** Why Sibyl leaves the column empty (when it does). */
  notHeld?: string;
}

export interface DoraTable {
  template: DoraTemplate;
  name: string;
  columns: DoraColumn[];
  rows: Record<string, string | null>[];
  /** Sibyl key of each row (provider or application slug), same order as rows; not a template column. */
  keys: string[];
}

/** Applications of this tier or more critical are reported as supporting a critical or important function. */
export const DORA_CRITICAL_MAX_TIER = 1;
/** B_06.01 c0050 value for a critical or important function. */
export const DORA_CRITICAL_YES = "Yes";

const NO_LEI = "Sibyl holds no LEI or other official identification code";

export const B_05_01_COLUMNS: DoraColumn[] = [
  { code: "c0010", name: "Identification code of the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0020", name: "Type of code to identify the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0030", name: "Additional identification code of the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0040", name: "Type of additional identification code of the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0050", name: "Legal name of the ICT third-party service provider", notHeld: "Sibyl holds trading names, not legal names" },
  { code: "c0060", name: "Name of the ICT third-party service provider in Latin alphabet" },
  { code: "c0070", name: "Type of person of the ICT third-party service provider", notHeld: "Sibyl does not record whether the provider is a legal or natural person" },
  { code: "c0080", name: "Country of the ICT third-party service provider's headquarters", notHeld: "Sibyl holds no headquarters country" },
  { code: "c0090", name: "Currency of the amount reported in B_05.01.0100", notHeld: "Sibyl holds no cost data" },
  { code: "c0100", name: "Total annual expense or estimated cost of the ICT third-party service provider", notHeld: "Sibyl holds no cost data" },
  { code: "c0110", name: "Identification code of the ICT third-party service provider's ultimate parent undertaking", notHeld: "Sibyl holds no corporate structure" },
  { code: "c0120", name: "Type of code to identify the ICT third-party service provider's ultimate parent undertaking", notHeld: "Sibyl holds no corporate structure" },
];

export const B_06_01_COLUMNS: DoraColumn[] = [
  { code: "c0010", name: "Function identifier", notHeld: "Function identifiers (F1, F2 …) are assigned by the financial entity; rows are keyed by application slug" },
  { code: "c0020", name: "Licenced activity", notHeld: "Sibyl holds no licensed activities" },
  { code: "c0030", name: "Function name" },
  { code: "c0040", name: "LEI of the financial entity", notHeld: "Sibyl holds no LEI of the financial entity" },
  { code: "c0050", name: "Criticality or importance assessment", notHeld: `Only applications of tier ${DORA_CRITICAL_MAX_TIER} are known to be critical; the DORA assessment of the others is the entity's` },
  { code: "c0060", name: "Reasons for criticality or importance", notHeld: "Reasons are only known for the declared tier-1 applications" },
  { code: "c0070", name: "Date of the last assessment of criticality or importance", notHeld: "Sibyl does not record when criticality was assessed" },
  { code: "c0080", name: "Recovery time objective of the function", notHeld: "Sibyl holds no RTO" },
  { code: "c0090", name: "Recovery point objective of the function", notHeld: "Sibyl holds no RPO" },
  { code: "c0100", name: "Impact of discontinuing the function", notHeld: "Sibyl holds no business impact analysis" },
];

export const B_07_01_COLUMNS: DoraColumn[] = [
  { code: "c0010", name: "Contractual arrangement reference number", notHeld: "Sibyl holds no contract data" },
  { code: "c0020", name: "Identification code of the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0030", name: "Type of code to identify the ICT third-party service provider", notHeld: NO_LEI },
  { code: "c0040", name: "Type of ICT services", notHeld: "Sibyl's provider categories are not the Annex III service types; classify outside Sibyl" },
  { code: "c0050", name: "Substitutability of the ICT third-party service provider", notHeld: "Sibyl holds no substitutability assessment" },
  { code: "c0060", name: "Reason if the ICT third-party service provider is considered not substitutable or difficult to be substitutable", notHeld: "Sibyl holds no substitutability assessment" },
  { code: "c0070", name: "Date of the last audit on the ICT third-party service provider", notHeld: "Sibyl's automated assessment is not an audit; record audit dates outside Sibyl" },
  { code: "c0080", name: "Existence of an exit plan", notHeld: "Sibyl holds no exit plans" },
  { code: "c0090", name: "Possibility of reintegration of the contracted ICT service", notHeld: "Sibyl holds no reintegration assessment" },
  { code: "c0100", name: "Impact of discontinuing the ICT services", notHeld: "Sibyl holds no business impact analysis" },
  { code: "c0110", name: "Are there alternative ICT third-party service providers identified?", notHeld: "Sibyl does not record alternative providers" },
  { code: "c0120", name: "Identification of alternative ICT TPP", notHeld: "Sibyl does not record alternative providers" },
];

function emptyRow(columns: DoraColumn[]): Record<string, string | null> {
  return Object.fromEntries(columns.map((c) => [c.code, null]));
}

const bySlug = <T>(slug: (x: T) => string) => (a: T, b: T) => (slug(a) < slug(b) ? -1 : slug(a) > slug(b) ? 1 : 0);

export function doraProviders(evidence: ReportEvidence): DoraTable {
  const entries = [...evidence.register].sort(bySlug((e) => e.providerSlug));
  return {
    template: "B_05.01",
    name: "ICT third-party service providers",
    columns: B_05_01_COLUMNS,
    rows: entries.map((e) => ({ ...emptyRow(B_05_01_COLUMNS), c0060: e.providerName })),
    keys: entries.map((e) => e.providerSlug),
  };
}

export function doraFunctions(evidence: ReportEvidence): DoraTable {
  const apps = [...evidence.applications].sort(bySlug((a) => a.slug));
  return {
    template: "B_06.01",
    name: "Functions identification",
    columns: B_06_01_COLUMNS,
    rows: apps.map((a) => {
      const critical = a.criticality <= DORA_CRITICAL_MAX_TIER;
      return {
        ...emptyRow(B_06_01_COLUMNS),
        c0030: a.name,
        c0050: critical ? DORA_CRITICAL_YES : null,
        c0060: critical ? `Declared tier ${a.criticality} (mission critical) in Sibyl` : null,
      };
    }),
    keys: apps.map((a) => a.slug),
  };
}

/** B_07.01 covers ICT services supporting critical or important functions: providers a tier-1 application depends on. */
export function doraAssessments(evidence: ReportEvidence): DoraTable {
  const entries = evidence.register.filter((e) => e.supportsCriticalApplication).sort(bySlug((e) => e.providerSlug));
  return {
    template: "B_07.01",
    name: "Assessment of the ICT services",
    columns: B_07_01_COLUMNS,
    rows: entries.map(() => emptyRow(B_07_01_COLUMNS)),
    keys: entries.map((e) => e.providerSlug),
  };
}

/** The three templates, in template order. */
export function doraRegister(evidence: ReportEvidence): DoraTable[] {
  return [doraProviders(evidence), doraFunctions(evidence), doraAssessments(evidence)];
}

/** RFC 4180 CSV with the template's column codes as the header; null cells are empty; formulas neutralised. */
export function doraCsv(table: DoraTable, options: { withKey?: boolean } = {}): string {
  const indexed = table.rows.map((row, i) => ({ row, key: table.keys[i] ?? null }));
  const columns = table.columns.map((c) => ({ header: c.code, value: (r: (typeof indexed)[number]) => r.row[c.code] ?? null }));
  return toCsv(indexed, options.withKey ? [{ header: "sibyl_key", value: (r: (typeof indexed)[number]) => r.key }, ...columns] : columns);
}

/** Columns empty in every row, and columns empty in some rows only. */
export function doraColumnFill(table: DoraTable): { filled: DoraColumn[]; empty: DoraColumn[]; partial: { column: DoraColumn; emptyRows: number }[] } {
  const filled: DoraColumn[] = [];
  const empty: DoraColumn[] = [];
  const partial: { column: DoraColumn; emptyRows: number }[] = [];
  for (const c of table.columns) {
    const emptyRows = table.rows.filter((r) => r[c.code] === null || r[c.code] === undefined || r[c.code] === "").length;
    if (table.rows.length === 0 || emptyRows === table.rows.length) empty.push(c);
    else {
      filled.push(c);
      if (emptyRows > 0) partial.push({ column: c, emptyRows });
    }
  }
  return { filled, empty, partial };
}

function templateControl(table: DoraTable, title: string, rowsWord: string, whenEmpty: { status: ControlStatus; why: string }): ControlAssessment {
  const { filled, empty, partial } = doraColumnFill(table);
  const codes = (cs: DoraColumn[]) => (cs.length ? cs.map((c) => c.code).join(", ") : "none");
  if (table.rows.length === 0) {
    const rule = `${table.template} ${table.name}: ${whenEmpty.status === "not_applicable" ? "not applicable" : "not supported"}, as ${whenEmpty.why}`;
    return control(table.template, title, whenEmpty.status, rule, [], whenEmpty.status === "not_applicable" ? [] : [whenEmpty.why]);
  }
  const status: ControlStatus = filled.length > 0 ? "partially_supported" : "not_supported";
  const rule = `${table.template} ${table.name}: at most partially supported, as mandatory columns need data Sibyl does not hold; partially when Sibyl fills at least one column, else not supported; Sibyl fills ${filled.length} of ${table.columns.length} columns (${codes(filled)}) for ${plural(table.rows.length, rowsWord)}`;
  const gaps = [
    ...empty.map((c) => `${c.code} ${c.name}: ${c.notHeld ?? "not held by Sibyl"}`),
    ...partial.map((p) => `${p.column.code} ${p.column.name}: empty for ${p.emptyRows} of ${table.rows.length} rows (${p.column.notHeld ?? "not held by Sibyl"})`),
  ];
  return control(table.template, title, status, rule, [`Filled: ${codes(filled)}`, `Rows: ${names(table.keys)}`], gaps);
}

export const dora: Framework = {
  id: "dora",
  name: NAME,
  shortName: "DORA",
  assess(evidence: ReportEvidence): FrameworkAssessment {
    const [providers, functions, assessments] = doraRegister(evidence);
    const critical = evidence.register.filter((e) => e.supportsCriticalApplication);
    const b0701 = templateControl(assessments, "Assessment of the ICT services supporting critical or important functions", "provider", {
      status: "not_applicable",
      why: `no provider in scope supports an application of tier ${DORA_CRITICAL_MAX_TIER} (a critical or important function)`,
    });
    if (critical.length > 0) {
      b0701.evidence.push(...critical.map((e) => `${e.providerName}: Sibyl's last automated assessment ${e.assessedAt ? e.assessedAt.slice(0, 10) : "never"}, grade ${e.grade ?? "none"} (not an audit)`));
    }
    return {
      framework: "dora",
      name: NAME,
      scopeNote:
        "Starts three templates of the register of information from Sibyl's evidence: B_05.01 (one row per provider in use), B_06.01 (one row per application in scope, as a function) and B_07.01 (one row per provider supporting a tier-1 application). Only cells Sibyl knows are filled; every empty column is listed as a gap. Contracts (B_02), LEIs, costs, RTO/RPO, substitutability and exit plans must be completed outside Sibyl before filing.",
      controls: [
        templateControl(providers, "ICT third-party service providers", "provider", { status: "not_supported", why: "Sibyl observed no provider in use in this scope" }),
        templateControl(functions, "Functions identification and their criticality", "application", { status: "not_supported", why: "there is no application in scope" }),
        b0701,
      ],
    };
  },
};
