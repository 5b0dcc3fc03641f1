import { execFile } from "node:child_process";
import { createHash, createPrivateKey, type KeyObject, randomBytes, sign } from "node:crypto";
import { existsSync } from "node:fs";
import { connect as http2Connect } from "node:http2";
import { request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import {
  type BatonServiceFinishTaskRequestSchema,
  type BatonServiceHelloRequest,
  BatonServiceFinishTaskRequestSchema as FinishRequest,
  BatonServiceFinishTaskResponseSchema as FinishResponse,
  BatonServiceGetTaskRequestSchema as GetTaskRequest,
  BatonServiceGetTaskResponseSchema as GetTaskResponse,
  BatonServiceHeartbeatRequestSchema as HeartbeatRequest,
  BatonServiceHeartbeatResponseSchema as HeartbeatResponse,
  BatonServiceHelloRequestSchema as HelloRequest,
  BatonServiceHelloResponseSchema as HelloResponse,
  BatonServiceUploadAssetRequestSchema as UploadRequest,
  BatonServiceUploadAssetResponseSchema as UploadResponse,
} from "@baton-ts/protocol/service";
import {
  create,
  type DescMessage,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { durationMs } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { encodeGrpcMessage } from "../src/testing/fake-conductorone/grpc-message-encoding.js";
import {
  type FakeConductorOne,
  type FakeConductorOneOptions,
  GrpcCode,
  makeClientCredentials,
  startFakeConductorOne,
} from "../src/testing/index.js";

// Everything here talks to the fake as a client would, over real TLS trusting only the fake's CA: grpc-js for
// BatonService (a generic client over protobuf-es bytes, no generated stubs), node:https and node:http2 for the
// token endpoint, and an assertion signer written here with node:crypto.

const SERVICE = "/c1.connectorapi.baton.v1.BatonService";
const AUDIENCE = "acme.conductor.one";

const started: FakeConductorOne[] = [];
const clients: grpc.Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(started.splice(0).map((fake) => fake.close()));
});

async function start(options?: FakeConductorOneOptions): Promise<FakeConductorOne> {
  const fake = await startFakeConductorOne(options);
  started.push(fake);
  return fake;
}

// --- client assertion (independent of the fake's code) -----------------------------------------------------------

/** The private key inside a ConductorOne client secret, read as a client does. */
function secretKey(clientSecret: string): KeyObject {
  const parts = clientSecret.split(":");
  expect(parts.slice(0, 3)).toEqual(["secret-token", "conductorone.com", "v1"]);
  const jwk = JSON.parse(Buffer.from(parts[3] as string, "base64url").toString("utf8"));
  return createPrivateKey({ key: jwk, format: "jwk" });
}

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

interface AssertionParts {
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
  readonly key?: KeyObject;
}

function assertion(fake: FakeConductorOne, nowMs: number, parts: AssertionParts = {}): string {
  const now = Math.floor(nowMs / 1000);
  const header = parts.header ?? { alg: "EdDSA", nonce: randomBytes(16).toString("hex") };
  const claims = parts.claims ?? {
    iss: fake.clientId,
    sub: fake.clientId,
    aud: AUDIENCE,
    exp: now + 120,
    nbf: now - 120,
    iat: now,
  };
  const signingInput = `${b64url(header)}.${b64url(claims)}`;
  const signature = sign(null, Buffer.from(signingInput), parts.key ?? secretKey(fake.clientSecret));
  return `${signingInput}.${signature.toString("base64url")}`;
}

function tokenForm(
  fake: FakeConductorOne,
  clientAssertion: string,
  overrides: Record<string, string> = {},
): string {
  return new URLSearchParams({
    client_assertion: clientAssertion,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_id: fake.clientId,
    grant_type: "client_credentials",
    ...overrides,
  }).toString();
}

interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** POST to the token endpoint over HTTP/1.1 (node:https). */
function postToken(fake: FakeConductorOne, form: string): Promise<TokenAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpsRequest(
      `${fake.url}/auth/v1/token`,
      {
        method: "POST",
        ca: fake.caPem,
        agent: false,
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "test-token-client" },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(form);
  });
}

/** POST to the token endpoint over h2 (node:http2). */
function postTokenH2(fake: FakeConductorOne, form: string): Promise<TokenAnswer> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(fake.url, { ca: fake.caPem });
    session.on("error", reject);
    const stream = session.request({
      ":method": "POST",
      ":path": "/auth/v1/token",
      "content-type": "application/x-www-form-urlencoded",
    });
    let status = 0;
    const chunks: Buffer[] = [];
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      session.close();
      resolve({ status, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    });
    stream.on("error", reject);
    stream.end(form);
  });
}

