import type { InstanceResourceType } from "./type-ids.js";

/** Where a role may be offered: on which instance types, and on label sets. */
export interface RoleApplicability {
  readonly targets: ReadonlySet<InstanceResourceType>;
  readonly labelScoped: boolean;
  /** True when the name matched nothing known and the fallback (offer everywhere) applied. */
  readonly fallback: boolean;
}

const ALL_TARGETS: ReadonlySet<InstanceResourceType> = new Set(["source", "warehouse", "function", "space"]);

/** Roles Segment grants only workspace-wide (segment-docs iam/roles.md). */
const WORKSPACE_ONLY = [
  /^workspace (owner|member)$/,
  /\btracking plans?\b/,
  /\bprotocols?\b/,
  /^identity admin$/,
  /\bend user privacy\b/,
  /\bprivacy admin\b/,
  /\bbilling\b/,
];

/** Name words that tie a role to a target type, including the Personas → Engage → Unify renames. */
const TARGET_WORDS: readonly [RegExp, InstanceResourceType][] = [
  [/\bsources?\b/, "source"],
  [/\bwarehouses?\b/, "warehouse"],
  [/\bfunctions?\b/, "function"],
  [/\b(spaces?|engage|unify|personas)\b/, "space"],
];

/** Types whose roles Segment lets a permission restrict by labels (sources and spaces). */
const LABEL_SCOPED: ReadonlySet<InstanceResourceType> = new Set(["source", "space"]);

/**
 * `GET /roles` says nothing about where a role applies, so the connector infers it from the
 * name: whole words, any case, the renamed Engage/Unify/Personas roles included. A name it does not
 * recognise (a new or renamed role) is offered on every target type and on label sets: a role is
 * never hidden because its name is unfamiliar (the Go connector's substring match did hide them).
 */
export const roleApplicability = (roleName: string): RoleApplicability => {
  const name = roleName
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
  if (WORKSPACE_ONLY.some((pattern) => pattern.test(name))) {
    return { targets: new Set(), labelScoped: false, fallback: false };
  }
  const targets = new Set<InstanceResourceType>();
  for (const [pattern, type] of TARGET_WORDS) if (pattern.test(name)) targets.add(type);
  if (targets.size === 0) return { targets: ALL_TARGETS, labelScoped: true, fallback: true };
  return { targets, labelScoped: [...targets].some((type) => LABEL_SCOPED.has(type)), fallback: false };
};
