/**
 * The HTTP port, bound before the rest of the system starts: a process that cannot have its port
 * stops before it has started a database, a scheduler or a bot. Requests that arrive while the rest
 * starts wait and are handed to the app once it serves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** At most this many requests wait for the start; more are answered 503 with `Retry-After`. */
const MAX_WAITING = 1000;
const RETRY_AFTER_SECONDS = 5;

/** The port is taken by another process (or not ours to take). */
export class PortTakenError extends Error {
  override readonly name = 'PortTakenError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(`The HTTP port ${host}:${port} is taken (${reason}).`);
  }
}

type Listener = (request: IncomingMessage, response: ServerResponse) => void;

/** A bound port: its server, the port it got, and how to start serving and to close it. */
export interface BoundPort {
  readonly server: Server;
  readonly port: number;
  /** Hands every waiting request, then every new one, to `listener`. */
  serve(listener: Listener): void;
  /** Answers the waiting requests 503, stops listening and waits until open connections end (once). */
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (`0`: a free port) and resolves once bound; rejects with
 * {@link PortTakenError} when the address is in use or not allowed.
 */
export async function bindPort(host: string, port: number): Promise<BoundPort> {
  const waiting: [IncomingMessage, ServerResponse][] = [];
  let listener: Listener | null = null;
  let closed: Promise<void> | undefined;
  const unavailable = (response: ServerResponse) => {
    response.writeHead(503, { 'retry-after': String(RETRY_AFTER_SECONDS), connection: 'close' }).end();
  };
  const server = createServer((request, response) => {
    if (listener !== null) listener(request, response);
    else if (waiting.length < MAX_WAITING) waiting.push([request, response]);
    else unavailable(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
        reject(new PortTakenError(host, port, error.code));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    serve(next) {
      listener = next;
      for (const [request, response] of waiting.splice(0)) next(request, response);
    },
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        for (const [, response] of waiting.splice(0)) unavailable(response);
        server.close(() => resolve());
        server.closeIdleConnections();
      })),
  };
}
