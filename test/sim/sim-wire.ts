import type * as grpc from '@grpc/grpc-js';
import { loadCoordinatorProto, loadTabletProto } from '../../server/src/rpc/proto.ts';
import { invokeHandler } from '../support/invoke-handler.ts';
import type { SimNetwork } from './sim-network.ts';

/**
 * A simulated call through the real wire encoding: the request is serialized when sent and parsed
 * where it arrives, the answer likewise, with the production proto definitions. So a handler sees
 * exactly what a gRPC server would (defaults filled in), and no buffer is shared between nodes.
 */
export type Service = 'tablet' | 'coordinator';

type Method = grpc.MethodDefinition<unknown, unknown>;

function definition(service: Service, method: string): Method {
  const services = service === 'tablet' ? loadTabletProto().fluss.v1.TabletService.service : loadCoordinatorProto().fluss.v1.CoordinatorService.service;
  const found = (services as unknown as Record<string, Method | undefined>)[method];
  if (found === undefined) throw new Error(`no ${service} method ${method}`);
  return found;
}

export interface WireCall {
  from: string;
  to: string;
  timeoutMs: number;
  service: Service;
  method: string;
  request: unknown;
  /** The handler of the process running at `to` when the request arrives; undefined: nobody listens. */
  handler: () => grpc.handleUnaryCall<unknown, unknown> | undefined;
}

export async function wireCall<Res>(network: SimNetwork, call: WireCall): Promise<Res> {
  const method = definition(call.service, call.method);
  const sent = method.requestSerialize(call.request);
  const answer = await network.call(call.from, call.to, call.timeoutMs, async () => {
    const handler = call.handler();
    if (handler === undefined) return new Promise<Buffer>(() => undefined);
    return method.responseSerialize(await invokeHandler(handler, method.requestDeserialize(sent)));
  });
  return method.responseDeserialize(answer) as Res;
}
