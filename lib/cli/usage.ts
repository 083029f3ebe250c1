export class UsageError extends Error {}

export const USAGE = `Usage: npm run sibyl -- <command>

  ingest openapi <file-or-url> --app <slug> [--api <name>]
  ingest traffic <file> --app <slug> [--format har|envoy|nginx|otlp] [--host <name>]...
  ingest sbom <file> --app <slug>
  ingest catalog <file>
  ingest provider-spec <file-or-url> --provider <slug>
  inventory --app <slug> [--json]
  probe <host> [--port N] [--json]
  score [--provider <id>|--all] [--json]
  import kev|epss|osv|npm <file-or-url>
  report generate --framework owasp-api-2023|iso27001|soc2|nist-csf-2|pci-dss-4|dora
                  [--scope portfolio|team:<slug>|app:<slug>] [--from YYYY-MM-DD --to YYYY-MM-DD]
                  --out <file.pdf> [--json]
  report verify <file.pdf> [--json]     exit 0: a report Sibyl generated, unchanged; 1 otherwise
  policy apply <file.yaml|file.json>     upsert policies by name (idempotent, audited)
  policy list [--json]                   the policies (--json prints them as a policy file)
  policy simulate <file> [--json]        what the file's policies would decide; nothing is saved
  gate --app <slug> [--sbom bom.json] [--hosts a.com,b.com] [--openapi spec.yaml]
       [--format text|json|sarif|junit] [--out file] [--server URL --token T]
                                         exit 0: all allowed or alerting; 3: something would be
                                         quarantined or needs approval; 1: input errors

The database is DATABASE_URL when set, else the embedded database in SIBYL_DATA_DIR
(.data), which must not be open in the server at the same time.
An unknown --app slug creates the application; an unknown --provider slug is refused.
--host (repeatable; "*.example.com" for sub-domains) declares a host of the application, saved on it:
traffic to its hosts is inbound (endpoints), to other hosts outbound (dependencies). Without hosts,
Istio's inbound|/outbound| clusters, OpenTelemetry span kinds and access logs still say which is which.
Exit codes: 0 success, 1 input errors (printed as file:line: reason), 2 usage errors.`;
