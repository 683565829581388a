/**
 * Loading a city's checklists (`JIATI_CHECKLISTS_FILE`, commands/checklists.ts): no file keeps
 * Hangzhou's defaults; a file replaces only the kinds it lists; a file that does not read as checklists
 * stops the process with an Error naming the setting, the file and the problem.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadChecklists } from '../../commands/checklists.js';
import { DEFAULT_CHECKLISTS } from '../../domain/case/index.js';

let dir: string;
let count = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jiati-checklists-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `text` to a new file in the test folder and returns its path. */
async function fileWith(text: string): Promise<string> {
  const file = path.join(dir, `checklists-${++count}.json`);
  await writeFile(file, text);
  return file;
}

const item = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  label: `材料 ${id}`,
  source: '区补助细则',
  confirmed: true,
  required: true,
  ...extra,
});

describe('loadChecklists', () => {
  it('keeps Hangzhou’s checklists when no file is named', () => {
    expect(loadChecklists()).toBe(DEFAULT_CHECKLISTS);
  });

  it('replaces the kinds a file lists and keeps the defaults for the others', async () => {
    const subsidy = [item('invoice'), item('photos', { confirmed: false, required: false })];
    const checklists = loadChecklists(await fileWith(JSON.stringify({ subsidy })));
    expect(checklists).toEqual({
      application: DEFAULT_CHECKLISTS.application,
      subsidy,
      provident_fund: DEFAULT_CHECKLISTS.provident_fund,
    });
    expect(loadChecklists(await fileWith('{}'))).toEqual(DEFAULT_CHECKLISTS);
  });

  it('refuses a file that is not there or not JSON, naming the setting and the file', async () => {
    const missing = path.join(dir, 'nowhere.json');
    expect(() => loadChecklists(missing)).toThrow(`JIATI_CHECKLISTS_FILE ${missing} does not read as JSON: `);
    expect(() => loadChecklists(missing)).toThrow('ENOENT');
    const broken = await fileWith('{"subsidy": [');
    expect(() => loadChecklists(broken)).toThrow(`JIATI_CHECKLISTS_FILE ${broken} does not read as JSON: `);
  });

  it.each([
    [
      'an id with capitals',
      { subsidy: [item('Invoice')] },
      'subsidy.0.id is a-z, digits and _ (at most 40), starting with a letter',
    ],
    [
      'an id starting with a digit',
      { application: [item('1form')] },
      'application.0.id is a-z, digits and _ (at most 40), starting with a letter',
    ],
    [
      'an id longer than 40',
      { subsidy: [item('a'.repeat(41))] },
      'subsidy.0.id is a-z, digits and _ (at most 40), starting with a letter',
    ],
    ['an id twice', { provident_fund: [item('id_card'), item('id_card')] }, 'provident_fund has an id twice'],
    ['an unknown kind', { pension: [item('x')] }, 'Unrecognized key: "pension"'],
    [
      'an unknown key on an item',
      { subsidy: [item('invoice', { optional: true })] },
      'subsidy.0 Unrecognized key: "optional"',
    ],
    [
      'an empty label',
      { subsidy: [item('invoice', { label: '  ' })] },
      'subsidy.0.label Too small: expected string to have >=1 characters',
    ],
    [
      'a missing flag',
      { subsidy: [{ id: 'invoice', label: '发票', source: 's', confirmed: true }] },
      'subsidy.0.required Invalid input: expected boolean, received undefined',
    ],
    ['an empty list', { subsidy: [] }, 'subsidy Too small: expected array to have >=1 items'],
    ['a list for an object', [], 'Invalid input: expected object, received array'],
  ])('refuses %s, naming the setting, the file and the problem', async (_what, json, problem) => {
    const file = await fileWith(JSON.stringify(json));
    let thrown: unknown;
    try {
      loadChecklists(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    // A problem with the whole file has no path before it: the message then has two spaces there.
    expect((thrown as Error).message.replace(/: {2}/, ': ')).toBe(
      `JIATI_CHECKLISTS_FILE ${file}: ${problem}`,
    );
  });
});
