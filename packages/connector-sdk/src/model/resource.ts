import {
  AppTrait_AppFlag as AppFlag,
  type AppTrait_AppFlag,
  AppTraitSchema,
  create,
  ExternalIdSchema,
  GroupTraitSchema,
  type JsonObject,
  type Message,
  type Resource,
  type ResourceId,
  ResourceSchema,
  type ResourceType,
  RoleTraitSchema,
  timestampFromDate,
  UserTrait_AccountType,
  UserTrait_Status_Status,
  UserTraitSchema,
} from "@baton-ts/protocol";
import { hasAnnotation, packAnnotations } from "./annotations.js";
import { contractFailure, fitsIdLimit, requireDate, requireText, truncateUtf8 } from "./contract-check.js";
import { idOf, resourceId, resourceKey } from "./ids.js";
import { TRAIT_SCHEMAS, traitsOf } from "./traits.js";

export interface ResourceInput {
  /** The resource type's id, or the ResourceType itself (then its traits are checked). */
  readonly type: string | ResourceType;
  readonly id: string | number | bigint;
  readonly displayName: string;
  readonly description?: string | undefined;
  /** The parent, for types listed under another resource (Baton's ChildResourceType). */
  readonly parent?: ResourceId | undefined;
  readonly annotations?: readonly Message[] | undefined;
  readonly externalId?:
    | { readonly id: string; readonly link?: string | undefined; readonly description?: string | undefined }
    | undefined;
}

export type UserStatus = "enabled" | "disabled" | "deleted" | "unspecified";
export type AccountType = "human" | "service" | "system";
export type AppFlagName = "hidden" | "inactive" | "saml" | "oidc" | "bookmark";

export interface UserTraitInput {
  readonly emails?:
    | readonly (string | { readonly address: string; readonly primary?: boolean | undefined })[]
    | undefined;
  readonly login?: string | undefined;
  readonly loginAliases?: readonly string[] | undefined;
  /** Default `enabled`, as Baton's NewUserTrait. */
  readonly status?: UserStatus | undefined;
  readonly statusDetails?: string | undefined;
  /** Default `human`, as Baton's NewUserTrait. */
  readonly accountType?: AccountType | undefined;
  readonly profile?: JsonObject | undefined;
  readonly createdAt?: Date | undefined;
  readonly lastLogin?: Date | undefined;
  readonly mfaEnabled?: boolean | undefined;
  readonly ssoEnabled?: boolean | undefined;
}

/**
 * Baton rejects a resource description over 2048 bytes. Descriptions come from API data, so a
 * long one is cut (at a character boundary) rather than failing the whole sync.
 */
const MAX_DESCRIPTION_BYTES = 2048;

const USER_STATUS: Readonly<Record<UserStatus, UserTrait_Status_Status>> = {
  enabled: UserTrait_Status_Status.ENABLED,
  disabled: UserTrait_Status_Status.DISABLED,
  deleted: UserTrait_Status_Status.DELETED,
  unspecified: UserTrait_Status_Status.UNSPECIFIED,
};

const ACCOUNT_TYPE: Readonly<Record<AccountType, UserTrait_AccountType>> = {
  human: UserTrait_AccountType.HUMAN,
  service: UserTrait_AccountType.SERVICE,
  system: UserTrait_AccountType.SYSTEM,
};

const APP_FLAG: Readonly<Record<AppFlagName, AppTrait_AppFlag>> = {
  hidden: AppFlag.HIDDEN,
  inactive: AppFlag.INACTIVE,
  saml: AppFlag.SAML,
  oidc: AppFlag.OIDC,
  bookmark: AppFlag.BOOKMARK,
};

/** Looks a name up in one of the maps above, with an error listing the allowed names. */
const pick = <T>(field: string, table: Readonly<Record<string, T>>, name: string): T => {
  const value = Object.hasOwn(table, name) ? table[name] : undefined;
  if (value === undefined) {
    return contractFailure(`${field} ${JSON.stringify(name)} is not one of ${Object.keys(table).join(", ")}`);
  }
  return value;
};

/** Each trait's schema with the type URL suffix that marks it (computed once, not per resource). */
const TRAIT_URL_SUFFIXES = Object.values(TRAIT_SCHEMAS).map((schema) => ({
  schema,
  suffix: `/${schema.typeName}`,
}));

