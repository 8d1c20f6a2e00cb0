import * as grpc from '@grpc/grpc-js';
import { fromServiceError } from './errors.ts';

/**
 * A generated client's unary method. Generated methods are overloaded; TypeScript infers from the
 * last overload, `(argument, callback)`, so that is the shape declared here. It is called with
 * the full (argument, metadata, options, callback) form, which every overload set includes.
 */
type UnaryMethod<Req, Res> = (request: Req, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;
type FullUnaryMethod<Req, Res> = (
  request: Req,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: grpc.requestCallback<Res>,
) => grpc.ClientUnaryCall;

export interface CallOptions {
  /** Milliseconds until the call is abandoned with DEADLINE_EXCEEDED. */
  timeoutMs?: number;
}

export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * Calls a unary method and returns a promise. Server errors come back as FlussErrors with the
 * server's status and message, so callers never see grpc-js error shapes.
 */
export function call<Req, Res>(client: grpc.Client, method: UnaryMethod<Req, Res>, request: Req, options: CallOptions = {}): Promise<Res> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  return new Promise<Res>((resolve, reject) => {
    const full = method as unknown as FullUnaryMethod<Req, Res>;
    full.call(client, request, new grpc.Metadata(), { deadline }, (error, response) => {
      if (error) reject(fromServiceError(error));
      else if (response === undefined) reject(new Error('empty gRPC response'));
      else resolve(response);
    });
  });
}
