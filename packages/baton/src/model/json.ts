import {
  type DescMessage,
  type Entitlement,
  type Grant,
  type JsonValue,
  type MessageShape,
  type Resource,
  type ResourceType,
  registry,
  toJson,
} from "@baton-ts/protocol";

/**
 * protojson of one message, as Go's protojson.Marshal prints it (camelCase names, defaults left out,
 * enums by name, Any annotations as {"@type", ...fields}). An annotation whose type this version does
 * not know cannot be printed that way (Go would fail too): it is left out, and `onUnknown` hears of it
 * so the program can say so once.
 */
export function messageJson<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  onUnknown?: (typeUrl: string) => void,
): JsonValue {
  try {
    return toJson(schema, message, { registry });
  } catch (error) {
    const unknown: string[] = [];
    const known = withKnownAnnotationsOnly(message as AnyModelMessage, unknown);
    if (unknown.length === 0) throw error;
    for (const typeUrl of unknown) onUnknown?.(typeUrl);
    return toJson(schema, known as unknown as MessageShape<Desc>, { registry });
  }
}

type AnyModelMessage = Resource | Entitlement | Grant | ResourceType;

const isKnown = (typeUrl: string) =>
  registry.getMessage(typeUrl.slice(typeUrl.lastIndexOf("/") + 1)) !== undefined;

/** A copy with every annotation of an unknown type removed, in the messages that nest annotations. */
function withKnownAnnotationsOnly<T extends AnyModelMessage>(message: T, unknown: string[]): T {
  const copy = { ...message } as AnyModelMessage & Record<string, unknown>;
  if (Array.isArray(copy.annotations)) {
    copy.annotations = copy.annotations.filter((any) => {
      if (isKnown(any.typeUrl)) return true;
      unknown.push(any.typeUrl);
      return false;
    });
  }
  for (const field of ["resource", "entitlement", "principal"]) {
    const nested = copy[field] as AnyModelMessage | undefined;
    if (nested !== undefined) copy[field] = withKnownAnnotationsOnly(nested, unknown);
  }
  if (Array.isArray(copy.grantableTo)) {
    copy.grantableTo = (copy.grantableTo as ResourceType[]).map((type) =>
      withKnownAnnotationsOnly(type, unknown),
    );
  }
  return copy as T;
}
