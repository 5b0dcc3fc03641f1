import {
  BatonService,
  type BatonServiceFinishTaskRequest,
  BatonServiceFinishTaskRequestSchema,
  BatonServiceGetTaskRequestSchema,
  type BatonServiceGetTaskResponse,
  BatonServiceHeartbeatRequestSchema,
  type BatonServiceHeartbeatResponse,
  type BatonServiceHelloRequest,
  BatonServiceHelloRequestSchema,
} from "@baton-ts/protocol/service";
import {
  create,
  type DescMessage,
  type DescMethodUnary,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { C1Error, GrpcCode, PERMANENT_CODES } from "./errors.js";
import type { TokenSource } from "./token-source.js";

export interface BatonServiceClientOptions {
  /** `host:port`. */
  readonly target: string;
  /** PEM certificates to trust. */
  readonly ca: readonly string[];
  readonly tokens: TokenSource;
  readonly hostId: string;
  /** Our part of the User-Agent; grpc-js appends its own (`grpc-node-js/<version>`). */
  readonly userAgent: string;
  /** Deadline of one unary call (default 30 s). */
  readonly callTimeoutMs?: number;
}

const SERVICE_PATH = `/${BatonService.typeName}/`;

const serializer =
  <D extends DescMessage>(schema: D) =>
  (message: MessageShape<D>): Buffer =>
    Buffer.from(toBinary(schema, message));

const deserializer =
  <D extends DescMessage>(schema: D) =>
  (bytes: Buffer): MessageShape<D> =>
    fromBinary(schema, bytes);

/**
 * ConductorOne's BatonService over gRPC (grpc-js, TLS 1.2+, one long-lived HTTP/2 channel), with the
 * bearer token and host id on every call. grpc-js rather than Connect: it tunnels through an HTTP
 * CONNECT proxy by itself, as grpc-go does, and corporate egress proxies are common where connectors run.
 * Every failure is a C1Error that names the call and says whether retrying can help.
 */
export class BatonServiceClient {
  private readonly client: grpc.Client;
  private readonly callTimeoutMs: number;

  constructor(private readonly options: BatonServiceClientOptions) {
    const credentials = grpc.credentials.createSsl(Buffer.from(options.ca.join("\n")));
    this.client = new grpc.Client(options.target, credentials, {
      "grpc.primary_user_agent": options.userAgent,
      // Long polls go quiet between tasks; keepalive pings find a connection a middlebox dropped.
      "grpc.keepalive_time_ms": 60_000,
      "grpc.keepalive_timeout_ms": 20_000,
    });
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
  }

  get hostId(): string {
    return this.options.hostId;
  }

  /** Hello (the host id is this client's). */
  hello(
    request: MessageInitShape<typeof BatonServiceHelloRequestSchema>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const message: BatonServiceHelloRequest = create(BatonServiceHelloRequestSchema, request);
    message.hostId = this.options.hostId;
    return this.unary(BatonService.method.hello, message, signal);
  }

  getTask(signal?: AbortSignal): Promise<BatonServiceGetTaskResponse> {
    const message = create(BatonServiceGetTaskRequestSchema, { hostId: this.options.hostId });
    return this.unary(BatonService.method.getTask, message, signal);
  }

  heartbeat(taskId: string, signal?: AbortSignal): Promise<BatonServiceHeartbeatResponse> {
    const message = create(BatonServiceHeartbeatRequestSchema, { hostId: this.options.hostId, taskId });
    return this.unary(BatonService.method.heartbeat, message, signal);
  }

  /** FinishTask (the host id is this client's). */
  finishTask(
    request: MessageInitShape<typeof BatonServiceFinishTaskRequestSchema>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const message: BatonServiceFinishTaskRequest = create(BatonServiceFinishTaskRequestSchema, request);
    message.hostId = this.options.hostId;
    return this.unary(BatonService.method.finishTask, message, signal);
  }

  /**
   * One UploadAsset stream: metadata, the data chunks, then the eof with the SHA-256 of the whole asset.
   * `chunks` is read lazily, so a big file is never in memory at once.
   */
  async uploadAsset(
    taskId: string,
    chunks: AsyncIterable<Uint8Array>,
    sha256: Uint8Array,
    options: { readonly signal?: AbortSignal; readonly timeoutMs: number },
  ): Promise<void> {
    const metadata = await this.metadata(options.signal);
    const input = BatonService.method.uploadAsset.input;
    const output = BatonService.method.uploadAsset.output;
    await new Promise<void>((resolve, reject) => {
      const abort = (): void => call.cancel();
      const call = this.client.makeClientStreamRequest(
        `${SERVICE_PATH}UploadAsset`,
        serializer(input),
        deserializer(output),
        metadata,
        { deadline: Date.now() + options.timeoutMs },
        (error) => {
          options.signal?.removeEventListener("abort", abort);
          if (error) reject(this.failure("UploadAsset", error));
          else resolve();
        },
      );
      options.signal?.addEventListener("abort", abort, { once: true });
      // Writes wait for the stream to drain, so a big file is sent at the network's pace, not buffered.
      const write = (message: MessageShape<typeof input>): Promise<void> =>
        new Promise((done) => {
          if (call.write(message)) done();
          else call.once("drain", () => done());
        });
      (async () => {
        await write(
          create(input, { msg: { case: "metadata", value: { hostId: this.options.hostId, taskId } } }),
        );
        for await (const data of chunks)
          await write(create(input, { msg: { case: "data", value: { data } } }));
        await write(create(input, { msg: { case: "eof", value: { sha256Checksum: sha256 } } }));
        call.end();
      })().catch((error: unknown) => {
        call.cancel();
        reject(error);
      });
    });
  }

  close(): void {
    this.client.close();
  }

  private async metadata(signal: AbortSignal | undefined): Promise<grpc.Metadata> {
    const token = await this.options.tokens.token(signal);
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${token}`);
    return metadata;
  }

  /**
   * One unary call. A token ConductorOne no longer accepts (revoked, or the clocks disagree about its
   * expiry) is dropped and the call is tried once more with a fresh one, so a lost token never loses a
   * FinishTask.
   */
  private async unary<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    message: MessageShape<I>,
    signal: AbortSignal | undefined,
  ): Promise<MessageShape<O>> {
    try {
      return await this.unaryOnce(method, message, signal);
    } catch (error) {
      if (!(error instanceof C1Error) || error.grpcCode !== GrpcCode.unauthenticated || signal?.aborted)
        throw error;
      return this.unaryOnce(method, message, signal);
    }
  }

  private async unaryOnce<I extends DescMessage, O extends DescMessage>(
    method: DescMethodUnary<I, O>,
    message: MessageShape<I>,
    signal: AbortSignal | undefined,
  ): Promise<MessageShape<O>> {
    const metadata = await this.metadata(signal);
    return new Promise((resolve, reject) => {
      const abort = (): void => call.cancel();
      const call = this.client.makeUnaryRequest(
        `${SERVICE_PATH}${method.name}`,
        serializer(method.input),
        deserializer(method.output),
        message,
        metadata,
        { deadline: Date.now() + this.callTimeoutMs },
        (error, response) => {
          signal?.removeEventListener("abort", abort);
          if (error) reject(this.failure(method.name, error));
          else resolve(response as MessageShape<O>);
        },
      );
      signal?.addEventListener("abort", abort, { once: true });
    });
  }

  private failure(call: string, error: grpc.ServiceError | Error): C1Error {
    const code = "code" in error && typeof error.code === "number" ? error.code : GrpcCode.unknown;
    if (code === GrpcCode.unauthenticated) this.options.tokens.invalidate();
    const details = "details" in error && typeof error.details === "string" ? error.details : error.message;
    return new C1Error(code, `ConductorOne ${call} failed (${grpc.status[code] ?? code}): ${details}`, {
      permanent: PERMANENT_CODES.has(code),
      cause: error,
    });
  }
}
