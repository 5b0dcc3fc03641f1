/**
 * @baton-ts/protocol/wire: the repository's one hand-written protobuf encoder, for the messages a big
 * sync writes millions of times. Each produces `toBinary`'s bytes exactly (tested) and falls back to
 * `toBinary` for whatever it does not know. The c1z store and the sdk's sync engine use it; a connector
 * never needs it.
 */
export { GrantEncoder, type GrantEncoderOptions } from "./grant-encoder.js";
export { fastEncoderEnabled, MessageEncoder } from "./message-encoder.js";
export { encodeMessage } from "./struct-wire.js";
export { WireWriter } from "./wire-writer.js";
