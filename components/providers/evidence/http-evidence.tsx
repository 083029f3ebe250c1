import { EvidenceHeading, Facts, MiniTable, YesNo } from "./parts";
import { arr, bool, num, rec, str, type Rec } from "./read";

/** HTTP header hygiene: the tests of the Observatory's API profile, their modifiers and reasons. */
export function HttpEvidence({ evidence }: { evidence: Rec }) {
  const probe = rec(evidence.probe);
  const grade = rec(evidence.grade);
  const tests = arr(grade?.tests).map(rec).filter((t): t is Rec => t !== null);
  const applicable = tests.filter((t) => bool(t.appliesToApi) !== false);
  const skipped = tests.filter((t) => bool(t.appliesToApi) === false);
  const cors = rec(probe?.cors);
  const headers = arr(probe?.headers).filter((h): h is [string, string] => Array.isArray(h) && typeof h[0] === "string" && typeof h[1] === "string");
  return (
    <div className="space-y-1" data-testid="http-evidence">
      <Facts
        rows={[
          ["URL", str(probe?.url) ? <span key="u" className="font-mono text-xs">{str(probe?.url)}</span> : null],
          ["Status", num(probe?.status)],
          ["Certificate verified", probe && "verified" in probe ? <YesNo key="v" value={bool(probe.verified)} /> : null],
          ["Probe error", str(probe?.error)],
          ["Result", grade ? `${str(grade.grade) ?? "?"} (${num(grade.score) ?? "?"} of 100)` : null],
        ]}
      />
      {applicable.length > 0 && (
        <>
          <EvidenceHeading>Tests</EvidenceHeading>
          <MiniTable
            caption="HTTP header tests"
            head={["Test", "Result", "Points", "Why"]}
            rows={applicable.map((t) => [
              <span key="id" className="font-mono text-xs">{str(t.id)}</span>,
              <YesNo key="p" value={bool(t.pass)} yes="Pass" no="Fail" />,
              <span key="m" className="tabular-nums">{num(t.modifier) ?? 0}</span>,
              str(t.reason),
            ])}
          />
        </>
      )}
      {skipped.length > 0 && (
        <>
          <EvidenceHeading>Not applicable to APIs</EvidenceHeading>
          <ul className="list-disc pl-5 text-sm text-muted-foreground">
            {skipped.map((t, i) => (
              <li key={str(t.id) ?? i}>
                <span className="font-mono text-xs">{str(t.id)}</span>: {str(t.reason)}
              </li>
            ))}
          </ul>
        </>
      )}
      {cors && (
        <>
          <EvidenceHeading>CORS check</EvidenceHeading>
          <Facts
            rows={[
              ["Origin sent", str(cors.origin)],
              ["Access-Control-Allow-Origin", str(cors.allowOrigin) ?? "none"],
              ["Allow-Credentials", str(cors.allowCredentials) ?? "none"],
            ]}
          />
        </>
      )}
      {headers.length > 0 && (
        <>
          <EvidenceHeading>Response headers</EvidenceHeading>
          <ul className="font-mono text-xs">
            {headers.map(([k, v], i) => (
              <li key={`${k}-${i}`} className="break-all">
                {k}: {v}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
