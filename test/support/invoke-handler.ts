import type * as grpc from '@grpc/grpc-js';
import { ERROR_CODE_KEY, flussErrorOf } from '../../server/src/rpc/errors.ts';

/**
 * Calls a gRPC service handler in-process, as a remote client would see it: the response, or the
 * FlussError rebuilt from the status and trailers (for tests and the simulation, which run servers'
 * handlers without sockets).
 */
export function invokeHandler<Req, Res>(handler: grpc.handleUnaryCall<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    const call = { request } as unknown as grpc.ServerUnaryCall<Req, Res>;
    handler(call, (error, response) => {
      if (error) {
        const name = error.metadata?.get(ERROR_CODE_KEY)[0];
        reject(flussErrorOf({ status: error.code ?? 13, name: typeof name === 'string' ? name : undefined, message: error.details ?? String(error) }));
      } else resolve(response as Res);
    });
  });
}
