import type { EventEmitter } from 'node:events';
import type { Http2Session } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { errorMetadata, FlussError } from './errors.ts';
import { shortText } from '../common/short-text.ts';
import { CHANNEL_OPTIONS } from './proto.ts';
import type { Endpoint } from './address.ts';
import type { ServerMetrics } from '../common/metrics.ts';

/** A unary handler as the services write it: a request in, a response or a thrown error out. */
export type UnaryHandler<Req, Res> = (request: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>;

/**
 * Longest error message sent back (characters). The message travels in an HTTP/2 trailer
 * (grpc-message); one larger than the peer's header limit breaks the whole connection, not just
 * the call, so every message is cut to this, whatever a handler put in it.
 */
export const MAX_ERROR_MESSAGE_CHARS = 2_048;

/**
 * Adapts an async handler to grpc-js: FlussErrors become their status with the message intact
 * (up to MAX_ERROR_MESSAGE_CHARS); anything else is a bug, logged, and answered as INTERNAL
 * without leaking internals.
 */
export function unary<Req, Res>(
  method: string,
  context: { logger: Logger; metrics: ServerMetrics },
  handler: UnaryHandler<Req, Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const stopTimer = context.metrics.rpcDuration.startTimer({ method });
    handler(call.request, call).then(
      (response) => {
        stopTimer({ code: 'OK' });
        callback(null, response);
      },
      (error: unknown) => {
        if (error instanceof FlussError) {
          stopTimer({ code: error.code });
          // The domain code and its retriable flag travel as trailers (fluss-error, fluss-retriable).
          const metadata = errorMetadata(error);
          callback({ code: error.grpcCode, details: shortText(error.message, MAX_ERROR_MESSAGE_CHARS), metadata });
          return;
        }
        stopTimer({ code: 'INTERNAL' });
        context.logger.error({ err: error, method }, 'unexpected error in handler');
        callback({ code: grpc.status.INTERNAL, details: shortText(`internal error in ${method}: ${String(error)}`, MAX_ERROR_MESSAGE_CHARS) });
      },
    );
  };
}

/**
 * Calls one HTTP/2 connection may have in flight (SETTINGS_MAX_CONCURRENT_STREAMS). Clients queue
 * calls beyond it until one finishes; a peer that ignores the setting gets its extra streams refused.
 */
export const MAX_CONCURRENT_CALLS_PER_CONNECTION = 100;

/**
 * Response bytes one HTTP/2 connection may leave unsent (MiB): a response the client does not read
 * stays in the server's memory. Past this, the connection's new calls are refused (RST_STREAM
 * ENHANCE_YOUR_CALM, which gRPC clients report as RESOURCE_EXHAUSTED) until the client reads; calls
 * already running finish. Node's HTTP/2 session memory limit, which counts data queued to be sent.
 */
export const MAX_UNSENT_MIB_PER_CONNECTION = 128;

/** Starts a gRPC server on host:port (port 0 picks a free one) and returns the bound port. */
export async function startGrpcServer(register: (server: grpc.Server) => void, endpoint: Endpoint): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({
    ...CHANNEL_OPTIONS,
    'grpc.max_concurrent_streams': MAX_CONCURRENT_CALLS_PER_CONNECTION,
    'grpc-node.max_session_memory': MAX_UNSENT_MIB_PER_CONNECTION,
  });
  register(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${endpoint.host}:${endpoint.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  if (process.env['FLUSS_SERVER_WINDOW'] !== '0') widenReceiveWindows(server);
  return { server, port };
}

/** The HTTP/2 receive window of server sessions (stream and connection), like the clients' (proto.ts). */
const SERVER_RECEIVE_WINDOW = 16 * 1024 * 1024;

/**
 * grpc-js servers take no flow-control option, so a 1 MiB Produce or PutKv request would stall every
 * 64 KiB for a WINDOW_UPDATE round trip. Widens the window of each new session through grpc-js's
 * (private) map of its HTTP/2 servers; if a grpc-js version lacks it, nothing changes.
 */
function widenReceiveWindows(server: grpc.Server): void {
  const servers = (server as unknown as { http2Servers?: Map<EventEmitter, unknown> }).http2Servers;
  if (!(servers instanceof Map)) return;
  for (const http2Server of servers.keys()) {
    http2Server.on('session', (session: Http2Session) => {
      session.settings({ initialWindowSize: SERVER_RECEIVE_WINDOW });
      session.setLocalWindowSize(SERVER_RECEIVE_WINDOW);
    });
  }
}

/** Stops accepting calls, lets running ones finish for up to graceMs, then cuts the rest. */
export async function stopGrpcServer(server: grpc.Server, graceMs = 2_000): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
