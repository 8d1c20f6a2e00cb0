import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerMetrics } from '../common/metrics.ts';
import { call } from './client.ts';
import { ERROR_CODES, type ErrorCodeName } from './error-codes.ts';
import { bucketErrorFields, FlussError, fromBucketError, isFlussError } from './errors.ts';
import { startGrpcServer, stopGrpcServer, unary } from './server.ts';

// A one-method JSON service: the round trip through grpc-js's status and trailers, without protos.
const json = {
  serialize: (value: unknown) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer) => JSON.parse(bytes.toString()) as unknown,
};
const SERVICE: grpc.ServiceDefinition = {
  fail: {
    path: '/fluss.test.Errors/Fail',
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};
const Client = grpc.makeGenericClientConstructor(SERVICE, 'Errors');

interface FailRequest {
  code?: string;
  /** Fail with a plain grpc-js status and no trailers, as a server without codes would. */
  bareStatus?: number;
}

describe('error codes over the wire', () => {
  let server: grpc.Server;
  let client: grpc.Client;

  beforeAll(async () => {
    const context = { logger: pino({ level: 'silent' }), metrics: new ServerMetrics('test', false) };
    const handler = unary<FailRequest, object>('Fail', context, async (request) => {
      if (request.code !== undefined) throw new FlussError(request.code as ErrorCodeName, `failed with ${request.code}`);
      throw new Error('a bug');
    });
    const bare: grpc.handleUnaryCall<FailRequest, object> = (call, callback) =>
      call.request.bareStatus === undefined ? handler(call, callback) : callback({ code: call.request.bareStatus, details: 'bare' });
    const started = await startGrpcServer((s) => s.addService(SERVICE, { fail: bare }), { host: '127.0.0.1', port: 0 });
    server = started.server;
    client = new Client(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await stopGrpcServer(server);
  });

  const fail = (request: FailRequest): Promise<unknown> =>
    call(client, (client as unknown as Record<string, Parameters<typeof call>[1]>)['fail']!, request).then(
      () => expect.unreachable('the call succeeded'),
      (error: unknown) => error,
    );

  it.each(Object.keys(ERROR_CODES) as ErrorCodeName[])('rebuilds %s with its status and retriable flag', async (code) => {
    const error = await fail({ code });
    expect(error).toBeInstanceOf(FlussError);
    expect(error).toMatchObject({ code, message: `failed with ${code}`, retriable: ERROR_CODES[code].retriable });
    expect((error as FlussError).grpcCode).toBe(ERROR_CODES[code].status);
  });

  it('sends the code apart from the status: a retriable NOT_FOUND', async () => {
    const error = await fail({ code: 'UNKNOWN_TABLE_OR_BUCKET' });
    expect(error).toMatchObject({ code: 'UNKNOWN_TABLE_OR_BUCKET', status: 'NOT_FOUND', retriable: true });
    expect(isFlussError(error, 'NOT_FOUND')).toBe(true);
    expect(isFlussError(error, 'UNKNOWN_TABLE')).toBe(false);
  });

  it('falls back to the gRPC status when the trailers carry no code', async () => {
    expect(await fail({ bareStatus: grpc.status.NOT_FOUND })).toMatchObject({ code: 'NOT_FOUND', retriable: false });
    expect(await fail({ bareStatus: grpc.status.UNAVAILABLE })).toMatchObject({ code: 'UNAVAILABLE', retriable: true });
    expect(await fail({ bareStatus: grpc.status.CANCELLED })).toMatchObject({ code: 'INTERNAL' });
  });

  it('answers a handler bug as INTERNAL', async () => {
    expect(await fail({})).toMatchObject({ code: 'INTERNAL', retriable: false });
  });
});

describe('per-bucket errors', () => {
  it('round-trip through the response fields', () => {
    const fields = bucketErrorFields(new FlussError('OFFSET_OUT_OF_RANGE', 'offset 3 < log start 5'));
    expect(fields).toEqual({ errorCode: grpc.status.OUT_OF_RANGE, error: 'OFFSET_OUT_OF_RANGE', errorMessage: 'offset 3 < log start 5' });
    expect(fromBucketError(fields)).toMatchObject({ code: 'OFFSET_OUT_OF_RANGE', message: 'offset 3 < log start 5' });
  });

  it('use the status when the name is empty or unknown here', () => {
    expect(fromBucketError({ errorCode: grpc.status.NOT_FOUND, error: '', errorMessage: 'gone' }).code).toBe('NOT_FOUND');
    expect(fromBucketError({ errorCode: grpc.status.NOT_FOUND, error: 'FROM_THE_FUTURE', errorMessage: 'x' }).code).toBe('NOT_FOUND');
  });
});

describe('isFlussError', () => {
  it('matches a specific code exactly and a generic code by status', () => {
    const error = new FlussError('TABLE_ALREADY_EXISTS', 'Table already exists: db.t');
    expect(isFlussError(error, 'TABLE_ALREADY_EXISTS')).toBe(true);
    expect(isFlussError(error, 'ALREADY_EXISTS')).toBe(true);
    expect(isFlussError(error, 'DATABASE_ALREADY_EXISTS')).toBe(false);
    expect(isFlussError(new Error('x'))).toBe(false);
  });
});
