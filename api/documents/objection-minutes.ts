/**
 * An objection's minutes (异议处理记录) to print, sign and file: the objection as recorded (who, how,
 * on what ground, whether it counts and every reason it does not), each mediation step and the
 * hearing in order with its outcome — a withdrawn step stays in its place and says so — and how it
 * ended, with lines for the signatures. Names and what people wrote appear only when `names`.
 */
import { shanghaiDayOf } from '../../domain/calendar/index.js';
import type { ObjectionState, PublicityState } from '../../domain/case/index.js';
import { formatDocumentTime } from '../../lib/format-time.js';
import {
  MEDIATION_COLUMNS,
  mediationRow,
  MINUTES_SIGNATURE,
  MINUTES_TITLE,
  minutesHeading,
  NO_MEDIATION_YET,
  objectionRows,
  pageFooter,
} from '../../messages/index.js';
import { drawHeading, drawTable, numberPages, renderPdf } from './pdf.js';

/** What the minutes show. */
export interface ObjectionMinutesInput {
  readonly unitName: string;
  readonly objection: ObjectionState;
  /** The publicity period, to say when an objection came outside it. */
  readonly publicity?: PublicityState;
  /** Whether the reader may see names, and what people wrote. */
  readonly names: boolean;
  readonly now: Date;
}

/** The minutes as an A4 PDF. */
export function objectionMinutesPdf(input: ObjectionMinutesInput): Promise<Buffer> {
  const { objection, publicity } = input;
  const window =
    publicity === undefined
      ? undefined
      : { startedOn: shanghaiDayOf(new Date(publicity.startedAt)), endsOn: publicity.endsOn };
  return renderPdf({ title: `${input.unitName} ${MINUTES_TITLE}` }, (doc) => {
    drawHeading(doc, MINUTES_TITLE, minutesHeading({ unitName: input.unitName, objection }));
    drawTable(
      doc,
      {
        header: ['项目', '内容'],
        rows: objectionRows(objection, { names: input.names, ...(window === undefined ? {} : { window }) }),
        widths: [0.2, 0.8],
      },
      { fontSize: 11, padding: 5 },
    );
    doc.moveDown(1);
    doc.font('bold').fontSize(13).text('调解与听证', doc.page.margins.left);
    doc.moveDown(0.3);
    if (objection.mediations.length === 0) {
      doc.font('regular').fontSize(11).text(NO_MEDIATION_YET);
    } else {
      drawTable(doc, {
        header: MEDIATION_COLUMNS,
        rows: objection.mediations.map((session, index) => mediationRow(session, index + 1, input.names)),
        widths: [0.06, 0.12, 0.14, 0.18, 0.16, 0.24, 0.1],
      });
    }
    doc.moveDown(2);
    for (const line of MINUTES_SIGNATURE) {
      doc.font('regular').fontSize(11).text(line, doc.page.margins.left, undefined, { lineGap: 10 });
    }
    numberPages(doc, (page, pages) => pageFooter({ madeAt: formatDocumentTime(input.now), page, pages }));
  });
}
