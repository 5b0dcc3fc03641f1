import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EntitlementSchema, GrantSchema, ResourceSchema } from "@baton-ts/protocol";
import { BatonService, type Task_SyncFullTaskSchema } from "@baton-ts/protocol/service";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { batonServiceImpl, httpVersionKey, type ServiceSettings } from "./baton-service.js";
import {
  clientAssertionAudience,
  DEFAULT_CLIENT_NAME,
  DEFAULT_TENANT_HOST,
  makeClientCredentials,
} from "./client-credentials.js";
import { FaultSwitches, type UploadFailurePoint } from "./fault-switches.js";
import { withGrpcGoMessageEncoding } from "./grpc-message-encoding.js";
import {
  type FakeCall,
  type FinishRecord,
  type HeartbeatRecord,
  type HelloRecord,
  Observations,
  type UploadAttempt,
  type WaitForOptions,
  type WaitOptions,
} from "./observations.js";
import { type EnqueueOptions, TaskQueue, type TaskTypeInit } from "./task-queue.js";
import { makeTlsCertificates } from "./tls-certificates.js";
import { handleTokenRequest, TOKEN_PATH } from "./token-endpoint.js";
import { TokenIssuer } from "./token-issuer.js";

export interface FakeConductorOneOptions {
  /** The client id's name part (default `baton-test`). */
  readonly clientName?: string;
  /** The client id's tenant host, hence the assertion's audience (default `acme.conductor.one`). */
  readonly tenantHost?: string;
  /** `expires_in` of issued tokens, in seconds (default 3600; `setTokenTtl` changes it at run time). */
  readonly tokenTtlSeconds?: number;
  /** GetTask's `next_poll` (default 100 ms). */
  readonly nextPollMs?: number;
  /** `next_heartbeat` in GetTask and Heartbeat answers (default: not sent, which clients read as 30 s). */
  readonly nextHeartbeatMs?: number;
  /** With an empty queue GetTask answers no task (default) or a `none` task. */
  readonly idleTask?: "absent" | "none";
  /** The clock for token expiry, assertion times and record times (default `Date.now`), to test expiry without waiting. */
  readonly now?: () => number;
}

