// The demo organisation: eight teams and forty applications whose data classes,
// criticality and provider dependencies follow what such teams really use.
// Pure and deterministic: the same scale gives the same organisation.
import { seededRandom } from "./random";

export type DataClass = "internal" | "pii" | "pci" | "phi" | "credentials";

export interface DemoTeam { slug: string; name: string; description: string }
export interface DemoApi { name: string; version: string; lifecycle: "active" | "deprecated" | "retired"; endpoints: { method: string; path: string; deprecated: boolean }[] }
export interface DemoDependency { providerSlug: string; source: "traffic" | "sbom" | "catalog" | "manual"; callCount: number; dataClasses: string[]; host: string | null; daysSinceFirstSeen: number; daysSinceLastSeen: number }
export interface DemoApplication {
  slug: string; name: string; description: string; teamSlug: string; criticality: 1 | 2 | 3 | 4; dataClasses: DataClass[];
  environment: "production" | "staging" | "development" | "test"; lifecycle: "development" | "production" | "deprecated" | "retired";
  repositoryUrl: string; apis: DemoApi[]; dependencies: DemoDependency[];
}

interface Blueprint { team: DemoTeam; apps: [string, string, 1 | 2 | 3 | 4, DataClass[]][]; providers: string[] }

const BLUEPRINTS: Blueprint[] = [
  { team: { slug: "payments", name: "Payments", description: "Checkout, billing and payouts" },
    apps: [["checkout-api", "Checkout API", 1, ["pii", "pci"]], ["billing-service", "Billing Service", 1, ["pii", "pci"]], ["payouts-worker", "Payouts Worker", 1, ["pci", "internal"]], ["fraud-scoring", "Fraud Scoring", 2, ["pii", "pci"]], ["invoice-portal", "Invoice Portal", 3, ["pii"]]],
    providers: ["stripe", "adyen", "paypal", "braintree", "plaid", "sendgrid", "datadog", "sentry"] },
  { team: { slug: "identity", name: "Identity & Access", description: "Sign-in, accounts and permissions" },
    apps: [["auth-gateway", "Auth Gateway", 1, ["pii", "credentials"]], ["account-service", "Account Service", 1, ["pii", "credentials"]], ["mfa-service", "MFA Service", 1, ["pii", "credentials"]], ["consent-manager", "Consent Manager", 2, ["pii"]], ["directory-sync", "Directory Sync", 3, ["pii", "internal"]]],
    providers: ["auth0", "okta", "twilio", "microsoft-graph", "sendgrid", "datadog", "sentry"] },
  { team: { slug: "commerce", name: "Commerce", description: "Catalogue, cart and orders" },
    apps: [["catalog-service", "Catalog Service", 2, ["internal"]], ["cart-service", "Cart Service", 2, ["pii"]], ["order-service", "Order Service", 1, ["pii", "pci"]], ["shipping-quotes", "Shipping Quotes", 3, ["pii"]], ["search-api", "Search API", 2, ["internal"]]],
    providers: ["algolia", "shopify", "shippo", "easypost", "google-maps", "cloudinary", "stripe", "datadog"] },
  { team: { slug: "growth", name: "Growth", description: "Marketing, analytics and lifecycle messaging" },
    apps: [["campaign-engine", "Campaign Engine", 3, ["pii"]], ["analytics-collector", "Analytics Collector", 3, ["pii", "internal"]], ["referral-service", "Referral Service", 4, ["pii"]], ["newsletter-api", "Newsletter API", 4, ["pii"]], ["ab-testing", "Experimentation Service", 3, ["internal"]]],
    providers: ["segment", "mixpanel", "amplitude", "mailchimp", "braze", "hubspot", "launchdarkly", "google-analytics"] },
  { team: { slug: "data-platform", name: "Data Platform", description: "Pipelines, warehouse and ML" },
    apps: [["ingest-pipeline", "Ingest Pipeline", 2, ["pii", "internal"]], ["feature-store", "Feature Store", 2, ["pii"]], ["ml-inference", "ML Inference", 2, ["pii"]], ["warehouse-loader", "Warehouse Loader", 3, ["pii", "pci"]], ["assistant-api", "Assistant API", 2, ["pii", "credentials"]]],
    providers: ["snowflake", "openai", "anthropic", "amazon-s3", "google-cloud-storage", "hugging-face", "datadog", "mongodb-atlas"] },
  { team: { slug: "support", name: "Customer Support", description: "Help desk and customer messaging" },
    apps: [["helpdesk-bridge", "Helpdesk Bridge", 3, ["pii"]], ["chat-widget-api", "Chat Widget API", 3, ["pii"]], ["call-center", "Call Center", 2, ["pii", "phi"]], ["kb-search", "Knowledge Base Search", 4, ["internal"]], ["survey-service", "Survey Service", 4, ["pii"]]],
    providers: ["zendesk", "intercom", "twilio", "vonage", "slack", "algolia", "openai"] },
  { team: { slug: "mobile", name: "Mobile", description: "iOS and Android back ends" },
    apps: [["mobile-bff", "Mobile BFF", 1, ["pii", "credentials"]], ["push-service", "Push Service", 3, ["pii"]], ["app-config", "App Config", 3, ["internal"]], ["media-upload", "Media Upload", 3, ["pii"]], ["health-sync", "Health Sync", 2, ["pii", "phi"]]],
    providers: ["firebase", "onesignal", "cloudinary", "mapbox", "sentry", "amazon-s3", "launchdarkly"] },
  { team: { slug: "infrastructure", name: "Infrastructure", description: "Platform, observability and tooling" },
    apps: [["deploy-bot", "Deploy Bot", 3, ["credentials", "internal"]], ["log-shipper", "Log Shipper", 2, ["internal", "pii"]], ["secrets-broker", "Secrets Broker", 1, ["credentials"]], ["status-page", "Status Page", 4, ["internal"]], ["legacy-reports", "Legacy Reports", 4, ["pii"]]],
    providers: ["github", "pagerduty", "datadog", "cloudflare", "splunk", "new-relic", "slack", "amazon-s3"] },
];

