/**
 * The HTTP load generator of `api.bench.ts`, forked as a child process so that the load takes no turn
 * of the servers' event loop, and kept to autocannon alone so that it starts in a moment. It runs
 * each load its parent sends and answers with what it measured; any failed request fails it.
 */
import autocannon from 'autocannon';

/** One request as autocannon sends it. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** A load: per connection, the requests it sends in turn (round and round), for `seconds`. */
export interface Load {
  readonly url: string;
  readonly seconds: number;
  readonly requests: readonly (readonly LoadRequest[])[];
}

/** What one load measured: 2xx responses per second and latency percentiles (whole ms). */
export interface Measured {
  readonly rate: number;
  readonly p50: number;
  readonly p99: number;
}

process.on('message', (load: Load) => {
  let connection = 0;
  void autocannon({
    url: load.url,
    connections: load.requests.length,
    duration: load.seconds,
    setupClient: (client) => client.setRequests([...load.requests[connection++ % load.requests.length]!]),
  }).then((result) => {
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) throw new Error(`${load.url}: ${failed} requests failed (non-2xx, errors, timeouts)`);
    const measured: Measured = {
      rate: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
    };
    process.send!(measured);
  });
});
process.on('disconnect', () => process.exit(0));