async function token(fake: FakeConductorOne, nowMs = Date.now()): Promise<string> {
  const answer = await postToken(fake, tokenForm(fake, assertion(fake, nowMs)));
  expect(answer.status).toBe(200);
  return answer.body.access_token as string;
}

// --- generic grpc-js client ----------------------------------------------------------------------------------------

type GrpcError = grpc.ServiceError;

function grpcClient(fake: FakeConductorOne): grpc.Client {
  const client = new grpc.Client(fake.apiHost, grpc.credentials.createSsl(Buffer.from(fake.caPem)), {
    "grpc.primary_user_agent": "baton-test baton-ts/test",
  });
  clients.push(client);
  return client;
}

const metadataWith = (bearer: string | undefined): grpc.Metadata => {
  const metadata = new grpc.Metadata();
  if (bearer !== undefined) metadata.set("authorization", `Bearer ${bearer}`);
  return metadata;
};

function unary<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  method: string,
  input: I,
  output: O,
  message: MessageInitShape<I>,
  bearer: string | undefined,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      `${SERVICE}/${method}`,
      (value: MessageShape<I>) => Buffer.from(toBinary(input, value)),
      (bytes: Buffer) => fromBinary(output, bytes),
      create(input, message),
      metadataWith(bearer),
      (error, response) => (error ? reject(error) : resolve(response as MessageShape<O>)),
    );
  });
}

function upload(
  client: grpc.Client,
  messages: readonly MessageInitShape<typeof UploadRequest>[],
  bearer: string | undefined,
): Promise<MessageShape<typeof UploadResponse>> {
  return new Promise((resolve, reject) => {
    const call = client.makeClientStreamRequest(
      `${SERVICE}/UploadAsset`,
      (value: MessageShape<typeof UploadRequest>) => Buffer.from(toBinary(UploadRequest, value)),
      (bytes: Buffer) => fromBinary(UploadResponse, bytes),
      metadataWith(bearer),
      (error, response) => (error ? reject(error) : resolve(response as MessageShape<typeof UploadResponse>)),
    );
    // A server that ends the stream early makes later writes fail; the callback carries the status.
    call.on("error", () => {});
    for (const message of messages) call.write(create(UploadRequest, message));
    call.end();
  });
}

async function rpcError(promise: Promise<unknown>): Promise<GrpcError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the RPC was expected to fail").toBeInstanceOf(Error);
  return error as GrpcError;
}

/** The plain-object form of a Hello request (not the message class). */
type HelloInit = Exclude<MessageInitShape<typeof HelloRequest>, BatonServiceHelloRequest>;

const helloMessage = (overrides: HelloInit = {}): HelloInit => ({
  hostId: "host-a",
  buildInfo: { langVersion: "node24.21.0", package: "@baton-ts/test", packageVersion: "0.1.0" },
  osInfo: {
    hostname: "host-a",
    os: "linux",
    platform: "debian",
    platformVersion: "12",
    platformFamily: "debian",
    kernelVersion: "6.1.0",
    kernelArch: "x64",
    virtualizationSystem: "none",
  },
  connectorMetadata: { displayName: "Test connector" },
  ...overrides,
});

const success = (taskId: string): MessageInitShape<typeof BatonServiceFinishTaskRequestSchema> => ({
  hostId: "host-a",
  taskId,
  finalState: { case: "success", value: {} },
});

const sha256 = (bytes: Uint8Array): Buffer => createHash("sha256").update(bytes).digest();

// --- tests ---------------------------------------------------------------------------------------------------------

describe("makeClientCredentials", () => {
  it("makes a ConductorOne client id and a secret holding an Ed25519 private JWK of the returned public key", () => {
    const credentials = makeClientCredentials({ clientName: "ci", tenantHost: "example.conductor.one" });
    expect(credentials.clientId).toBe("ci@example.conductor.one/pcc");
    expect(credentials.clientSecret).toMatch(/^secret-token:conductorone\.com:v1:[A-Za-z0-9_-]+$/);
    const jwk = JSON.parse(
      Buffer.from(credentials.clientSecret.split(":")[3] as string, "base64url").toString(),
    );
    expect(Object.keys(jwk)).toEqual(["kty", "crv", "d", "x"]);
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    const key = secretKey(credentials.clientSecret);
    expect(key.asymmetricKeyType).toBe("ed25519");
    expect(credentials.publicKey.export({ format: "jwk" }).x).toBe(jwk.x);
  });

  it("makes a different key each time", () => {
    expect(makeClientCredentials().clientSecret).not.toBe(makeClientCredentials().clientSecret);
  });
});

