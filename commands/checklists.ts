/**
 * Loads a city's checklists (`JIATI_CHECKLISTS_FILE`): a JSON object with any of `application`,
 * `subsidy` and `provident_fund`, each a list of items `{ id, label, source, confirmed, required }`;
 * a kind the file leaves out keeps the default (Hangzhou's, in `domain/case/documents/checklists.ts`).
 * A file that does not read as that stops the process with the problem named, as a bad setting does.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_CHECKLISTS, type Checklists } from '../domain/case/index.js';

const Item = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'is a-z, digits and _ (at most 40), starting with a letter'),
  label: z.string().trim().min(1).max(60),
  source: z.string().trim().min(1).max(300),
  confirmed: z.boolean(),
  required: z.boolean(),
});

const List = z
  .array(Item)
  .min(1)
  .max(40)
  .refine((items) => new Set(items.map((item) => item.id)).size === items.length, 'has an id twice');

const File = z.strictObject({
  application: List.optional(),
  subsidy: List.optional(),
  provident_fund: List.optional(),
});

/** The checklists in `file` over the defaults; the defaults when no file is named. */
export function loadChecklists(file?: string): Checklists {
  if (file === undefined) return DEFAULT_CHECKLISTS;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`JIATI_CHECKLISTS_FILE ${file} does not read as JSON: ${(error as Error).message}`);
  }
  const parsed = File.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length === 0 ? '' : `${issue.path.join('.')} `;
    throw new Error(`JIATI_CHECKLISTS_FILE ${file}: ${where}${issue.message}`);
  }
  return { ...DEFAULT_CHECKLISTS, ...parsed.data };
}
