import { EvidenceHeading, Facts, YesNo } from "./parts";
import { arr, bool, day, num, rec, str, type Rec } from "./read";

const VERSIONS: [string, string][] = [
  ["TLSv1", "TLS 1.0"],
  ["TLSv1.1", "TLS 1.1"],
  ["TLSv1.2", "TLS 1.2"],
  ["TLSv1.3", "TLS 1.3"],
];
// Offering an old version is bad, lacking a current one is bad.
const GOOD_WHEN_OFFERED: Record<string, boolean> = { TLSv1: false, "TLSv1.1": false, "TLSv1.2": true, "TLSv1.3": true };

function validity(cert: Rec) {
  const days = num(cert.daysLeft);
  const until = day(cert.notAfter);
  if (!until) return null;
  if (bool(cert.expired)) return <span className="font-medium text-danger-foreground">Expired on {until}</span>;
  if (bool(cert.notYetValid)) return <span className="font-medium text-danger-foreground">Not valid before {day(cert.notBefore)}</span>;
  return (
    <>
      {day(cert.notBefore)} to {until}
      {days !== null && <span className="text-muted-foreground"> ({days} days left)</span>}
    </>
  );
}

/** TLS probe: the protocols offered, certificate facts, the negotiated cipher and the SSL Labs-style rating. */
export function TransportEvidence({ evidence }: { evidence: Rec }) {
  const probe = rec(evidence.probe);
  const rating = rec(evidence.rating);
  if (!probe) return null;
  const protocols = rec(probe.protocols) ?? {};
  const cert = rec(probe.certificate);
  const negotiated = rec(probe.negotiated);
  const eph = rec(negotiated?.ephemeralKey);
  const ciphers = rec(probe.cipherSummary);
  const caps = arr(rating?.caps).map(rec).filter((c): c is Rec => c !== null);
  const warnings = arr(rating?.warnings).map(str).filter((w): w is string => w !== null);
  const notes = arr(rating?.notes).map(str).filter((w): w is string => w !== null);
  const untestable = [...arr(probe.untestable), ...arr(probe.untestableCiphers)].map(str).filter(Boolean);
  return (
    <div className="space-y-1" data-testid="transport-evidence">
      <Facts
        rows={[
          ["Endpoint", <span key="h" className="font-mono text-xs">{`${str(probe.host) ?? "?"}:${num(probe.port) ?? 443}`}</span>],
          ["Probe error", str(probe.error)],
        ]}
      />
      <EvidenceHeading>Protocols offered</EvidenceHeading>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm" aria-label="Protocols offered">
        {VERSIONS.map(([key, label]) => {
          const offered = bool(protocols[key]);
          return (
            <li key={key} className="inline-flex items-center gap-1.5">
              <span className="font-medium">{label}</span>
              <YesNo value={offered} yes="offered" no="not offered" good={GOOD_WHEN_OFFERED[key]} />
            </li>
          );
        })}
      </ul>
      {cert && (
        <>
          <EvidenceHeading>Certificate</EvidenceHeading>
          <Facts
            rows={[
              ["Subject", str(cert.subject)],
              ["Issuer", str(cert.issuer)],
              ["Valid", validity(cert)],
              ["Trusted chain", <YesNo key="t" value={bool(cert.trusted)} />],
              ["Trust error", str(cert.authorizationError)],
              ["Name matches host", <YesNo key="m" value={bool(cert.hostnameMatch)} />],
              ["Self-signed", bool(cert.selfSigned) ? <YesNo key="s" value={true} good={false} /> : null],
              ["Key", str(cert.keyType) ? `${str(cert.keyType)}${num(cert.keyBits) ? ` ${num(cert.keyBits)} bits` : ""}` : null],
              ["Signature", str(cert.signatureAlgorithm)],
              ["Chain length", num(cert.chainLength)],
            ]}
          />
        </>
      )}
      {negotiated && (
        <>
          <EvidenceHeading>Negotiated</EvidenceHeading>
          <Facts
            rows={[
              ["Protocol", str(negotiated.protocol)],
              ["Cipher", str(negotiated.cipher) ? `${str(negotiated.cipher)}${num(negotiated.cipherBits) ? ` (${num(negotiated.cipherBits)} bits)` : ""}` : null],
              ["Forward secrecy", <YesNo key="fs" value={bool(negotiated.forwardSecrecy)} />],
              ["AEAD cipher", <YesNo key="aead" value={bool(negotiated.aead)} />],
              ["Key exchange", eph ? `${str(eph.type) ?? ""} ${str(eph.name) ?? ""} ${num(eph.bits) ?? ""} bits`.replace(/\s+/g, " ").trim() : null],
            ]}
          />
        </>
      )}
      {ciphers && (
        <>
          <EvidenceHeading>Across all handshakes</EvidenceHeading>
          <Facts
            rows={[
              ["Cipher strength", `${num(ciphers.worstBits) ?? "?"}–${num(ciphers.bestBits) ?? "?"} bits`],
              ["Weakest cipher", str(ciphers.weakestCipher)],
              ["Accepted", arr(ciphers.accepted).map(str).filter(Boolean).join(", ") || null],
            ]}
          />
        </>
      )}
      {rating && (
        <>
          <EvidenceHeading>Rating (SSL Labs method)</EvidenceHeading>
          <Facts
            rows={[
              ["Grade", str(rating.grade) ? `${str(rating.grade)} (${num(rating.uncappedScore) ?? num(rating.score) ?? "?"})` : null],
              ["Protocol / key exchange / cipher", `${num(rating.protocolScore) ?? "?"} / ${num(rating.keyExchangeScore) ?? "?"} / ${num(rating.cipherScore) ?? "?"}`],
            ]}
          />
          {caps.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-sm">
              {caps.map((c, i) => (
                <li key={str(c.id) ?? i}>
                  Capped at {str(c.grade)}: {str(c.reason)}
                </li>
              ))}
            </ul>
          )}
          {warnings.length > 0 && <p className="text-sm text-muted-foreground">Warnings: {warnings.join("; ")}</p>}
          {notes.length > 0 && <p className="text-sm text-muted-foreground">Probe limits: {notes.join("; ")}</p>}
        </>
      )}
      {untestable.length > 0 && <p className="text-xs text-muted-foreground">Not testable from this machine: {untestable.join(", ")}</p>}
    </div>
  );
}
