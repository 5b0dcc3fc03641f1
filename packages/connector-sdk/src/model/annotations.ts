import {
  type Any,
  AnySchema,
  anyIs,
  anyUnpack,
  create,
  type DescMessage,
  isMessage,
  type Message,
  type MessageShape,
  registry,
  typeUrlOf,
} from "@baton-ts/protocol";
import { encodeMessage } from "@baton-ts/protocol/wire";
import { contractFailure } from "./contract-check.js";

/**
 * Packs messages as `Any` annotations (type URL `type.googleapis.com/<full name>`). An `Any` is
 * kept as it is. Only messages the protocol registry knows can be packed: anything else would be
 * an annotation that no Baton reader can unpack.
 */
export const packAnnotations = (messages: readonly Message[]): Any[] =>
  messages.map((message, index) => {
    if (isMessage(message, AnySchema)) return message;
    const schema = registry.getMessage(message.$typeName);
    if (schema === undefined) {
      return contractFailure(
        `annotations[${index}]: ${message.$typeName} is not a Baton message; use a schema from @baton-ts/protocol`,
      );
    }
    // anyPack's result, with trait profiles written without toBinary's Struct conversion (see encodeMessage).
    return create(AnySchema, { typeUrl: typeUrlOf(schema), value: encodeMessage(schema, message) });
  });

/** The first annotation of this type, unpacked (Baton's annotations.Pick), or undefined. */
export const findAnnotation = <Desc extends DescMessage>(
  annotations: readonly Any[],
  schema: Desc,
): MessageShape<Desc> | undefined => {
  for (const annotation of annotations) {
    if (anyIs(annotation, schema)) return anyUnpack(annotation, schema);
  }
  return undefined;
};

/** Whether any annotation is of this type (Baton's annotations.Contains). */
export const hasAnnotation = (annotations: readonly Any[], schema: DescMessage): boolean =>
  annotations.some((annotation) => anyIs(annotation, schema));