describe("startFakeConductorOne: TLS, env and close", () => {
  it("points a program at it with env(): a child process trusts its CA only through NODE_EXTRA_CA_CERTS", async () => {
    const fake = await start();
    const env = fake.env();
    expect(env).toEqual({
      BATON_CLIENT_ID: "baton-test@acme.conductor.one/pcc",
      BATON_CLIENT_SECRET: fake.clientSecret,
      BATON_C1_API_HOST: fake.apiHost,
      NODE_EXTRA_CA_CERTS: fake.caPath,
    });
    expect(fake.apiHost).toBe(`127.0.0.1:${fake.port}`);
    // The child posts an empty form: a 400 from the fake proves the TLS handshake was trusted.
    const script = `fetch("https://" + process.env.BATON_C1_API_HOST + "/auth/v1/token", { method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" })
      .then((r) => console.log("status " + r.status), (e) => console.log("failed " + (e.cause?.code ?? e.message)))`;
    const run = (variables: Record<string, string>) =>
      promisify(execFile)(process.execPath, ["-e", script], {
        env: { PATH: process.env.PATH ?? "", ...variables },
      });
    expect((await run(env)).stdout.trim()).toBe("status 400");
    const { NODE_EXTRA_CA_CERTS: _trust, ...untrusted } = env;
    expect((await run(untrusted)).stdout.trim()).toBe("failed UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  });

  it("close() removes the CA file and rejects pending waits", async () => {
    const fake = await startFakeConductorOne();
    expect(existsSync(fake.caPath)).toBe(true);
    const pending = expect(fake.waitFor((call) => call.name === "Hello")).rejects.toThrow("closed");
    const finished = expect(fake.finished("2bQ7a9ZtV1xYw3kLm5nP8rS0uC4")).rejects.toThrow("closed");
    await fake.close();
    await pending;
    await finished;
    expect(existsSync(fake.caPath)).toBe(false);
    await fake.close(); // idempotent
  });
});

describe("grpc-message encoding", () => {
  it("percent-encodes as grpc-go does: only non-printable bytes and %, so grpc-js's decodeURI restores the text", () => {
    const text = 'invalid X.TaskId: pattern "^[a-z]{27}$" at 100% ✓';
    const encoded = encodeGrpcMessage(text);
    expect(encoded).toBe('invalid X.TaskId: pattern "^[a-z]{27}$" at 100%25 %E2%9C%93');
    expect(decodeURI(encoded)).toBe(text);
  });
});

describe("token endpoint", () => {
  it("issues an opaque Bearer token for a valid assertion, over HTTP/1.1 and h2, and keeps no secret in its records", async () => {
    const fake = await start();
    const signed = assertion(fake, Date.now());
    const http1 = await postToken(fake, tokenForm(fake, signed));
    expect(http1.status).toBe(200);
    expect(http1.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(http1.body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const h2 = await postTokenH2(fake, tokenForm(fake, assertion(fake, Date.now())));
    expect(h2.status).toBe(200);
    expect(h2.body.access_token).not.toBe(http1.body.access_token);

    const calls = fake.calls;
    expect(calls.map((call) => [call.name, call.httpStatus, call.httpVersion, call.ok])).toEqual([
      ["token", 200, "1.1", true],
      ["token", 200, "2.0", true],
    ]);
    expect(calls[0]?.userAgent).toBe("test-token-client");
    const printed = JSON.stringify(calls);
    expect(printed).not.toContain(http1.body.access_token as string);
    expect(printed).not.toContain(h2.body.access_token as string);
    expect(printed).not.toContain(signed.split(".")[2] as string);
  });

  it("accepts aud as a one-element array (what older Go SDKs send)", async () => {
    const fake = await start();
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: fake.clientId,
      sub: fake.clientId,
      aud: [AUDIENCE],
      exp: now + 120,
      nbf: now - 120,
      iat: now,
    };
    expect((await postToken(fake, tokenForm(fake, assertion(fake, Date.now(), { claims })))).status).toBe(
      200,
    );
  });

  it("refuses each wrong assertion with 401 and a reason naming what is wrong", async () => {
    const fake = await start();
    const nowMs = Date.now();
    const now = Math.floor(nowMs / 1000);
    const claims = {
      iss: fake.clientId,
      sub: fake.clientId,
      aud: AUDIENCE,
      exp: now + 120,
      nbf: now - 120,
      iat: now,
    };
    const nonce = randomBytes(16).toString("hex");
    const otherKey = secretKey(makeClientCredentials().clientSecret);
    const cases: Array<[string, AssertionParts, string]> = [
      ["wrong key", { key: otherKey }, "signature does not verify"],
      ["wrong aud", { claims: { ...claims, aud: "evil.conductor.one" } }, "aud must be"],
      ["aud from BATON_C1_API_HOST", { claims: { ...claims, aud: fake.apiHost } }, "aud must be"],
      ["two audiences", { claims: { ...claims, aud: [AUDIENCE, "other"] } }, "aud must be"],
      ["expired", { claims: { ...claims, exp: now - 600, nbf: now - 900, iat: now - 780 } }, "expired"],
      ["not yet valid", { claims: { ...claims, nbf: now + 600, exp: now + 720 } }, "not valid yet"],
      ["too long-lived", { claims: { ...claims, exp: now + 86_400 } }, "lives too long"],
      ["missing exp", { claims: { ...claims, exp: undefined } }, "numeric dates"],
      ["wrong iss", { claims: { ...claims, iss: "someone@acme.conductor.one/pcc" } }, "iss must be"],
      ["wrong sub", { claims: { ...claims, sub: "someone" } }, "sub must be"],
      ["missing nonce", { header: { alg: "EdDSA" } }, "nonce"],
      ["short nonce", { header: { alg: "EdDSA", nonce: nonce.slice(0, 31) } }, "nonce"],
      [
        "upper-case nonce",
        { header: { alg: "EdDSA", nonce: nonce.toUpperCase().replace(/^[0-9]/, "A") } },
        "nonce",
      ],
      ["alg none", { header: { alg: "none", nonce } }, "alg must be EdDSA"],
    ];
    for (const [label, parts, reason] of cases) {
      const answer = await postToken(fake, tokenForm(fake, assertion(fake, nowMs, parts)));
      expect(answer.status, label).toBe(401);
      expect(answer.body.error, label).toBe("invalid_client");
      expect(answer.body.error_description, label).toContain(reason);
      expect(fake.calls.at(-1)?.message, label).toContain(reason);
    }
  });

  it("refuses an unknown client, a malformed assertion and a wrong grant", async () => {
    const fake = await start();
    const good = assertion(fake, Date.now());
    const unknown = await postToken(
      fake,
      tokenForm(fake, good, { client_id: "other@acme.conductor.one/pcc" }),
    );
    expect([unknown.status, unknown.body.error_description]).toEqual([401, "unknown client_id"]);
    const malformed = await postToken(fake, tokenForm(fake, "not-a-jws"));
    expect(malformed.status).toBe(401);
    expect(malformed.body.error_description).toContain("compact JWS");
    const grant = await postToken(fake, tokenForm(fake, good, { grant_type: "password" }));
    expect([grant.status, grant.body.error]).toEqual([400, "unsupported_grant_type"]);
    const type = await postToken(fake, tokenForm(fake, good, { client_assertion_type: "jwt" }));
    expect([type.status, type.body.error]).toEqual([400, "invalid_request"]);
  });
});

describe("BatonService authentication", () => {
  it("answers Unauthenticated without a token or with one it did not issue, and records the attempt", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const none = await rpcError(
      unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, undefined),
    );
    expect(none.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(none.details).toContain("missing authorization");
    const forged = await rpcError(
      unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, "forged"),
    );
    expect(forged.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(fake.calls.map((call) => [call.name, call.authorization, call.grpcCode, call.hostId])).toEqual([
      ["GetTask", false, GrpcCode.Unauthenticated, "h"],
      ["GetTask", true, GrpcCode.Unauthenticated, "h"],
    ]);
    expect(fake.calls[0]?.userAgent).toContain("baton-test baton-ts/test");
    expect(fake.calls[0]?.httpVersion).toBe("2.0");
  });

  it("refuses a token once its TTL has passed on the (injected) clock, and after expireTokens()", async () => {
    let clock = Date.now();
    const fake = await start({ now: () => clock, tokenTtlSeconds: 60 });
    const client = grpcClient(fake);
    const bearer = await token(fake, clock);
    await unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer);
    clock += 60_000;
    const expired = await rpcError(
      unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer),
    );
    expect(expired.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(expired.details).toContain("expired");

    const fresh = await token(fake, clock);
    await unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, fresh);
    fake.expireTokens();
    const revoked = await rpcError(
      unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, fresh),
    );
    expect(revoked.details).toContain("expired");
  });

  it("announces the TTL set at run time in expires_in", async () => {
    const fake = await start();
    fake.setTokenTtl(1);
    const answer = await postToken(fake, tokenForm(fake, assertion(fake, Date.now())));
    expect(answer.body.expires_in).toBe(1);
  });
});

