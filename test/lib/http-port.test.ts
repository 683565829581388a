import { describe, expect, it } from '@jest/globals';
import { bindPort, PortTakenError } from '../../lib/http-port.js';

describe('bindPort', () => {
  it('holds a request that comes before the app serves, then hands it over', async () => {
    const bound = await bindPort('127.0.0.1', 0);
    try {
      const answered = fetch(`http://127.0.0.1:${bound.port}/early`).then(async (r) => [
        r.status,
        await r.text(),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      bound.serve((request, response) => response.end(`served ${request.url}`));
      expect(await answered).toEqual([200, 'served /early']);
    } finally {
      await bound.close();
    }
  });

  it('answers a request still waiting at close with 503 and Retry-After', async () => {
    const bound = await bindPort('127.0.0.1', 0);
    const answered = fetch(`http://127.0.0.1:${bound.port}/`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all([bound.close(), bound.close()]);
    const response = await answered;
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('rejects with PortTakenError when the port is taken', async () => {
    const first = await bindPort('127.0.0.1', 0);
    try {
      const refused = await bindPort('127.0.0.1', first.port).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PortTakenError);
      expect(refused).toMatchObject({ host: '127.0.0.1', port: first.port, reason: 'EADDRINUSE' });
    } finally {
      await first.close();
    }
  });
});
