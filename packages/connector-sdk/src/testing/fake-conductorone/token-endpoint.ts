import type { KeyObject } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Http2ServerRequest } from "node:http2";
import { verifyClientAssertion } from "./client-assertion.js";
import type { FaultSwitches } from "./fault-switches.js";
import type { Observations } from "./observations.js";
import type { TokenIssuer } from "./token-issuer.js";

export const TOKEN_PATH = "/auth/v1/token";
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const MAX_BODY_BYTES = 64 * 1024;

export interface TokenEndpointDeps {
  readonly clientId: string;
  readonly publicKey: KeyObject;
  readonly audience: string;
  readonly issuer: TokenIssuer;
  readonly faults: FaultSwitches;
  readonly observations: Observations;
  readonly now: () => number;
}

type Request = IncomingMessage | Http2ServerRequest;
/** What both HTTP/1.1 and h2 responses offer, as much as a JSON answer needs. */
interface Response {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** Why, for the record (the error_description without anything secret). */
  readonly reason?: string;
}

/**
 * ConductorOne's token endpoint: an OAuth 2 client-credentials grant authenticated by a private_key_jwt client
 * assertion (RFC 7523). Serves HTTP/1.1 and h2 alike; answers JSON; records every request without its secrets.
 */
export async function handleTokenRequest(
  request: Request,
  response: Response,
  deps: TokenEndpointDeps,
): Promise<void> {
  let answer: Answer;
  try {
    answer = await answerTokenRequest(request, deps);
  } catch (error) {
    answer = oauthError(400, "invalid_request", error instanceof Error ? error.message : String(error));
  }
  deps.observations.record({
    name: "token",
    hostId: undefined,
    taskId: undefined,
    userAgent: request.headers["user-agent"],
    authorization: request.headers.authorization !== undefined,
    httpVersion: request.httpVersion,
    ok: answer.status === 200,
    grpcCode: undefined,
    httpStatus: answer.status,
    message: answer.reason,
  });
  const body = JSON.stringify(answer.body);
  response.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store" });
  response.end(body);
}

async function answerTokenRequest(request: Request, deps: TokenEndpointDeps): Promise<Answer> {
  const form = await readForm(request);
  if (request.method !== "POST")
    return oauthError(405, "invalid_request", "the token endpoint takes POST only");
  const serverError = deps.faults.tokenServerError.take();
  if (serverError !== undefined) {
    return { status: serverError, body: { error: "server_error" }, reason: "injected server error" };
  }
  if (deps.faults.refuseTokens) return oauthError(401, "invalid_client", "injected refusal");
  const contentType = request.headers["content-type"] ?? "";
  if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return oauthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  }
  const grantType = form.get("grant_type");
  if (grantType !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
  }
  if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
    return oauthError(400, "invalid_request", `client_assertion_type must be ${ASSERTION_TYPE}`);
  }
  const assertion = form.get("client_assertion");
  if (assertion === null || assertion === "")
    return oauthError(400, "invalid_request", "client_assertion is missing");
  if (form.get("client_id") !== deps.clientId) return oauthError(401, "invalid_client", "unknown client_id");
  const verdict = verifyClientAssertion(assertion, {
    clientId: deps.clientId,
    publicKey: deps.publicKey,
    audience: deps.audience,
    nowMs: deps.now(),
  });
  if (!verdict.ok) return oauthError(401, "invalid_client", verdict.reason);
  const { accessToken, expiresIn } = deps.issuer.issue();
  return { status: 200, body: { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn } };
}

const oauthError = (status: number, error: string, description: string): Answer => ({
  status,
  body: { error, error_description: description },
  reason: description,
});

async function readForm(request: Request): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`the request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}