describe("BatonService requests, validated as the real service's rules do", () => {
  it("records a valid Hello with its build, OS and connector metadata", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    await unary(client, "Hello", HelloRequest, HelloResponse, helloMessage(), await token(fake));
    expect(fake.hellos).toHaveLength(1);
    const hello = fake.hellos[0];
    expect(hello?.hostId).toBe("host-a");
    expect(hello?.taskId).toBe("");
    expect(hello?.buildInfo.package).toBe("@baton-ts/test");
    expect(hello?.osInfo.kernelArch).toBe("x64");
    expect(hello?.connectorMetadata.displayName).toBe("Test connector");
    expect(hello?.userAgent).toContain("baton-test");
  });

  it("answers InvalidArgument naming the field for each malformed request", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const osInfo = helloMessage().osInfo as object;
    const cases: Array<[string, () => Promise<unknown>, string]> = [
      [
        "Hello without build_info",
        () =>
          unary(client, "Hello", HelloRequest, HelloResponse, helloMessage({ buildInfo: undefined }), bearer),
        "invalid BatonServiceHelloRequest.BuildInfo: value is required",
      ],
      [
        "Hello with an empty kernel_arch",
        () =>
          unary(
            client,
            "Hello",
            HelloRequest,
            HelloResponse,
            helloMessage({ osInfo: { ...osInfo, kernelArch: "" } }),
            bearer,
          ),
        "invalid BatonServiceHelloRequest.OsInfo: embedded message failed validation | caused by: invalid BatonServiceHelloRequest_OSInfo.KernelArch: value length must be between 1 and 256 runes, inclusive",
      ],
      [
        "Hello without connector_metadata",
        () =>
          unary(
            client,
            "Hello",
            HelloRequest,
            HelloResponse,
            helloMessage({ connectorMetadata: undefined }),
            bearer,
          ),
        "BatonServiceHelloRequest.ConnectorMetadata: value is required",
      ],
      [
        "Hello with an empty host_id",
        () => unary(client, "Hello", HelloRequest, HelloResponse, helloMessage({ hostId: "" }), bearer),
        "BatonServiceHelloRequest.HostId",
      ],
      [
        "Hello answering a task with a malformed task id",
        () => unary(client, "Hello", HelloRequest, HelloResponse, helloMessage({ taskId: "task-1" }), bearer),
        "BatonServiceHelloRequest.TaskId",
      ],
      [
        "GetTask with a 257-character host_id",
        () => unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h".repeat(257) }, bearer),
        "BatonServiceGetTaskRequest.HostId: value length must be between 1 and 256 runes",
      ],
      [
        "Heartbeat with a short task id",
        () =>
          unary(
            client,
            "Heartbeat",
            HeartbeatRequest,
            HeartbeatResponse,
            { hostId: "h", taskId: "abc" },
            bearer,
          ),
        'invalid BatonServiceHeartbeatRequest.TaskId: value does not match regex pattern "^[a-zA-Z0-9]{27}$"',
      ],
      [
        "FinishTask without a final state",
        () =>
          unary(
            client,
            "FinishTask",
            FinishRequest,
            FinishResponse,
            { hostId: "h", taskId: "a".repeat(27) },
            bearer,
          ),
        "invalid BatonServiceFinishTaskRequest.FinalState: value is required",
      ],
      [
        "FinishTask with a task id containing a dash",
        () =>
          unary(client, "FinishTask", FinishRequest, FinishResponse, success(`${"a".repeat(26)}-`), bearer),
        "BatonServiceFinishTaskRequest.TaskId",
      ],
    ];
    for (const [label, call, message] of cases) {
      const error = await rpcError(call());
      expect(error.code, label).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details, label).toContain(message);
    }
    expect(fake.hellos).toHaveLength(0);
    expect(fake.finishes).toHaveLength(0);
  });
});

