// The input and output shapes of the egress-enforcement artefacts: the set of
// dependencies in scope with their current policy decision, and the files a
// platform engineer downloads to enforce the blocked ones.

import type { PolicyAction } from "../types";

export interface EnforcementEntry {
  /** Application slug (also assumed to be its Kubernetes service account name). */
  application: string;
  /** External host name, lower case; may be a wildcard like "*.stripe.com" from a provider's host patterns. */
  host: string;
  /** Provider slug, null for an unclassified host. */
  provider: string | null;
  providerName: string | null;
  /** The current decision. */
  decision: PolicyAction;
  /** The deciding policy's name. */
  policy: string | null;
  /** In words, e.g. "Grade F < C and sends pii". */
  reason: string;
  /** ISO time the decision took effect. */
  since: string | null;
}

export type EnforcementScope = { kind: "all" } | { kind: "application"; slug: string } | { kind: "provider"; slug: string };

export interface EnforcementSet {
  /** ISO time. */
  generatedAt: string;
  scope: EnforcementScope;
  /** Every dependency in scope with its decision (allowed ones too). */
  entries: EnforcementEntry[];
}

export interface ArtefactOptions {
  /** Namespace of the Istio egress gateway objects; default "istio-system". */
  namespace?: string;
  /** Namespace of the applications' service accounts; default "default". */
  appNamespace?: string;
}

export interface Artefact {
  filename: string;
  contentType: string;
  body: string;
}