/** A running fake ConductorOne: token endpoint and BatonService on one TLS host:port, with a task queue. */
export interface FakeConductorOne {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`: what `BATON_C1_API_HOST` carries (token URL host and gRPC target). */
  readonly apiHost: string;
  readonly port: number;
  /** The CA that signed the server's certificate (PEM), and a file holding it for `NODE_EXTRA_CA_CERTS`. */
  readonly caPem: string;
  readonly caPath: string;
  readonly clientId: string;
  readonly clientSecret: string;

  /** The variables a Kubernetes Secret would carry to point a program at this fake. */
  env(): Record<
    "BATON_CLIENT_ID" | "BATON_CLIENT_SECRET" | "BATON_C1_API_HOST" | "NODE_EXTRA_CA_CERTS",
    string
  >;

  /** Queues a task of any `task_type` case, or with no case set (`undefined`), and returns its id. */
  enqueue(taskType: TaskTypeInit | undefined, options?: EnqueueOptions): string;
  enqueueSync(fields?: MessageInitShape<typeof Task_SyncFullTaskSchema>, options?: EnqueueOptions): string;
  /** `duration` in seconds, or as a Duration. */
  enqueueGrant(
    entitlement: MessageInitShape<typeof EntitlementSchema>,
    principal: MessageInitShape<typeof ResourceSchema>,
    duration?: number | MessageInitShape<typeof DurationSchema>,
  ): string;
  enqueueRevoke(grant: MessageInitShape<typeof GrantSchema>): string;
  enqueueHello(): string;
  /** Ids of queued tasks not handed out yet. */
  readonly waiting: readonly string[];

  /** The first accepted FinishTask of a task, already received or still to come. */
  finished(taskId: string, options?: WaitOptions): Promise<FinishRecord>;
  /** Every accepted FinishTask, in order. */
  readonly finishes: readonly FinishRecord[];
  /** Each UploadAsset stream for a task, in order, with its bytes, chunk sizes and checksum verdict. */
  uploads(taskId: string): readonly UploadAttempt[];
  readonly hellos: readonly HelloRecord[];
  heartbeats(taskId: string): readonly HeartbeatRecord[];
  /** Every token request and RPC, refused ones included, in order. */
  readonly calls: readonly FakeCall[];
  /** Resolves on the first call matching `predicate` recorded from now on (or from `since`). */
  waitFor(predicate: (call: FakeCall) => boolean, options?: WaitForOptions): Promise<FakeCall>;

  /** The token endpoint answers `status` (default 500) to the next `times` requests. */
  failTokenRequests(times?: number, status?: number): void;
  /** The token endpoint answers 401 to every request while `refuse` is true. */
  refuseTokens(refuse?: boolean): void;
  /** Tokens issued from now on live `seconds`. */
  setTokenTtl(seconds: number): void;
  /** Every token issued so far is expired from now on. */
  expireTokens(): void;
  /** GetTask answers `code` (default Unavailable) the next `times` calls. */
  failGetTask(times?: number, code?: Code): void;
  /** Hello answers `code` the next `times` calls (default once). */
  failHello(code: Code, times?: number): void;
  /** Heartbeat answers `code` (default Unavailable) the next `times` calls. */
  failHeartbeats(times?: number, code?: Code): void;
  /** Heartbeats for this task answer `cancelled = true` from now on. */
  cancelTask(taskId: string): void;
  /** The next `times` UploadAsset streams fail with `code` (default Unavailable) after eof (default) or mid-stream. */
  failUploads(times?: number, options?: { readonly code?: Code; readonly at?: UploadFailurePoint }): void;
  /** FinishTask answers `code` (default Unavailable) the next `times` calls. */
  failFinishTask(times?: number, code?: Code): void;
  /** Switches every fault off. */
  resetFaults(): void;
  setNextPoll(ms: number): void;
  setNextHeartbeat(ms: number | undefined): void;

  /** Stops the server, rejects pending waits and removes the temp files. */
  close(): Promise<void>;
}

/** gRPC-go's default maximum received message size, which ConductorOne's Go service keeps. */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Starts a protocol-faithful fake ConductorOne on 127.0.0.1 (a random port): one HTTPS server, HTTP/1.1 and h2,
 * serving the token endpoint and BatonService (gRPC), as a client with `BATON_C1_API_HOST` set expects.
 */
export async function startFakeConductorOne(
  options: FakeConductorOneOptions = {},
): Promise<FakeConductorOne> {
  const now = options.now ?? Date.now;
  const credentials = makeClientCredentials({
    clientName: options.clientName ?? DEFAULT_CLIENT_NAME,
    tenantHost: options.tenantHost ?? DEFAULT_TENANT_HOST,
  });
  const tls = await makeTlsCertificates();
  const issuer = new TokenIssuer(options.tokenTtlSeconds ?? 3600, now);
  const faults = new FaultSwitches();
  const observations = new Observations(now);
  const queue = new TaskQueue();
  const settings: ServiceSettings = {
    nextPollMs: checkMs(options.nextPollMs ?? 100, "nextPollMs"),
    nextHeartbeatMs:
      options.nextHeartbeatMs === undefined ? undefined : checkMs(options.nextHeartbeatMs, "nextHeartbeatMs"),
    idleTask: options.idleTask ?? "absent",
  };

  const grpcHandler = connectNodeAdapter({
    routes: (router) =>
      router.service(BatonService, batonServiceImpl({ queue, issuer, faults, observations, settings })),
    grpc: true,
    grpcWeb: false,
    connect: false,
    readMaxBytes: MAX_MESSAGE_BYTES,
    contextValues: (request) => createContextValues().set(httpVersionKey, request.httpVersion),
  });
  const tokenDeps = {
    clientId: credentials.clientId,
    publicKey: credentials.publicKey,
    audience: clientAssertionAudience(credentials.clientId),
    issuer,
    faults,
    observations,
    now,
  };

  const server = createSecureServer(
    { key: tls.keyPem, cert: tls.certPem, allowHTTP1: true, minVersion: "TLSv1.2" },
    (request: Http2ServerRequest, response: Http2ServerResponse) => {
      if ((request.headers["content-type"] ?? "").startsWith("application/grpc")) {
        grpcHandler(request, withGrpcGoMessageEncoding(response));
        return;
      }
      if (new URL(request.url, "https://fake").pathname === TOKEN_PATH) {
        handleTokenRequest(request, response, tokenDeps).catch(() => {
          if (!response.headersSent) response.writeHead(500);
          response.end();
        });
        return;
      }
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          error: "not_found",
          error_description: `no route for ${request.method} ${request.url}`,
        }),
      );
    },
  );
  // Closing must not wait for clients that keep connections open (grpc-js, keep-alive agents).
  const sockets = new Set<Socket>();
  server.on("secureConnection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // A session torn down by close() while a stream is open emits an error nobody else listens to.
  server.on("session", (session) => session.on("error", () => {}));

  const directory = await mkdtemp(join(tmpdir(), "baton-fake-c1-"));
  const caPath = join(directory, "ca.pem");
  try {
    await writeFile(caPath, tls.caPem);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      observations.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await rm(directory, { recursive: true, force: true });
    })();
    return closing;
  };

  const enqueue = (taskType: TaskTypeInit | undefined, enqueueOptions?: EnqueueOptions): string =>
    queue.enqueue(taskType, enqueueOptions);

  return {
    url: `https://127.0.0.1:${port}`,
    apiHost: `127.0.0.1:${port}`,
    port,
    caPem: tls.caPem,
    caPath,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    env: () => ({
      BATON_CLIENT_ID: credentials.clientId,
      BATON_CLIENT_SECRET: credentials.clientSecret,
      BATON_C1_API_HOST: `127.0.0.1:${port}`,
      NODE_EXTRA_CA_CERTS: caPath,
    }),

