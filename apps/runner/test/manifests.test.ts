import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describeConfig, PROGRAM_NODE_FLAGS } from "@baton-ts/connector-sdk/cli";
import { segmentConnector } from "@baton-ts/connector-segment";
import { sentineloneConnector } from "@baton-ts/connector-sentinelone";
import { beforeAll, describe, expect, it } from "vitest";
import { type KubeTools, kubeTools, runTool } from "./support/kube-tools.js";
import { type KubeObject, parseManifests, schemaErrors } from "./support/kubernetes-schemas.js";

// The Kubernetes manifests and the Helm chart, rendered offline (kubectl kustomize, helm lint/template)
// and every object checked against the Kubernetes schemas.
const deploy = fileURLToPath(new URL("../deploy/", import.meta.url));
const kustomizeDir = join(deploy, "kubernetes");
const chart = join(deploy, "helm/baton-connector");
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
/** The image's ENTRYPOINT (apps/runner/Dockerfile; dockerfile.test.ts checks it there). */
const ENTRYPOINT = ["/nodejs/bin/node", ...PROGRAM_NODE_FLAGS, "/app/baton.mjs"];
const CONNECTORS = [
  { program: "baton-segment", connector: segmentConnector },
  { program: "baton-sentinel-one", connector: sentineloneConnector },
] as const;

let tools: KubeTools;
beforeAll(() => {
  tools = kubeTools();
});

const kustomize = async (dir: string): Promise<KubeObject[]> =>
  parseManifests(await runTool(tools.kubectl, ["kustomize", dir]));
const helmTemplate = async (...args: string[]): Promise<KubeObject[]> =>
  parseManifests(await runTool(tools.helm, ["template", "release", chart, ...args]));
const only = (objects: readonly KubeObject[], kind: string): KubeObject => {
  const found = objects.filter((object) => object.kind === kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0] as KubeObject;
};

