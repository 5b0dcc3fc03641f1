import { createRegistry, type DescMessage } from "@bufbuild/protobuf";
import {
  file_google_protobuf_any,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
} from "@bufbuild/protobuf/wkt";
import { file_c1_c1z_v1_annotation_sync_details } from "./gen/c1/c1z/v1/annotation_sync_details_pb.js";
import { file_c1_connector_v2_annotation_external_link } from "./gen/c1/connector/v2/annotation_external_link_pb.js";
import { file_c1_connector_v2_annotation_grant } from "./gen/c1/connector/v2/annotation_grant_pb.js";
import { file_c1_connector_v2_annotation_ratelimit } from "./gen/c1/connector/v2/annotation_ratelimit_pb.js";
import { file_c1_connector_v2_annotation_request } from "./gen/c1/connector/v2/annotation_request_pb.js";
import { file_c1_connector_v2_annotation_resource } from "./gen/c1/connector/v2/annotation_resource_pb.js";
import { file_c1_connector_v2_annotation_resource_tree } from "./gen/c1/connector/v2/annotation_resource_tree_pb.js";
import { file_c1_connector_v2_annotation_trait } from "./gen/c1/connector/v2/annotation_trait_pb.js";
import { file_c1_connector_v2_annotation_v1_identifier } from "./gen/c1/connector/v2/annotation_v1_identifier_pb.js";
import { file_c1_connector_v2_asset } from "./gen/c1/connector/v2/asset_pb.js";
import { file_c1_connector_v2_connector } from "./gen/c1/connector/v2/connector_pb.js";
import { file_c1_connector_v2_entitlement } from "./gen/c1/connector/v2/entitlement_pb.js";
import { file_c1_connector_v2_grant } from "./gen/c1/connector/v2/grant_pb.js";
import { file_c1_connector_v2_resource } from "./gen/c1/connector/v2/resource_pb.js";

/**
 * Every message, enum and service of this package (plus the well-known types they use).
 * `toJson`/`fromJson` need it to print or parse an `Any` (every `annotations` field), and
 * readers use it to unpack annotations by type URL.
 */
export const registry = createRegistry(
  file_google_protobuf_any,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_c1_c1z_v1_annotation_sync_details,
  file_c1_connector_v2_annotation_external_link,
  file_c1_connector_v2_annotation_grant,
  file_c1_connector_v2_annotation_ratelimit,
  file_c1_connector_v2_annotation_request,
  file_c1_connector_v2_annotation_resource,
  file_c1_connector_v2_annotation_resource_tree,
  file_c1_connector_v2_annotation_trait,
  file_c1_connector_v2_annotation_v1_identifier,
  file_c1_connector_v2_asset,
  file_c1_connector_v2_connector,
  file_c1_connector_v2_entitlement,
  file_c1_connector_v2_grant,
  file_c1_connector_v2_resource,
);

/** Baton (Go's anypb) prefixes every annotation's type URL with this. */
export const TYPE_URL_PREFIX = "type.googleapis.com/";

/** The type URL an `Any` holding this message carries, e.g. `type.googleapis.com/c1.connector.v2.UserTrait`. */
export const typeUrlOf = (schema: DescMessage): string => `${TYPE_URL_PREFIX}${schema.typeName}`;
