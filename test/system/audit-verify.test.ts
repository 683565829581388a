import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { CaseStreams, EMPTY_HEAD } from '../../models/case-stream.js';
import { openTestDatabase, type TestDatabase } from '../support/db.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('audit');
  const streams = new CaseStreams(db.models.caseEvents);
  for (const caseId of ['case-good', 'case-bad']) {
    let head = EMPTY_HEAD;
    for (let n = 1; n <= 3; n++) {
      head = await streams.append(caseId, head, {
        type: 'Noted',
        data: { n },
        actor: { kind: 'admin', id: 'admin' },
        channel: 'api',
        at: new Date('2026-05-01T00:00:00Z'),
      });
    }
  }
  await db.models.caseEvents.collection.updateOne({ _id: 'case-bad:2' } as never, { $set: { 'data.n': 20 } });
});
afterAll(() => db.close());

const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
    env: { PATH: process.env.PATH, MONGODB_URI: db.uri, JIATI_DB_NAME: db.name },
    encoding: 'utf8',
  });

describe('npm run audit:verify', () => {
  it('says ok for an intact stream and exits 0', () => {
    const result = run('case-good');
    expect(result.stdout).toBe('case-good: ok (3 events)\n');
    expect(result.status).toBe(0);
  });

  it('names the first broken event and exits 1', () => {
    const result = run('case-good', 'case-bad');
    expect(result.stdout).toContain('case-bad: BROKEN at event 2 (case-bad:2): hash mismatch');
    expect(result.status).toBe(1);
  });

  it('checks every stream with --all and reports an unknown case id', () => {
    expect(run('--all').stdout.split('\n').filter(Boolean)).toEqual([
      'case-bad: BROKEN at event 2 (case-bad:2): hash mismatch',
      'case-good: ok (3 events)',
    ]);
    const unknown = run('case-missing');
    expect(unknown.stdout).toBe('case-missing: no such case stream\n');
    expect(unknown.status).toBe(1);
  });

  it('prints its usage without arguments and exits 2', () => {
    const result = run();
    expect(result.stderr).toMatch(/^usage: npm run audit:verify/);
    expect(result.status).toBe(2);
  });
});
