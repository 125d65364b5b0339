import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

/** What a local test server saw: one entry per request (or per TCP connection for a raw listener). */
export interface Hit {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  /** The address the connection arrived on: where the client really connected. */
  readonly localAddress: string;
  /** TLS only: the name the client sent in SNI. */
  readonly servername: string | null;
}

export type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

export interface LocalServer {
  readonly port: number;
  readonly hits: Hit[];
  close(): Promise<void>;
}

const track = (server: Server | NetServer): (() => Promise<void>) => {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return async () => {
    for (const socket of sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  };
};

const listen = async (server: Server | NetServer, host: string, port: number): Promise<number> => {
  server.listen(port, host);
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
};

const serve = async (server: Server, host: string, port: number, hits: Hit[], handler: Handler): Promise<LocalServer> => {
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const socket = request.socket as Socket & { servername?: string | false };
      hits.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, localAddress: socket.localAddress ?? '', servername: socket.servername || null });
      handler(request, response, body);
    });
  });
  const close = track(server);
  return { port: await listen(server, host, port), hits, close };
};

/** An HTTP server on a loopback address; port 0 picks a free one. */
export const httpServer = (handler: Handler, host = '127.0.0.1', port = 0): Promise<LocalServer> => serve(createHttpServer(), host, port, [], handler);

export const httpsServer = (handler: Handler, tls: { key: string; cert: string }, host = '127.0.0.1', port = 0): Promise<LocalServer> =>
  serve(createHttpsServer(tls), host, port, [], handler);

/** A raw TCP listener that answers nothing and counts who connects (any protocol, TLS included). */
export const tcpListener = async (host = '127.0.0.1', port = 0): Promise<LocalServer> => {
  const hits: Hit[] = [];
  const server = createNetServer((socket) => {
    hits.push({ method: '', url: '', headers: {}, body: '', localAddress: socket.localAddress ?? '', servername: null });
  });
  const close = track(server);
  return { port: await listen(server, host, port), hits, close };
};
