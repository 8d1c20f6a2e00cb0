import { connect, constants, type ClientHttp2Stream } from 'node:http2';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_CALLS_PER_CONNECTION, MAX_UNSENT_MIB_PER_CONNECTION, startGrpcServer, stopGrpcServer } from './server.ts';

// A real gRPC server from startGrpcServer, driven by a raw HTTP/2 client that can do what a gRPC
// client never does: leave responses unread.

const RESPONSE_BYTES = 16 * 1024 * 1024;
const EMPTY_REQUEST = Buffer.from([0, 0, 0, 0, 0]); // gRPC frame: not compressed, 0-byte message

describe('startGrpcServer bounds what one connection can hold', () => {
  let server: grpc.Server;
  let port: number;

  beforeAll(async () => {
    const response = Buffer.alloc(RESPONSE_BYTES, 7);
    const identity = (bytes: Buffer): Buffer => bytes;
    ({ server, port } = await startGrpcServer(
      (s) => {
        s.register('/test.Big/Get', (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, response), identity, identity, 'unary');
      },
      { host: '127.0.0.1', port: 0 },
    ));
  });

  afterAll(async () => {
    await stopGrpcServer(server, 100);
  });

  it('announces its limit of calls in flight', async () => {
    const session = connect(`http://127.0.0.1:${port}`);
    try {
      const settings = await new Promise<{ maxConcurrentStreams?: number }>((resolve) => session.once('remoteSettings', resolve));
      expect(settings.maxConcurrentStreams).toBe(MAX_CONCURRENT_CALLS_PER_CONNECTION);
    } finally {
      session.close();
    }
  });

  it('refuses new calls while responses past its limit are unread, and serves them again once they are read', async () => {
    const session = connect(`http://127.0.0.1:${port}`);
    const send = (): ClientHttp2Stream => {
      const stream = session.request({ ':method': 'POST', ':path': '/test.Big/Get', 'content-type': 'application/grpc', te: 'trailers' });
      stream.end(EMPTY_REQUEST);
      return stream;
    };
    /** Resolves with the stream's bytes, or its RST_STREAM code when the server refused it. */
    const outcome = (stream: ClientHttp2Stream): Promise<{ bytes: number; rstCode: number }> =>
      new Promise((resolve) => {
        let bytes = 0;
        stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
        stream.on('error', () => undefined);
        stream.on('close', () => resolve({ bytes, rstCode: stream.rstCode ?? 0 }));
      });
    try {
      const unread: ClientHttp2Stream[] = [];
      let refused: ClientHttp2Stream | undefined;
      const maxTries = MAX_UNSENT_MIB_PER_CONNECTION / (RESPONSE_BYTES / 1024 / 1024) + 4;
      for (let i = 0; i < maxTries && refused === undefined; i++) {
        const stream = send();
        stream.pause(); // never read: the server's copy stays queued
        // The server answers each call with headers, or refuses it outright.
        const answer = await new Promise<'headers' | 'refused'>((resolve) => {
          stream.once('response', () => resolve('headers'));
          stream.once('close', () => resolve('refused'));
          stream.once('error', () => undefined);
        });
        if (answer === 'refused') refused = stream;
        else unread.push(stream);
      }
      expect(refused?.rstCode).toBe(constants.NGHTTP2_ENHANCE_YOUR_CALM);
      expect(unread.length * RESPONSE_BYTES).toBeGreaterThanOrEqual(MAX_UNSENT_MIB_PER_CONNECTION * 1024 * 1024 - RESPONSE_BYTES);

      const drained = unread.map((stream) => {
        const done = outcome(stream);
        stream.resume();
        return done;
      });
      for (const result of await Promise.all(drained)) expect(result.bytes).toBeGreaterThanOrEqual(RESPONSE_BYTES);
      expect(await outcome(send())).toMatchObject({ rstCode: 0 });
    } finally {
      session.destroy();
    }
  });
});
