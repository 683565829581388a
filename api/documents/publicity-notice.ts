/**
 * The publicity notice posted in the unit once the agreement is signed (domain.md §3): the vote's
 * result, the plan in force and its cost split, the publicity period as the legal clock computed it
 * (Civil Code arts. 201–203, on the State Council calendar), and how to object. Rooms and names never
 * appear: it hangs in the stairwell.
 */
import type { PlanState, PublicityState } from '../../domain/case/index.js';
import { shanghaiDayOf } from '../../domain/calendar/index.js';
import type { Tally } from '../../domain/vote/index.js';
import { formatDocumentTime } from '../../lib/format-time.js';
import {
  floorLines,
  formatYuan,
  freeFloors,
  pageFooter,
  PUBLICITY_HOW_TO_OBJECT,
  PUBLICITY_NO_COST,
  PUBLICITY_TITLE,
  publicityOpening,
  publicityPeriodLines,
  publicityPlanLine,
  publicitySignature,
  publicityVoteLine,
  SCHEME_WORDS,
  sharedFen,
} from '../../messages/index.js';
import { numberPages, renderPdf } from './pdf.js';

/** What the notice shows. */
export interface PublicityNoticeInput {
  readonly unitName: string;
  readonly publicity: PublicityState;
  /** The result of the elevator ballot that passed, when the case still has it. */
  readonly result?: Tally;
  readonly plan?: PlanState;
  /** The end lies in a year whose holiday notice is not out yet. */
  readonly provisional: boolean;
  readonly now: Date;
}

/** The plan's lines: title, summary, cost, subsidy, the amount shared, the scheme and each floor's share. */
function planLines(plan: PlanState | undefined): string[] {
  if (plan === undefined) return [PUBLICITY_NO_COST];
  const lines = [publicityPlanLine(plan)];
  if (plan.summary !== undefined) lines.push(plan.summary);
  if (plan.cost === undefined || plan.shares === undefined) return [...lines, PUBLICITY_NO_COST];
  const free = freeFloors(plan.shares);
  lines.push(
    `总造价 ${formatYuan(plan.cost.totalCostFen)}，政府补贴 ${formatYuan(plan.cost.subsidyFen)}，` +
      `住户共同分摊 ${formatYuan(sharedFen(plan.cost))}。`,
    `${SCHEME_WORDS[plan.cost.scheme.kind]}${free === null ? '' : `，${free}不出钱`}：`,
    ...floorLines(plan.shares).map((line) => `\u3000\u3000${line}`),
  );
  return lines;
}

/** The notice as a one-page A4 PDF (it runs onto a second only for a very long plan summary). */
export function publicityNoticePdf(input: PublicityNoticeInput): Promise<Buffer> {
  const { publicity } = input;
  const startedOn = shanghaiDayOf(new Date(publicity.startedAt));
  return renderPdf({ title: `${input.unitName} ${PUBLICITY_TITLE}`, margin: 64 }, (doc) => {
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const paragraph = (text: string, options: { bold?: boolean; size?: number; gap?: number } = {}) => {
      doc
        .font(options.bold === true ? 'bold' : 'regular')
        .fontSize(options.size ?? 12)
        .text(text, { width, lineGap: 3, paragraphGap: options.gap ?? 4 });
    };
    doc.font('bold').fontSize(24).text(PUBLICITY_TITLE, { width, align: 'center' });
    doc.moveDown(0.4);
    doc.font('regular').fontSize(12).text(input.unitName, { width, align: 'center' });
    doc.moveDown(1);
    paragraph(publicityOpening({ unitName: input.unitName, signedOn: publicity.signedOn }));
    if (input.result !== undefined) paragraph(publicityVoteLine(input.result));
    doc.moveDown(0.5);
    for (const line of planLines(input.plan)) paragraph(line);
    doc.moveDown(0.5);
    publicityPeriodLines({
      startedOn,
      endsOn: publicity.endsOn,
      ...(publicity.days === undefined ? {} : { days: publicity.days }),
      provisional: input.provisional,
    }).forEach((line, i) => paragraph(line, i === 0 ? { bold: true, size: 13 } : { size: 10 }));
    doc.moveDown(0.5);
    PUBLICITY_HOW_TO_OBJECT.forEach((line, i) => paragraph(line, i === 0 ? { bold: true } : {}));
    doc.moveDown(2);
    for (const line of publicitySignature(startedOn))
      doc.font('regular').fontSize(12).text(line, { width, align: 'right' });
    numberPages(doc, (page, pages) => pageFooter({ madeAt: formatDocumentTime(input.now), page, pages }));
  });
}