describe("task queue", () => {
  it("hands each task out once, to whichever host polls first, with next_poll", async () => {
    const fake = await start({ nextPollMs: 250 });
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const id = fake.enqueueSync({ skipExpandGrants: true });
    expect(id).toMatch(/^[A-Za-z0-9]{27}$/);
    expect(fake.waiting).toEqual([id]);
    const first = await unary(
      client,
      "GetTask",
      GetTaskRequest,
      GetTaskResponse,
      { hostId: "host-b" },
      bearer,
    );
    expect(first.task?.id).toBe(id);
    expect(first.task?.taskType.case).toBe("syncFull");
    expect(first.task?.taskType.case === "syncFull" && first.task.taskType.value.skipExpandGrants).toBe(true);
    expect(durationMs(first.nextPoll ?? ({ seconds: 0n, nanos: 0 } as never))).toBe(250);
    expect(first.nextHeartbeat).toBeUndefined();
    const second = await unary(
      client,
      "GetTask",
      GetTaskRequest,
      GetTaskResponse,
      { hostId: "host-a" },
      bearer,
    );
    expect(second.task).toBeUndefined();
    expect(fake.waiting).toEqual([]);
    expect(
      fake.calls.filter((call) => call.name === "GetTask").map((call) => [call.hostId, call.taskId]),
    ).toEqual([
      ["host-b", id],
      ["host-a", undefined],
    ]);
  });

  it("builds grant, revoke, hello, any oneof case and a task with no case, in order", async () => {
    const fake = await start({ idleTask: "none", nextHeartbeatMs: 1500 });
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const entitlement = {
      id: "group:g1:member",
      resource: { id: { resourceType: "group", resource: "g1" } },
    };
    const principal = { id: { resourceType: "user", resource: "u1" } };
    const ids = [
      fake.enqueueGrant(entitlement, principal, 3600),
      fake.enqueueRevoke({ id: "grant-1", entitlement, principal }),
      fake.enqueueHello(),
      fake.enqueue({ case: "eventFeed", value: {} }),
      fake.enqueue(undefined, { debug: true }),
    ];
    const poll = () => unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer);
    const grant = (await poll()).task;
    expect(grant?.id).toBe(ids[0]);
    if (grant?.taskType.case !== "grant") throw new Error("expected a grant task");
    expect(grant.taskType.value.entitlement?.id).toBe("group:g1:member");
    expect(grant.taskType.value.principal?.id?.resource).toBe("u1");
    expect(grant.taskType.value.duration?.seconds).toBe(3600n);
    const revoke = (await poll()).task;
    expect(revoke?.taskType.case === "revoke" && revoke.taskType.value.grant?.id).toBe("grant-1");
    expect((await poll()).task?.taskType.case).toBe("hello");
    expect((await poll()).task?.taskType.case).toBe("eventFeed");
    const bare = await poll();
    expect([bare.task?.id, bare.task?.taskType.case, bare.task?.debug]).toEqual([ids[4], undefined, true]);
    expect(durationMs(bare.nextHeartbeat as never)).toBe(1500);
    const idle = (await poll()).task;
    expect(idle?.taskType.case).toBe("none");
    expect(ids).not.toContain(idle?.id);
  });
});

