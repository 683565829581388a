/**
 * The HTTP load generator of `api.bench.ts`, forked as a child process so that the load takes no turn
 * of the servers' event loop, and kept to autocannon alone so that it starts in a moment. It runs
 * each load its parent sends and answers with what it measured; any failed request fails it.
 *
 * A load ends with its last response: a timed load stops sending at its time and waits for the
 * requests in flight. autocannon itself ends a timed load by dropping them, and the server would
 * then finish them during the next load (on a server answering in hundreds of milliseconds, a good
 * part of a short load).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/**
 * One request as autocannon sends it. Every `[<id>]` in its body is replaced by a fresh unique id
 * each time it is sent (autocannon's `idReplacement`): a paper vote's reference, say.
 */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * A load: per connection, the requests it sends in turn (round and round), for `seconds`, or until
 * `amount` requests in all (shared evenly between the connections) have been answered.
 */
export type Load = {
  readonly url: string;
  readonly requests: readonly (readonly LoadRequest[])[];
} & ({ readonly seconds: number } | { readonly amount: number });

/**
 * What one load measured: 2xx responses per second from the start to the last response, that time,
 * and each response's latency in ms (unsorted).
 */
export interface Measured {
  readonly rate: number;
  readonly seconds: number;
  readonly latencies: number[];
}

/** The part of an autocannon client that a graceful stop uses (autocannon 9's `lib/httpClient.js`). */
interface ClientCount {
  /** Requests sent so far. */
  readonly reqsMade: number;
  /** The client stops (after the answer in flight) once it has sent this many; 0 is no limit. */
  responseMax: number;
}

process.on('message', (load: Load) => {
  let connection = 0;
  const clients: ClientCount[] = [];
  const latencies: number[] = [];
  let last = 0;
  const start = performance.now();
  const timed = 'seconds' in load;
  void autocannon({
    url: load.url,
    connections: load.requests.length,
    // A timed load is stopped below; autocannon's own timer, which would drop the requests in
    // flight, is set far beyond it.
    ...(timed ? { duration: load.seconds + 3600 } : { amount: load.amount }),
    // A slow answer is measured, not failed: on a busy machine some take more than the default 10 s.
    timeout: 300,
    // autocannon notices a load has ended at its next sample: sampled often, it answers at once.
    sampleInt: 50,
    idReplacement: load.requests.some((requests) =>
      requests.some((request) => request.body?.includes('[<id>]')),
    ),
    setupClient: (client) => {
      clients.push(client as unknown as ClientCount);
      client.setRequests([...load.requests[connection++ % load.requests.length]!]);
      client.on('response', (status, _bytes, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
        last = performance.now();
      });
    },
  }).then((result) => {
    if (result.non2xx + result.errors > 0) {
      const statuses = Object.entries(result.statusCodeStats ?? {})
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, { count }]) => `${count} × ${status}`);
      throw new Error(
        `${load.url}: ${result.non2xx} non-2xx (${statuses.join(', ')}), ${result.errors} errors (${result.timeouts} timeouts)`,
      );
    }
    const seconds = (last - start) / 1000;
    const measured: Measured = { rate: latencies.length / seconds, seconds, latencies };
    process.send!(measured);
  });
  if (timed) {
    // Each connection sends no more once its answer in flight is in; the load ends with the last.
    setTimeout(() => {
      for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
    }, load.seconds * 1000);
  }
});
process.on('disconnect', () => process.exit(0));
