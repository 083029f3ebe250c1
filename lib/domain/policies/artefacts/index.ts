// Egress-enforcement artefacts for connectivity policies, by kind: Istio,
// Envoy RBAC, OPA bundle files, nginx map and a JSON denylist. Pure functions of
// an EnforcementSet; the same set always gives the same bytes.

import { envoyArtefact } from "./envoy";
import { istioArtefact } from "./istio";
import { jsonDenylistArtefact } from "./json-denylist";
import { nginxArtefact } from "./nginx";
import { opaArtefacts } from "./opa";
import type { Artefact, ArtefactOptions, EnforcementSet } from "./types";

export * from "./types";
export { isBlocked, isValidHost } from "./hosts";

export const ARTEFACT_KINDS = ["istio", "envoy", "opa", "nginx", "json"] as const;
export type ArtefactKind = (typeof ARTEFACT_KINDS)[number];

export function isArtefactKind(value: string): value is ArtefactKind {
  return (ARTEFACT_KINDS as readonly string[]).includes(value);
}

/** The files of one kind: one file for every kind but OPA (data.json and policy.rego, to put in one bundle directory). */
export function generateArtefacts(kind: ArtefactKind, set: EnforcementSet, options: ArtefactOptions = {}): Artefact[] {
  switch (kind) {
    case "istio":
      return [istioArtefact(set, options)];
    case "envoy":
      return [envoyArtefact(set)];
    case "opa":
      return opaArtefacts(set);
    case "nginx":
      return [nginxArtefact(set)];
    case "json":
      return [jsonDenylistArtefact(set)];
  }
}