describe("heartbeats, FinishTask and waiting without sleeps", () => {
  it("records heartbeats and answers cancelled for a cancelled task only", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const keep = fake.enqueueSync();
    const cancel = fake.enqueueSync();
    fake.cancelTask(cancel);
    const beat = (taskId: string) =>
      unary(client, "Heartbeat", HeartbeatRequest, HeartbeatResponse, { hostId: "h", taskId }, bearer);
    expect((await beat(keep)).cancelled).toBe(false);
    expect((await beat(cancel)).cancelled).toBe(true);
    expect(fake.heartbeats(keep)).toEqual([{ hostId: "h", taskId: keep, cancelled: false }]);
    expect(fake.heartbeats(cancel)).toEqual([{ hostId: "h", taskId: cancel, cancelled: true }]);
  });

  it("finished() resolves when the FinishTask arrives, with its status, error flag or success response", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const failed = fake.enqueue({ case: "eventFeed", value: {} });
    const done = fake.enqueueSync();
    const waiting = fake.finished(failed);
    await unary(
      client,
      "FinishTask",
      FinishRequest,
      FinishResponse,
      {
        hostId: "h",
        taskId: failed,
        status: { code: GrpcCode.Unknown, message: "unsupported task type" },
        finalState: { case: "error", value: { nonRetryable: false } },
      },
      bearer,
    );
    const record = await waiting;
    expect(record).toEqual({
      taskId: failed,
      hostId: "h",
      status: { code: 2, message: "unsupported task type", details: [] },
      error: { nonRetryable: false, annotations: [] },
    });
    await unary(client, "FinishTask", FinishRequest, FinishResponse, success(done), bearer);
    expect(await fake.finished(done)).toEqual({
      taskId: done,
      hostId: "host-a",
      success: { annotations: [], response: undefined },
    });
  });

  it("waitFor resolves on the next matching call, or on a past one with since, and times out with a summary", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const nextGetTask = fake.waitFor((call) => call.name === "GetTask");
    await unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer);
    expect((await nextGetTask).seq).toBe(1);
    expect((await fake.waitFor((call) => call.name === "token", { since: 0 })).seq).toBe(0);
    await expect(fake.waitFor((call) => call.name === "Hello", { timeoutMs: 50 })).rejects.toThrow(
      "no matching call since #2 within 50 ms; calls so far: token:200, GetTask:0",
    );
  });
});

