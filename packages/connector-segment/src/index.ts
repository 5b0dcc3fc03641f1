// @baton-ts/connector-segment: the Segment connector definition, its config and its API client.
// The API simulator is a separate entry: @baton-ts/connector-segment/simulator.
export {
  createSegmentClient,
  SEGMENT_BASE_URLS,
  SegmentClient,
  type SegmentClientOptions,
  type SegmentRegion,
} from "./client/segment-client.js";
export { type SegmentConfig, segmentBaseUrl, segmentConfig } from "./config.js";
export { segmentConnector } from "./connector.js";
export { MEMBER, TYPE } from "./resource-types/type-ids.js";
export { CONNECTOR_VERSION } from "./version.js";
