// Query keys and options of the Policies page, shared by its server prefetch and
// its client components so the page hydrates with the entries they ask for.
import { queryOptions } from "@tanstack/react-query";
import type { PolicyAction } from "@/lib/domain/policies/types";
import type { DecisionChangeView, ExceptionView, PolicyView } from "@/lib/server/policies/store";
import { fetchJson } from "./fetch-json";

export type { DecisionChangeView, ExceptionView, PolicyView };

export const POLICY_KEYS = {
  all: ["policies"] as const,
  list: ["policies", "list"] as const,
  exceptions: ["policies", "exceptions"] as const,
  history: (limit: number) => ["policies", "history", limit] as const,
};

export interface PolicyListAnswer {
  policies: PolicyView[];
  defaultAction: PolicyAction;
}

export const policiesQueryOptions = () => queryOptions({ queryKey: POLICY_KEYS.list, queryFn: () => fetchJson<PolicyListAnswer>("/api/v1/policies") });

export const exceptionsQueryOptions = () =>
  queryOptions({ queryKey: POLICY_KEYS.exceptions, queryFn: () => fetchJson<{ exceptions: ExceptionView[] }>("/api/v1/policy-exceptions?ended=1") });

export const HISTORY_PAGE = 25;
export const decisionHistoryQueryOptions = (limit: number) =>
  queryOptions({ queryKey: POLICY_KEYS.history(limit), queryFn: () => fetchJson<{ changes: DecisionChangeView[] }>(`/api/v1/decisions/history?limit=${limit}`) });

/** The error body of Sibyl's API: a message and, for a validation failure, messages by field path. */
export interface ApiProblem {
  status: number;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

/** Sends JSON; resolves to the answer, or rejects with an ApiProblem. */
export async function sendJson<T>(url: string, method: "POST" | "PATCH" | "DELETE", body?: unknown): Promise<T> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json", accept: "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: Record<string, string[]> };
  if (!res.ok) {
    const problem: ApiProblem = { status: res.status, message: answer.error ?? `Request failed (${res.status})`, fieldErrors: answer.fieldErrors };
    throw problem;
  }
  return answer as T;
}

export function isApiProblem(e: unknown): e is ApiProblem {
  return typeof e === "object" && e !== null && "status" in e && "message" in e;
}