describe("UploadAsset", () => {
  const metadata = (taskId: string) => ({
    msg: { case: "metadata" as const, value: { hostId: "h", taskId } },
  });
  const data = (bytes: Uint8Array) => ({ msg: { case: "data" as const, value: { data: bytes } } });
  const eof = (checksum: Uint8Array) => ({
    msg: { case: "eof" as const, value: { sha256Checksum: checksum } },
  });

  it("reassembles 512 KiB chunks and checks the SHA-256 eof", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const file = randomBytes(1024 * 1024 + 100);
    const taskId = fake.enqueueSync();
    const chunks = [file.subarray(0, 524_288), file.subarray(524_288, 1_048_576), file.subarray(1_048_576)];
    await upload(client, [metadata(taskId), ...chunks.map(data), eof(sha256(file))], await token(fake));
    const [attempt] = fake.uploads(taskId);
    expect(attempt?.completed).toBe(true);
    expect(attempt?.checksumMatched).toBe(true);
    expect(attempt?.chunkSizes).toEqual([524_288, 524_288, 100]);
    expect(Buffer.from(attempt?.bytes ?? []).equals(file)).toBe(true);
    expect(fake.calls.at(-1)).toMatchObject({ name: "UploadAsset", taskId, hostId: "h", ok: true });
  });

  it("refuses a wrong checksum, a stream not opened by metadata, bad chunk and eof sizes, and a missing eof", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const taskId = fake.enqueueSync();
    const bytes = randomBytes(64);
    const cases: Array<[string, MessageInitShape<typeof UploadRequest>[], string]> = [
      ["wrong checksum", [metadata(taskId), data(bytes), eof(sha256(randomBytes(64)))], "does not match"],
      [
        "data first",
        [data(bytes), metadata(taskId), eof(sha256(bytes))],
        "first message of an upload must be metadata",
      ],
      [
        "empty chunk",
        [metadata(taskId), data(new Uint8Array()), eof(sha256(new Uint8Array()))],
        "UploadData.Data",
      ],
      [
        "chunk over 1 MiB",
        [metadata(taskId), data(new Uint8Array(1_048_577))],
        "between 1 and 1048576 bytes",
      ],
      ["31-byte checksum", [metadata(taskId), data(bytes), eof(sha256(bytes).subarray(1))], "Sha256Checksum"],
      ["no eof", [metadata(taskId), data(bytes)], "ended without eof"],
      [
        "message without a case",
        [metadata(taskId), {}],
        "BatonServiceUploadAssetRequest.Msg: value is required",
      ],
      [
        "metadata with a bad task id",
        [metadata("x"), data(bytes), eof(sha256(bytes))],
        "UploadMetadata.TaskId",
      ],
    ];
    for (const [label, messages, reason] of cases) {
      const error = await rpcError(upload(client, messages, bearer));
      expect(error.code, label).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error.details, label).toContain(reason);
    }
    const attempts = fake.uploads(taskId);
    expect(attempts.every((attempt) => !attempt.completed)).toBe(true);
    expect(attempts[0]?.checksumMatched).toBe(false);
    expect(Buffer.from(attempts[0]?.bytes ?? []).equals(bytes)).toBe(true);
  });

  it("requires a token", async () => {
    const fake = await start();
    const taskId = fake.enqueueSync();
    const bytes = randomBytes(8);
    const error = await rpcError(
      upload(grpcClient(fake), [metadata(taskId), data(bytes), eof(sha256(bytes))], undefined),
    );
    expect(error.code).toBe(grpc.status.UNAUTHENTICATED);
  });
});