    enqueue,
    enqueueSync: (fields = {}, enqueueOptions) =>
      enqueue({ case: "syncFull", value: fields }, enqueueOptions),
    enqueueGrant: (entitlement, principal, duration) =>
      enqueue({
        case: "grant",
        value: {
          entitlement,
          principal,
          duration: typeof duration === "number" ? { seconds: BigInt(Math.trunc(duration)) } : duration,
        },
      }),
    enqueueRevoke: (grant) => enqueue({ case: "revoke", value: { grant } }),
    enqueueHello: () => enqueue({ case: "hello", value: {} }),
    get waiting() {
      return queue.waiting;
    },

    finished: (taskId, waitOptions) => observations.finished(taskId, waitOptions),
    get finishes() {
      return observations.finishes;
    },
    uploads: (taskId) => observations.uploads(taskId),
    get hellos() {
      return observations.hellos;
    },
    heartbeats: (taskId) => observations.heartbeats(taskId),
    get calls() {
      return observations.calls;
    },
    waitFor: (predicate, waitOptions) => observations.waitFor(predicate, waitOptions),

    failTokenRequests: (times = 1, status = 500) => faults.tokenServerError.arm(times, status),
    refuseTokens: (refuse = true) => {
      faults.refuseTokens = refuse;
    },
    setTokenTtl: (seconds) => {
      issuer.ttlSeconds = seconds;
    },
    expireTokens: () => issuer.expireAll(),
    failGetTask: (times = 1, code = Code.Unavailable) => faults.getTask.arm(times, code),
    failHello: (code, times = 1) => faults.hello.arm(times, code),
    failHeartbeats: (times = 1, code = Code.Unavailable) => faults.heartbeat.arm(times, code),
    cancelTask: (taskId) => {
      faults.cancelledTasks.add(taskId);
    },
    failUploads: (times = 1, uploadOptions = {}) =>
      faults.upload.arm(times, {
        code: uploadOptions.code ?? Code.Unavailable,
        at: uploadOptions.at ?? "after-eof",
      }),
    failFinishTask: (times = 1, code = Code.Unavailable) => faults.finishTask.arm(times, code),
    resetFaults: () => faults.reset(),
    setNextPoll: (ms) => {
      settings.nextPollMs = checkMs(ms, "nextPoll");
    },
    setNextHeartbeat: (ms) => {
      settings.nextHeartbeatMs = ms === undefined ? undefined : checkMs(ms, "nextHeartbeat");
    },

    close,
  };
}

function checkMs(ms: number, name: string): number {
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`${name} must be 0 or more milliseconds, got ${ms}`);
  return ms;
}