const RESOURCES = ["orders", "customers", "invoices", "payments", "accounts", "sessions", "items", "events", "reports", "profiles", "devices", "tickets"];

function endpointsFor(rand: ReturnType<typeof seededRandom>): DemoApi["endpoints"] {
  const out: DemoApi["endpoints"] = [];
  for (const resource of rand.sample(RESOURCES, rand.int(2, 4))) {
    out.push({ method: "GET", path: `/v1/${resource}`, deprecated: false });
    out.push({ method: "POST", path: `/v1/${resource}`, deprecated: false });
    out.push({ method: "GET", path: `/v1/${resource}/{id}`, deprecated: false });
    if (rand.next() < 0.5) out.push({ method: "PATCH", path: `/v1/${resource}/{id}`, deprecated: false });
    if (rand.next() < 0.3) out.push({ method: "DELETE", path: `/v1/${resource}/{id}`, deprecated: rand.next() < 0.5 });
  }
  return out;
}

const SENT_BY_CLASS: Record<DataClass, string[]> = {
  pii: ["email", "phone", "name"],
  pci: ["card_number"],
  phi: ["health_record"],
  credentials: ["credentials"],
  internal: ["internal"],
};

/** Builds the organisation `scale` times over; copies after the first get a numeric suffix. */
export function buildDemoOrganisation(scale = 1, knownProviders?: ReadonlySet<string>): { teams: DemoTeam[]; applications: DemoApplication[] } {
  const rand = seededRandom(20261129);
  const teams: DemoTeam[] = [];
  const applications: DemoApplication[] = [];
  for (let copy = 0; copy < scale; copy++) {
    const suffix = copy === 0 ? "" : `-${copy + 1}`;
    const label = copy === 0 ? "" : ` ${copy + 1}`;
    for (const bp of BLUEPRINTS) {
      const teamSlug = bp.team.slug + suffix;
      teams.push({ slug: teamSlug, name: bp.team.name + label, description: bp.team.description });
      const providers = knownProviders ? bp.providers.filter((p) => knownProviders.has(p)) : bp.providers;
      for (const [slug, name, criticality, dataClasses] of bp.apps) {
        const lifecycle = slug === "legacy-reports" ? "deprecated" : rand.next() < 0.08 ? "development" : "production";
        const apis: DemoApi[] = [];
        const apiCount = rand.int(0, 2);
        for (let i = 0; i < apiCount; i++) {
          const major = rand.int(1, 3);
          apis.push({ name: `${name}${i ? " Admin" : ""} API`, version: `${major}.${rand.int(0, 9)}.0`, lifecycle: rand.next() < 0.1 ? "deprecated" : "active", endpoints: endpointsFor(rand) });
        }
        const deps: DemoDependency[] = rand.sample(providers, rand.int(2, 5)).map((providerSlug) => {
          const sent = rand.sample(dataClasses, rand.int(0, dataClasses.length)).flatMap((c) => SENT_BY_CLASS[c].slice(0, 1));
          const first = rand.int(30, 700);
          return {
            providerSlug,
            source: rand.pick(["traffic", "traffic", "sbom", "catalog", "manual"] as const),
            callCount: Math.round(10 ** (rand.next() * 5 + 1)),
            dataClasses: [...new Set(sent)].sort(),
            host: null,
            daysSinceFirstSeen: first,
            daysSinceLastSeen: rand.int(0, Math.min(first, 20)),
          };
        });
        applications.push({
          slug: slug + suffix,
          name: name + label,
          description: `${name} (${bp.team.name})`,
          teamSlug,
          criticality,
          dataClasses: [...dataClasses].sort(),
          environment: rand.next() < 0.85 ? "production" : "staging",
          lifecycle,
          repositoryUrl: `https://git.demo.sibyl.invalid/${teamSlug}/${slug}`,
          apis,
          dependencies: deps,
        });
      }
    }
  }
  return { teams, applications };
}
