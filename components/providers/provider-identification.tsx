const ECOSYSTEM_LABELS: Record<string, string> = { npm: "npm", pypi: "PyPI", maven: "Maven", go: "Go", nuget: "NuGet", rubygems: "RubyGems" };

/** How Sibyl recognises the provider: API host patterns in traffic and SDK packages in SBOMs. */
export function ProviderIdentification({ hostPatterns, sdkPackages }: { hostPatterns: string[]; sdkPackages: Record<string, string[]> }) {
  return (
    <details className="group rounded-lg border bg-card p-4">
      <summary className="cursor-pointer">
        <h2 className="inline text-lg font-semibold">Identification</h2>
      </summary>
      <p className="mt-1 text-sm text-muted-foreground">How Sibyl recognises calls to this provider in traffic and its SDKs in SBOMs.</p>
      <div className="mt-3 grid gap-4 md:grid-cols-2">
        <section aria-labelledby="hosts">
          <h3 id="hosts" className="mb-2 text-sm font-semibold">
            API host patterns
          </h3>
          <ul className="space-y-0.5 font-mono text-xs">
            {hostPatterns.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="sdks">
          <h3 id="sdks" className="mb-2 text-sm font-semibold">
            SDK packages
          </h3>
          {Object.keys(sdkPackages).length === 0 ? (
            <p className="text-sm text-muted-foreground">No SDK packages in the catalog.</p>
          ) : (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {Object.entries(sdkPackages).map(([eco, pkgs]) => (
                <div key={eco} className="contents">
                  <dt className="text-muted-foreground">{ECOSYSTEM_LABELS[eco] ?? eco}</dt>
                  <dd className="font-mono text-xs">{pkgs.join(", ")}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>
    </details>
  );
}
