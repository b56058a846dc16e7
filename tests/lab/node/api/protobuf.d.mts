// Types for the lab's protobuf body decoder (protobuf.mjs), for the unit tests that import it.
export type Descriptor = Record<number, [string, unknown, { keep?: boolean; repeated?: boolean }?]>;
export const PROTOBUF_MAGIC: Buffer;
export const OBJECT_META: Descriptor;
export function decodeMessage(buf: Buffer, desc: Descriptor): Record<string, unknown>;
export function decodeProtobufBody(body: Buffer): Record<string, unknown>;
