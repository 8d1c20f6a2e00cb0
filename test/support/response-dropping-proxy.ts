// A TCP proxy on loopback that can lose one response: the request reaches the server and is
// carried out, but the client's connection is cut as the answer starts to come back. This is the
// ambiguous failure a retried write has to handle (did my earlier try succeed?).
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ResponseDroppingProxy {
  readonly port: number;
  /** The next response (on any connection) is dropped and its connection cut. */
  dropNextResponse(): void;
  close(): Promise<void>;
}

export async function startResponseDroppingProxy(targetPort: number): Promise<ResponseDroppingProxy> {
  let armed = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (armed) {
        armed = false;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the proxy has no port');
  return {
    port: address.port,
    dropNextResponse: () => void (armed = true),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
