import { describe, expect, it } from "vitest";
import { create, EntitlementSchema, fromBinary, ResourceSchema, toBinary } from "../src/index.js";
import {
  BatonServiceFinishTaskRequestSchema,
  BatonServiceHelloRequestSchema,
  BatonServiceUploadAssetRequestSchema,
  RpcStatusSchema,
  TaskSchema,
} from "../src/service.js";
import { numbers, only, readFields, sub, text, varint } from "./wire-reader.js";

// Field numbers of baton-sdk's proto/c1/connectorapi/baton/v1/baton.proto, checked with the independent
// wire reader: a wrong number here would make ConductorOne and this program misread each other.
describe("ConductorOne's service protocol on the wire", () => {
  const userId = { resourceType: "user", resource: "u1" };

  it("Task: id=1, status=2, debug=3, grant=103 {entitlement=1, principal=2, duration=4}", () => {
    const task = create(TaskSchema, {
      id: "2bQ7a9ZtV1xYw3kLm5nP8rS0uC4",
      status: 3,
      debug: true,
      taskType: {
        case: "grant",
        value: {
          entitlement: { id: "group:g1:member" },
          principal: { id: userId },
          duration: { seconds: 7200n },
        },
      },
    });
    const fields = readFields(toBinary(TaskSchema, task));
    expect(numbers(fields)).toEqual([1, 2, 3, 103]);
    expect(text(only(fields, 1))).toBe("2bQ7a9ZtV1xYw3kLm5nP8rS0uC4");
    expect(varint(only(fields, 2))).toBe(3n);
    const grant = sub(only(fields, 103));
    expect(numbers(grant)).toEqual([1, 2, 4]);
    expect(text(only(sub(only(grant, 1)), 2))).toBe("group:g1:member");
    expect(varint(only(sub(only(grant, 4)), 1))).toBe(7200n);
  });

  it("Task oneof cases: none=100, hello=101, sync_full=102, revoke=104, sync_partial=121", () => {
    const cases = [
      ["none", 100],
      ["hello", 101],
      ["syncFull", 102],
      ["revoke", 104],
      ["createAccount", 105],
      ["eventFeed", 109],
      ["compactSyncs", 120],
      ["syncPartial", 121],
    ] as const;
    for (const [kind, number] of cases) {
      const task = create(TaskSchema, { id: "t", taskType: { case: kind, value: {} } } as never);
      expect(numbers(readFields(toBinary(TaskSchema, task))), kind).toEqual([1, number]);
    }
  });

  it("SyncFullTask: skip_expand_grants=2, skip_entitlements_and_grants=3, targeted=4, storage_engine=7", () => {
    const task = create(TaskSchema, {
      taskType: {
        case: "syncFull",
        value: {
          skipExpandGrants: true,
          skipEntitlementsAndGrants: true,
          targetedSyncResources: [{ id: userId }],
          storageEngine: "pebble",
        },
      },
    });
    const sync = sub(only(readFields(toBinary(TaskSchema, task)), 102));
    expect(numbers(sync)).toEqual([2, 3, 4, 7]);
    expect(text(only(sync, 7))).toBe("pebble");
  });

  it("decodes a create-account task whose connector.v2 messages are kept as bytes", () => {
    // What ConductorOne sends: field 105 holding a message whose field 1 is an AccountInfo message.
    const accountInfo = toBinary(ResourceSchema, create(ResourceSchema, { displayName: "Ada" }));
    const payload = new Uint8Array([0x0a, accountInfo.length, ...accountInfo]);
    const bytes = new Uint8Array([0xca, 0x06, payload.length, ...payload]); // (105 << 3) | 2 = 842
    const task = fromBinary(TaskSchema, bytes);
    expect(task.taskType.case).toBe("createAccount");
    expect(task.taskType.case === "createAccount" && task.taskType.value.accountInfo).toEqual(accountInfo);
  });

  it("Hello: host_id=1, task_id=2, build_info=3, os_info=4, connector_metadata=5", () => {
    const hello = create(BatonServiceHelloRequestSchema, {
      hostId: "pod-1",
      taskId: "",
      buildInfo: { langVersion: "node v24", package: "@baton-ts/x", packageVersion: "1.0.0" },
      osInfo: { hostname: "pod-1", os: "linux", virtualizationSystem: "none" },
      connectorMetadata: { displayName: "X" },
    });
    const fields = readFields(toBinary(BatonServiceHelloRequestSchema, hello));
    expect(numbers(fields)).toEqual([1, 3, 4, 5]);
    expect(numbers(sub(only(fields, 3)))).toEqual([1, 2, 3]);
    expect(numbers(sub(only(fields, 4)))).toEqual([1, 2, 8]);
  });

  it("FinishTask: status=3 {code=1, message=2}, error=100 {non_retryable=1}, success=101 {response=2}", () => {
    const failed = create(BatonServiceFinishTaskRequestSchema, {
      hostId: "h",
      taskId: "t",
      status: create(RpcStatusSchema, { code: 9, message: "provisioning is not enabled" }),
      finalState: { case: "error", value: { nonRetryable: true } },
    });
    const fields = readFields(toBinary(BatonServiceFinishTaskRequestSchema, failed));
    expect(numbers(fields)).toEqual([1, 2, 3, 100]);
    expect(numbers(sub(only(fields, 3)))).toEqual([1, 2]);
    expect(varint(only(sub(only(fields, 3)), 1))).toBe(9n);
    expect(varint(only(sub(only(fields, 100)), 1))).toBe(1n);

    const done = create(BatonServiceFinishTaskRequestSchema, {
      taskId: "t",
      finalState: {
        case: "success",
        value: { response: { typeUrl: "type.googleapis.com/x", value: new Uint8Array([1]) } },
      },
    });
    expect(numbers(sub(only(readFields(toBinary(BatonServiceFinishTaskRequestSchema, done)), 101)))).toEqual([
      2,
    ]);
  });

  it("UploadAsset: metadata=100 {host_id=1, task_id=2}, data=101 {data=1}, eof=102 {sha256_checksum=1}", () => {
    const message = (msg: never) =>
      readFields(
        toBinary(BatonServiceUploadAssetRequestSchema, create(BatonServiceUploadAssetRequestSchema, { msg })),
      );
    expect(
      numbers(sub(only(message({ case: "metadata", value: { hostId: "h", taskId: "t" } } as never), 100))),
    ).toEqual([1, 2]);
    expect(numbers(message({ case: "data", value: { data: new Uint8Array([7]) } } as never))).toEqual([101]);
    expect(numbers(message({ case: "eof", value: { sha256Checksum: new Uint8Array(32) } } as never))).toEqual(
      [102],
    );
  });

  it("grant tasks carry connector.v2 messages unchanged", () => {
    const entitlement = create(EntitlementSchema, { id: "group:g1:member", slug: "member" });
    const task = create(TaskSchema, { taskType: { case: "grant", value: { entitlement } } });
    const decoded = fromBinary(TaskSchema, toBinary(TaskSchema, task));
    expect(decoded.taskType.case === "grant" && decoded.taskType.value.entitlement?.slug).toBe("member");
  });
});
