/**
 * The named record of a closed (or cancelled) ballot, to print and to file: its heading, the four
 * legal checks of the tally with their figures (Civil Code art. 278 para. 2), and every flat of the
 * frozen roster with each vote it got — choice, channel, time (Asia/Shanghai), receipt code, paper
 * reference and whether it counts. Owners' names only when `named` (`namedRecordOpenTo`, as the JSON
 * record): otherwise rooms alone.
 */
import type { NamedRecordRow } from '../../commands/ballot-record.js';
import type { BallotState } from '../../domain/case/index.js';
import { formatArea } from '../../domain/vote/index.js';
import { formatDocumentTime } from '../../lib/format-time.js';
import {
  ballotRecordColumns,
  ballotRecordHeading,
  CHECK_COLUMNS,
  checkRows,
  choiceWords,
  pageFooter,
  receiptCode,
  rulesLine,
  SHEET_WORDS,
  tallyLines,
  VOTE_CHANNEL_WORDS,
  voteCountsWords,
} from '../../messages/index.js';
import { drawHeading, drawTable, numberPages, renderPdf } from './pdf.js';
import { addTable, AREA_FORMAT, newWorkbook, numberCell, xlsxBytes, type SheetCell } from './xlsx.js';

/** What the record shows. */
export interface BallotRecordInput {
  readonly unitName: string;
  readonly ballot: BallotState;
  readonly rows: readonly NamedRecordRow[];
  /** Whether owners' names are shown (`namedRecordOpenTo`). */
  readonly named: boolean;
  /** When the record is made (its footer). */
  readonly now: Date;
}

const time = (at: string) => formatDocumentTime(new Date(at));

function heading(input: BallotRecordInput) {
  const { ballot } = input;
  const endedAt = ballot.status === 'cancelled' ? ballot.cancelledAt : ballot.closedAt;
  return ballotRecordHeading({
    unitName: input.unitName,
    title: ballot.title,
    matter: ballot.matter,
    opensAt: time(ballot.opensAt),
    ...(endedAt === undefined ? {} : { endedAt: time(endedAt) }),
    status: ballot.status,
    ...(ballot.result === undefined || ballot.status !== 'closed' ? {} : { passed: ballot.result.passed }),
    ...(ballot.cancelReason === undefined ? {} : { cancelReason: ballot.cancelReason }),
    named: input.named,
  });
}

/** One line per vote (a flat without votes: one line saying so), each cell as text or number. */
function voteLines(input: BallotRecordInput): { area: number; cells: string[] }[] {
  const areas = new Map(input.ballot.roster.map((flat) => [flat.room, flat.areaCenti]));
  return input.rows.flatMap((row) => {
    const areaCenti = areas.get(row.room) ?? 0;
    const flat = [
      row.room,
      String(row.floor),
      ...(input.named ? [row.owners.map((o) => o.name).join('、')] : []),
    ];
    if (row.votes.length === 0) {
      return [{ area: areaCenti, cells: [...flat, choiceWords(undefined), '', '', '', '', ''] }];
    }
    return row.votes.map((vote) => ({
      area: areaCenti,
      cells: [
        ...flat,
        choiceWords(vote.choice),
        VOTE_CHANNEL_WORDS[vote.channel],
        time(vote.castAt),
        receiptCode(vote.hash),
        vote.reference ?? '',
        voteCountsWords(vote, row.conflict, input.ballot.status === 'cancelled'),
      ],
    }));
  });
}

/** The cells with the area put in its column (after the flat's room, floor and owners). */
function withArea(line: { area: number; cells: string[] }, named: boolean, asNumber: boolean): SheetCell[] {
  const at = named ? 3 : 2;
  const area: SheetCell = asNumber ? numberCell(line.area / 100, AREA_FORMAT) : formatArea(line.area);
  const [room, floor, ...rest] = line.cells.slice(0, at);
  return [room, asNumber ? Number(floor) : floor, ...rest, area, ...line.cells.slice(at)];
}

/** The record as an `.xlsx`: a sheet of the votes, and a sheet of the checks and counts. */
export async function ballotRecordXlsx(input: BallotRecordInput): Promise<Buffer> {
  const book = newWorkbook(input.now);
  const head = heading(input);
  addTable(book, SHEET_WORDS.votes, {
    heading: `${input.unitName} ${head.title}`,
    header: ballotRecordColumns(input.named),
    rows: voteLines(input).map((line) => withArea(line, input.named, true)),
  });
  const checks = book.addWorksheet(SHEET_WORDS.checks);
  checks.addRow([head.title]).font = { bold: true, size: 13 };
  for (const line of head.lines) checks.addRow([line]);
  const tally = input.ballot.status === 'closed' ? input.ballot.result : undefined;
  if (tally !== undefined) {
    checks.addRow([]);
    checks.addRow([...CHECK_COLUMNS]).font = { bold: true };
    for (const row of checkRows(tally, input.ballot.rules)) {
      checks.addRow([row.label, row.figure, row.minimum, row.result]);
    }
    checks.addRow([]);
    for (const line of [...tallyLines(tally), rulesLine(input.ballot.rules)]) checks.addRow([line]);
  }
  checks.getColumn(1).width = 24;
  for (const column of [2, 3, 4]) checks.getColumn(column).width = 16;
  checks.addRow([]);
  checks.addRow([`生成时间：${formatDocumentTime(input.now)}（北京时间）`]);
  return xlsxBytes(book);
}

/** The record as a PDF: A4 landscape, the heading, the checks, then the votes' table. */
export function ballotRecordPdf(input: BallotRecordInput): Promise<Buffer> {
  const head = heading(input);
  return renderPdf({ title: `${input.unitName} ${head.title}`, layout: 'landscape', margin: 36 }, (doc) => {
    drawHeading(doc, `${input.unitName} ${head.title}`, head.lines);
    const tally = input.ballot.status === 'closed' ? input.ballot.result : undefined;
    if (tally !== undefined) {
      drawTable(
        doc,
        {
          header: CHECK_COLUMNS,
          rows: checkRows(tally, input.ballot.rules).map((row) => [
            row.label,
            row.figure,
            row.minimum,
            { text: row.result, bold: true },
          ]),
          widths: [0.4, 0.2, 0.2, 0.2],
        },
        { fontSize: 10 },
      );
      doc.font('regular').fontSize(9);
      for (const line of [...tallyLines(tally), rulesLine(input.ballot.rules)]) doc.text(line);
      doc.moveDown(0.8);
    }
    const widths = input.named
      ? [0.06, 0.04, 0.12, 0.07, 0.06, 0.1, 0.13, 0.08, 0.1, 0.24]
      : [0.07, 0.05, 0.08, 0.07, 0.12, 0.15, 0.09, 0.12, 0.25];
    drawTable(doc, {
      header: ballotRecordColumns(input.named),
      rows: voteLines(input).map((line) => withArea(line, input.named, false) as string[]),
      widths,
    });
    numberPages(doc, (page, pages) => pageFooter({ madeAt: formatDocumentTime(input.now), page, pages }));
  });
}