/** A resource with the given extra annotations first (traits), then the caller's. */
const buildResource = (input: ResourceInput, leading: readonly Message[]): Resource => {
  const typeId = typeof input.type === "string" ? input.type : input.type.id;
  const id = resourceId(typeId, input.id);
  // Built only when needed: error messages, and labels of the slower checks below.
  const where = (): string => `resource ${resourceKey(id)}`;
  const annotations = packAnnotations(
    input.annotations === undefined || input.annotations.length === 0
      ? leading
      : [...leading, ...input.annotations],
  );

  if (typeof input.type !== "string") {
    // Baton's syncer drops a resource whose type declares a trait it does not carry.
    for (const trait of traitsOf(input.type)) {
      if (!hasAnnotation(annotations, TRAIT_SCHEMAS[trait])) {
        contractFailure(
          `${where()}: type ${typeId} has the ${trait} trait; build it with ${trait}Resource()`,
        );
      }
    }
  }
  for (const { schema, suffix } of TRAIT_URL_SUFFIXES) {
    let count = 0;
    for (const annotation of annotations) if (annotation.typeUrl.endsWith(suffix)) count += 1;
    if (count > 1) {
      contractFailure(
        `${where()}: annotations carry ${schema.name} twice; pass the trait through its builder only`,
      );
    }
  }

  const external = input.externalId;
  return create(ResourceSchema, {
    id,
    parentResourceId: input.parent === undefined ? undefined : idOf(`${where()}: parent`, input.parent),
    displayName: fitsIdLimit(input.displayName)
      ? input.displayName
      : requireText(`${where()}: displayName`, input.displayName),
    description: truncateUtf8(input.description ?? "", MAX_DESCRIPTION_BYTES),
    annotations,
    externalId:
      external === undefined
        ? undefined
        : create(ExternalIdSchema, {
            id: requireText(`${where()}: externalId.id`, external.id),
            link: external.link ?? "",
            description: external.description ?? "",
          }),
  });
};

export const resource = (input: ResourceInput): Resource => buildResource(input, []);

export const userResource = (input: ResourceInput & { readonly user: UserTraitInput }): Resource => {
  const where = `userResource(${JSON.stringify(String(input.id))}): user`;
  const user = input.user;
  const emails = (user.emails ?? []).map((email, index) => {
    const entry = typeof email === "string" ? { address: email, primary: false } : email;
    return {
      address: requireText(`${where}.emails[${index}]`, entry.address),
      isPrimary: entry.primary === true,
    };
  });
  if (emails.filter((email) => email.isPrimary).length > 1) {
    contractFailure(`${where}.emails marks more than one email as primary`);
  }
  const trait = create(UserTraitSchema, {
    emails,
    status: {
      status: pick(`${where}.status`, USER_STATUS, user.status ?? "enabled"),
      details: user.statusDetails ?? "",
    },
    accountType: pick(`${where}.accountType`, ACCOUNT_TYPE, user.accountType ?? "human"),
    login: user.login ?? "",
    loginAliases: (user.loginAliases ?? []).map((alias, index) =>
      requireText(`${where}.loginAliases[${index}]`, alias),
    ),
    profile: user.profile,
    createdAt:
      user.createdAt === undefined
        ? undefined
        : timestampFromDate(requireDate(`${where}.createdAt`, user.createdAt)),
    lastLogin:
      user.lastLogin === undefined
        ? undefined
        : timestampFromDate(requireDate(`${where}.lastLogin`, user.lastLogin)),
    mfaStatus: user.mfaEnabled === undefined ? undefined : { mfaEnabled: user.mfaEnabled },
    ssoStatus: user.ssoEnabled === undefined ? undefined : { ssoEnabled: user.ssoEnabled },
  });
  return buildResource(input, [trait]);
};

export const groupResource = (
  input: ResourceInput & { readonly group?: { readonly profile?: JsonObject | undefined } | undefined },
): Resource => buildResource(input, [create(GroupTraitSchema, { profile: input.group?.profile })]);

export const roleResource = (
  input: ResourceInput & { readonly role?: { readonly profile?: JsonObject | undefined } | undefined },
): Resource => buildResource(input, [create(RoleTraitSchema, { profile: input.role?.profile })]);

export interface AppTraitInput {
  /** An https:// URL, as Baton's validate rules require. */
  readonly helpUrl?: string | undefined;
  readonly profile?: JsonObject | undefined;
  readonly flags?: readonly AppFlagName[] | undefined;
}

export const appResource = (
  input: ResourceInput & { readonly app?: AppTraitInput | undefined },
): Resource => {
  const where = `appResource(${JSON.stringify(String(input.id))}): app`;
  const helpUrl = input.app?.helpUrl;
  if (helpUrl !== undefined && !helpUrl.startsWith("https://")) {
    contractFailure(`${where}.helpUrl must start with https://, got ${JSON.stringify(helpUrl)}`);
  }
  const trait = create(AppTraitSchema, {
    helpUrl: helpUrl ?? "",
    profile: input.app?.profile,
    flags: (input.app?.flags ?? []).map((flag, index) => pick(`${where}.flags[${index}]`, APP_FLAG, flag)),
  });
  return buildResource(input, [trait]);
};
