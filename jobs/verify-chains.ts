import { z } from 'zod';
import type { VerifyAllChains } from '../commands/verify-chains.js';
import type { JobDefinition } from './job.js';

/**
 * Nightly tamper check: verifies what every case stream appended since its last checkpoint (and that
 * the checkpointed event is unchanged), and logs, loudly, the first broken event of any stream that
 * no longer verifies. It writes only checkpoints, so running it twice is harmless. The full re-hash
 * of every event is `npm run audit:verify -- --all`.
 */
export const verifyChainsJob: JobDefinition<z.ZodObject, { verifyAllChains: VerifyAllChains }> = {
  name: 'audit.verify-chains',
  schema: z.object({}),
  every: { interval: '0 3 * * *', timezone: 'Asia/Shanghai' },
  async perform(_data, { verifyAllChains, log }) {
    const reports = await verifyAllChains();
    const broken = reports.filter((report) => !report.ok);
    for (const report of broken) {
      log.error({ caseId: report.caseId, firstBreak: report.firstBreak }, 'case stream failed verification');
    }
    log.info({ streams: reports.length, broken: broken.length }, 'case streams verified');
  },
};
