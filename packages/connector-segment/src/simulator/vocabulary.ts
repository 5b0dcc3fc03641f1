/** Word lists the seeded workspace draws realistic names from (people's names come from the sdk kit). */
export const COMPANY_NAMES = [
  "Acme Analytics",
  "Globex",
  "Initech",
  "Umbrella Retail",
  "Stark Mobility",
  "Wayne Media",
  "Hooli Health",
] as const;

export const TEAM_NAMES = [
  "Growth",
  "Data Platform",
  "Marketing Ops",
  "Mobile",
  "Web",
  "Lifecycle",
  "Analytics Engineering",
  "Customer Success",
  "Finance",
  "Security",
  "Product",
  "Experimentation",
  "Partnerships",
  "Support",
] as const;

export const SOURCE_PLATFORMS = [
  "iOS App",
  "Android App",
  "Marketing Site",
  "Web App",
  "Checkout Service",
  "Email Events",
  "CRM Sync",
  "Server Events",
  "Help Center",
  "Kiosk",
  "Partner Feed",
  "Billing Webhooks",
] as const;

export const ENVIRONMENTS = ["prod", "staging", "dev"] as const;

export const WAREHOUSE_TYPES = [
  { name: "Snowflake", slug: "snowflake" },
  { name: "BigQuery", slug: "bigquery" },
  { name: "Redshift", slug: "redshift" },
  { name: "Postgres", slug: "postgres" },
  { name: "Databricks", slug: "databricks" },
] as const;

export const FUNCTION_WORDS = [
  "Enrich",
  "Filter PII",
  "Route",
  "Dedupe",
  "Geo Lookup",
  "Score Lead",
  "Normalize",
  "Webhook Relay",
] as const;

export const SPACE_NAMES = [
  "Production",
  "Staging",
  "EU Customers",
  "Loyalty",
  "B2B Accounts",
  "Sandbox",
] as const;

/** Label keys and their values; a few carry descriptions like the real `/labels` listing. */
export const LABEL_CATALOG = [
  { key: "env", value: "prod", description: "Production data" },
  { key: "env", value: "staging" },
  { key: "env", value: "dev", description: "Development and testing" },
  { key: "team", value: "growth" },
  { key: "team", value: "data" },
  { key: "team", value: "marketing" },
  { key: "region", value: "us" },
  { key: "region", value: "eu", description: "EU residency" },
] as const;
