import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Secret } from "kubernetes-models/v1/Secret";
import { parseAllDocuments } from "yaml";

/** A rendered object, as kubectl would send it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, unknown> };
  readonly [field: string]: unknown;
}

export interface SchemaError {
  /** `Kind/name`. */
  readonly object: string;
  /** JSON pointer into the object, e.g. `/stringData/BATON_PROVISIONING`. */
  readonly path: string;
  readonly message: string;
}

/** What our manifests and chart produce; anything else has no schema here and fails loudly. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Secret": Secret,
  "apps/v1/Deployment": Deployment,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};

/**
 * Parses multi-document YAML as Kubernetes does: YAML 1.1, where `true`, `yes` and `on` are booleans
 * (its parser is go-yaml's), so a bare `true` where a string belongs is found here too.
 */
export const parseManifests = (text: string): KubeObject[] =>
  parseAllDocuments(text, { version: "1.1" })
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`YAML: ${document.errors[0]?.message}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null);

/** Every error of every object against the Kubernetes 1.x OpenAPI schemas (kubernetes-models). */
export const schemaErrors = (objects: readonly KubeObject[]): SchemaError[] =>
  objects.flatMap((object) => {
    const name = `${object.kind}/${object.metadata?.name}`;
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (Model === undefined)
      return [{ object: name, path: "", message: `no schema for ${object.apiVersion} ${object.kind}` }];
    try {
      new Model(object as never).validate();
      return [];
    } catch (error) {
      const errors = (error as { errors?: { instancePath: string; message?: string }[] }).errors;
      if (errors === undefined) throw error;
      return errors.map((e) => ({ object: name, path: e.instancePath, message: e.message ?? "invalid" }));
    }
  });
