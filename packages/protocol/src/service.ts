/**
 * @baton-ts/protocol/service: ConductorOne's service protocol for connectors in service mode
 * (c1.connectorapi.baton.v1: BatonService, Task and their messages) and the google.rpc.Status that
 * FinishTask carries, exported as RpcStatus so it does not clash with c1.connector.v2.Status.
 */
export * from "./gen/c1/connectorapi/baton/v1/baton_pb.js";
export {
  file_google_rpc_status,
  type Status as RpcStatus,
  StatusSchema as RpcStatusSchema,
} from "./gen/google/rpc/status_pb.js";