describe("fault switches", () => {
  it("token endpoint: 500 the next N times, then 401 while refused, then tokens again", async () => {
    const fake = await start();
    fake.failTokenRequests(2);
    const form = () => tokenForm(fake, assertion(fake, Date.now()));
    expect((await postToken(fake, form())).status).toBe(500);
    expect((await postToken(fake, form())).status).toBe(500);
    fake.refuseTokens();
    expect((await postToken(fake, form())).status).toBe(401);
    expect((await postToken(fake, form())).status).toBe(401);
    fake.refuseTokens(false);
    expect((await postToken(fake, form())).status).toBe(200);
    fake.failTokenRequests(1, 503);
    expect((await postToken(fake, form())).status).toBe(503);
    expect((await postToken(fake, form())).status).toBe(200);
  });

  it("GetTask Unavailable the next N times, without losing the queued task", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const id = fake.enqueueSync();
    fake.failGetTask(2);
    const poll = () => unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer);
    expect((await rpcError(poll())).code).toBe(grpc.status.UNAVAILABLE);
    expect((await rpcError(poll())).code).toBe(grpc.status.UNAVAILABLE);
    expect((await poll()).task?.id).toBe(id);
  });

  it("Hello answers the chosen code the next N times", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const hello = () => unary(client, "Hello", HelloRequest, HelloResponse, helloMessage(), bearer);
    fake.failHello(GrpcCode.PermissionDenied);
    expect((await rpcError(hello())).code).toBe(grpc.status.PERMISSION_DENIED);
    await hello();
    fake.failHello(GrpcCode.Unauthenticated, 2);
    expect((await rpcError(hello())).code).toBe(grpc.status.UNAUTHENTICATED);
    expect((await rpcError(hello())).code).toBe(grpc.status.UNAUTHENTICATED);
    await hello();
    expect(fake.hellos).toHaveLength(2);
  });

  it("Heartbeat fails the next N times", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const taskId = fake.enqueueSync();
    const beat = () =>
      unary(client, "Heartbeat", HeartbeatRequest, HeartbeatResponse, { hostId: "h", taskId }, bearer);
    fake.failHeartbeats(1, GrpcCode.Internal);
    expect((await rpcError(beat())).code).toBe(grpc.status.INTERNAL);
    expect((await beat()).cancelled).toBe(false);
    expect(fake.heartbeats(taskId)).toHaveLength(1);
  });

  it("UploadAsset fails the next N attempts, after eof or mid-stream, and the retry is recorded whole", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const taskId = fake.enqueueSync();
    const file = randomBytes(700_000);
    const messages = [
      { msg: { case: "metadata" as const, value: { hostId: "h", taskId } } },
      { msg: { case: "data" as const, value: { data: file.subarray(0, 524_288) } } },
      { msg: { case: "data" as const, value: { data: file.subarray(524_288) } } },
      { msg: { case: "eof" as const, value: { sha256Checksum: sha256(file) } } },
    ];
    fake.failUploads(1);
    expect((await rpcError(upload(client, messages, bearer))).code).toBe(grpc.status.UNAVAILABLE);
    fake.failUploads(1, { at: "after-metadata", code: GrpcCode.ResourceExhausted });
    expect((await rpcError(upload(client, messages, bearer))).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    await upload(client, messages, bearer);
    const attempts = fake.uploads(taskId);
    expect(attempts.map((attempt) => [attempt.completed, attempt.grpcCode, attempt.checksumMatched])).toEqual(
      [
        [false, GrpcCode.Unavailable, true],
        [false, GrpcCode.ResourceExhausted, undefined],
        [true, 0, true],
      ],
    );
    expect(attempts[1]?.bytes.length).toBe(0);
    expect(Buffer.from(attempts[2]?.bytes ?? []).equals(file)).toBe(true);
  });

  it("FinishTask fails the next N times; a refused finish is not a finish", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    const taskId = fake.enqueueSync();
    fake.failFinishTask(1);
    const finish = () => unary(client, "FinishTask", FinishRequest, FinishResponse, success(taskId), bearer);
    expect((await rpcError(finish())).code).toBe(grpc.status.UNAVAILABLE);
    expect(fake.finishes).toHaveLength(0);
    await finish();
    expect((await fake.finished(taskId)).success).toBeDefined();
    expect(fake.calls.filter((call) => call.name === "FinishTask").map((call) => call.grpcCode)).toEqual([
      GrpcCode.Unavailable,
      0,
    ]);
  });

  it("resetFaults switches everything off", async () => {
    const fake = await start();
    const client = grpcClient(fake);
    const bearer = await token(fake);
    fake.failGetTask(Number.POSITIVE_INFINITY);
    fake.refuseTokens();
    fake.resetFaults();
    expect((await postToken(fake, tokenForm(fake, assertion(fake, Date.now())))).status).toBe(200);
    await unary(client, "GetTask", GetTaskRequest, GetTaskResponse, { hostId: "h" }, bearer);
  });
});