interface Container {
  name: string;
  image: string;
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  envFrom: { secretRef: { name: string } }[];
  startupProbe?: { exec: { command: string[] } };
  livenessProbe: { exec: { command: string[] } };
  readinessProbe: { exec: { command: string[] } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  securityContext: Record<string, unknown>;
  terminationGracePeriodSeconds: number;
  automountServiceAccountToken: boolean;
  volumes: { name: string; emptyDir?: { sizeLimit: string } }[];
}
const podOf = (deployment: KubeObject): { labels: Record<string, string>; spec: PodSpec } =>
  (
    deployment as unknown as {
      spec: { template: { metadata: { labels: Record<string, string> }; spec: PodSpec } };
    }
  ).spec.template.metadata.labels === undefined
    ? {
        labels: {},
        spec: (deployment as never as { spec: { template: { spec: PodSpec } } }).spec.template.spec,
      }
    : {
        labels: (
          deployment as never as { spec: { template: { metadata: { labels: Record<string, string> } } } }
        ).spec.template.metadata.labels,
        spec: (deployment as never as { spec: { template: { spec: PodSpec } } }).spec.template.spec,
      };

/** What every Deployment we ship must do, however it was rendered. */
const expectProductionGrade = (deployment: KubeObject, secretName: string): void => {
  const { spec } = podOf(deployment);
  const container = spec.containers[0] as Container;
  expect(spec.containers).toHaveLength(1);
  expect(container.env.find((e) => e.name === "BATON_HOST_ID")?.valueFrom?.fieldRef?.fieldPath).toBe(
    "metadata.name",
  );
  expect(container.env.find((e) => e.name === "BATON_HEALTH_CHECK")?.value).toBe("true");
  expect(container.envFrom.map((source) => source.secretRef.name)).toEqual([secretName]);
  expect(container.startupProbe?.exec.command).toEqual([...ENTRYPOINT, "health-check", "--endpoint=live"]);
  expect(container.livenessProbe.exec.command).toEqual([...ENTRYPOINT, "health-check", "--endpoint=live"]);
  expect(container.readinessProbe.exec.command).toEqual([...ENTRYPOINT, "health-check", "--endpoint=ready"]);
  expect(spec.securityContext).toMatchObject({
    runAsNonRoot: true,
    runAsUser: 65532,
    seccompProfile: { type: "RuntimeDefault" },
  });
  expect(container.securityContext).toMatchObject({
    runAsNonRoot: true,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  });
  const tmp = container.volumeMounts.find((mount) => mount.mountPath === "/tmp");
  expect(spec.volumes.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  for (const kind of ["requests", "limits"] as const)
    expect(container.resources[kind]?.memory).toMatch(/^\d+[MG]i$/);
  // The program needs up to 10 s after SIGTERM.
  expect(spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
  expect(spec.automountServiceAccountToken).toBe(false);
};

describe("kustomize bases (apps/runner/deploy/kubernetes)", () => {
  it("has one base per connector program, and nothing else but components", () => {
    const dirs = readdirSync(kustomizeDir).sort();
    expect(dirs).toEqual(["baton-segment", "baton-sentinel-one", "components"]);
  });

  for (const { program, connector } of CONNECTORS) {
    it(`${program}: renders, validates, and is production-grade`, async () => {
      const objects = await kustomize(join(kustomizeDir, program));
      expect(schemaErrors(objects)).toEqual([]);
      const secret = only(objects, "Secret");
      const deployment = only(objects, "Deployment");
      expectProductionGrade(deployment, secret.metadata.name);
      expect((podOf(deployment).spec.containers[0] as Container).image).toMatch(
        new RegExp(`/${program}:\\d+\\.\\d+\\.\\d+$`),
      );
      // The Secret names every setting the connector requires, as the sdk derives its variables.
      const required = describeConfig(connector.config)
        .filter((field) => field.required)
        .map((field) => field.env);
      expect(Object.keys(secret.stringData as object)).toEqual(
        expect.arrayContaining(["BATON_CLIENT_ID", "BATON_CLIENT_SECRET", "BATON_PROVISIONING", ...required]),
      );
    });
  }

  it("docs/deploying.md's overlay: Secret replaced from an env file, image renamed, egress-only NetworkPolicy", async () => {
    const overlay = mkdtempSync(join(tmpdir(), "baton-overlay-"));
    try {
      writeFileSync(
        join(overlay, "kustomization.yaml"),
        [
          "apiVersion: kustomize.config.k8s.io/v1beta1",
          "kind: Kustomization",
          "namespace: baton",
          "resources:",
          `  - ${relative(overlay, join(kustomizeDir, "baton-segment"))}`,
          "components:",
          `  - ${relative(overlay, join(kustomizeDir, "components/egress-only"))}`,
          "images:",
          "  - name: ghcr.io/baton-ts/baton-segment",
          "    newName: registry.example.com/baton-segment",
          "    newTag: 0.1.1",
          "secretGenerator:",
          "  - name: baton-segment-secrets",
          "    behavior: replace",
          "    envs:",
          "      - baton-segment.env",
          "    options:",
          "      disableNameSuffixHash: true",
          "",
        ].join("\n"),
      );
      writeFileSync(
        join(overlay, "baton-segment.env"),
        "BATON_CLIENT_ID=baton@example.conductor.one/pcc\nBATON_CLIENT_SECRET=secret-token:conductorone.com:v1:x\nBATON_TOKEN=t\nBATON_PROVISIONING=true\n",
      );
      const objects = await kustomize(overlay);
      expect(schemaErrors(objects)).toEqual([]);
      const secret = only(objects, "Secret") as KubeObject & {
        data: Record<string, string>;
        stringData?: unknown;
      };
      expect(secret.stringData).toBeUndefined();
      expect(Buffer.from(secret.data.BATON_TOKEN ?? "", "base64").toString()).toBe("t");
      const deployment = only(objects, "Deployment");
      expectProductionGrade(deployment, secret.metadata.name);
      expect((podOf(deployment).spec.containers[0] as Container).image).toBe(
        "registry.example.com/baton-segment:0.1.1",
      );
      const policy = only(objects, "NetworkPolicy") as unknown as {
        spec: {
          podSelector: { matchLabels: Record<string, string> };
          ingress?: unknown[];
          egress: { ports: { port: number }[] }[];
        };
      };
      expect(podOf(deployment).labels).toMatchObject(policy.spec.podSelector.matchLabels);
      expect(policy.spec.ingress).toBeUndefined();
      expect(policy.spec.egress.flatMap((rule) => rule.ports.map((port) => port.port)).sort()).toEqual([
        443, 53, 53,
      ]);
    } finally {
      rmSync(overlay, { recursive: true, force: true });
    }
  });
});

describe("the Helm chart (apps/runner/deploy/helm/baton-connector)", () => {
  const minimal = join(chart, "ci/minimal-values.yaml");
  const full = join(chart, "ci/full-values.yaml");

  it("helm lint passes with the minimal and with the full values", async () => {
    for (const values of [minimal, full]) {
      expect(await runTool(tools.helm, ["lint", "--strict", chart, "--values", values])).toContain(
        "0 chart(s) failed",
      );
    }
  });

  it("renders the minimal values: a Secret made by the chart and a production-grade Deployment", async () => {
    const objects = await helmTemplate("--values", minimal);
    expect(schemaErrors(objects)).toEqual([]);
    expect(objects.map((object) => object.kind)).toEqual(["Secret", "Deployment"]);
    const secret = only(objects, "Secret");
    expect(secret.stringData).toEqual({
      BATON_CLIENT_ID: "baton-segment@example.conductor.one/pcc",
      BATON_CLIENT_SECRET: "secret-token:conductorone.com:v1:eyJrdHkiOiJPS1AifQ",
      BATON_TOKEN: "segment-api-token",
    });
    const deployment = only(objects, "Deployment");
    expectProductionGrade(deployment, secret.metadata.name);
    const container = podOf(deployment).spec.containers[0] as Container;
    expect(container.image).toBe("ghcr.io/baton-ts/baton-segment:0.1.0");
    expect(container.env.find((e) => e.name === "BATON_PROVISIONING")?.value).toBe("false");
  });

  it("renders the full values: an existing Secret, the NetworkPolicy, the registry, replicas and extra variables", async () => {
    const objects = await helmTemplate("--values", full);
    expect(schemaErrors(objects)).toEqual([]);
    expect(objects.map((object) => object.kind).sort()).toEqual(["Deployment", "NetworkPolicy"]);
    const deployment = only(objects, "Deployment");
    expectProductionGrade(deployment, "baton-sentinel-one-credentials");
    const container = podOf(deployment).spec.containers[0] as Container;
    expect(container.image).toBe("registry.example.com/identity/baton-sentinel-one:0.1.0");
    expect((deployment as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    expect(container.env.map((e) => e.name)).toEqual(
      expect.arrayContaining(["BATON_PROVISIONING", "BATON_TASK_CONCURRENCY", "HTTPS_PROXY"]),
    );
    expect(container.env.find((e) => e.name === "BATON_HEALTH_CHECK_PORT")?.value).toBe("9091");
  });

  it.each([
    ["no values at all", [], ["/connector", "/credentials"]],
    ["an unknown connector", ["--values", minimal, "--set", "connector=okta"], ["/connector"]],
    [
      "provisioning as a string",
      ["--values", minimal, "--set-string", "provisioning=true"],
      ["/provisioning"],
    ],
    [
      "a client secret that is not ConductorOne's",
      ["--values", minimal, "--set", "credentials.clientSecret=hunter2"],
      ["/credentials/clientSecret"],
    ],
    [
      "sentinel-one without its console URL",
      [
        "--values",
        minimal,
        "--set",
        "connector=sentinel-one",
        "--set",
        "credentials.connectorEnv.BATON_API_TOKEN=t",
      ],
      ["BATON_MANAGEMENT_CONSOLE_URL"],
    ],
    [
      "a grace period shorter than the shutdown",
      ["--values", minimal, "--set", "terminationGracePeriodSeconds=5"],
      ["/terminationGracePeriodSeconds"],
    ],
    ["a misspelt value", ["--values", minimal, "--set", "replica=2"], ["replica"]],
  ])("values.schema.json rejects %s at install time, naming the value", async (_, args, named) => {
    const failure = await helmTemplate(...args).then(
      () => "",
      (error: Error) => error.message,
    );
    expect(failure).toContain("don't meet the specifications of the schema");
    for (const name of named) expect(failure).toContain(name);
  });
});

describe("the seed guides' manifests", () => {
  for (const program of ["baton-segment", "baton-sentinel-one"]) {
    it(`${program}: fail schema validation exactly on the two unquoted booleans; ours pass`, async () => {
      const guide = parseManifests(readFileSync(join(fixtures, `seed-guide-${program}.yaml`), "utf8"));
      expect(schemaErrors(guide)).toEqual([
        {
          object: `Secret/${program}-secrets`,
          path: "/stringData/BATON_PROVISIONING",
          message: "must be string",
        },
        {
          object: `Deployment/${program}`,
          path: "/spec/template/metadata/labels/baton",
          message: "must be string",
        },
      ]);
      expect(schemaErrors(await kustomize(join(kustomizeDir, program)))).toEqual([]);
    });
  }
});
