import {
  fromBinary,
  type Resource,
  typeUrlOf,
  type UserTrait,
  UserTrait_AccountType,
  UserTraitSchema,
} from "@baton-ts/protocol";

const USER_TRAIT_URL = typeUrlOf(UserTraitSchema);

/** The UserTrait annotation of a resource, if it has one (a malformed one reads as none). */
export function userTraitOf(resource: Resource | undefined): UserTrait | undefined {
  const any = resource?.annotations.find((annotation) => annotation.typeUrl === USER_TRAIT_URL);
  if (!any) return undefined;
  try {
    return fromBinary(UserTraitSchema, any.value);
  } catch {
    return undefined;
  }
}

/** Service and system accounts: the identities an access review looks at apart from people. */
export function isNonHuman(trait: UserTrait | undefined): boolean {
  return (
    trait !== undefined &&
    (trait.accountType === UserTrait_AccountType.SERVICE ||
      trait.accountType === UserTrait_AccountType.SYSTEM)
  );
}

export function primaryEmail(trait: UserTrait | undefined): string {
  return trait?.emails.find((email) => email.isPrimary)?.address ?? trait?.emails[0]?.address ?? "";
}
