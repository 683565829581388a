/**
 * The unit's roster with each household's share of the plan in force, as an `.xlsx`: one row per
 * flat (room, floor, area and its source; to whoever sees names, the owners with masked phones and
 * the care flags; whether a WeChat contact is bound), its share in yuan and how it was computed, a
 * total row, and a sheet naming the plan the shares are of.
 */
import type { CaseState } from '../../domain/case/index.js';
import { maskPhone } from '../../lib/log.js';
import { formatDocumentTime } from '../../lib/format-time.js';
import {
  AREA_SOURCE_WORDS,
  rosterColumns,
  rosterHeading,
  rosterPlanRows,
  SCHEME_WORDS,
  shareTermsWords,
  SHEET_WORDS,
  sharedFen,
  TOTAL_WORD,
  yesWord,
} from '../../messages/index.js';
import {
  addTable,
  AREA_FORMAT,
  newWorkbook,
  numberCell,
  xlsxBytes,
  YUAN_FORMAT,
  type SheetCell,
} from './xlsx.js';

/** What the roster shows. */
export interface RosterInput {
  readonly unitName: string;
  readonly state: Pick<CaseState, 'flats' | 'plan' | 'households'>;
  /** Whether owners' names, masked phones and care flags are shown (`personalDataView`). */
  readonly names: boolean;
  readonly now: Date;
}

const yuan = (fen: number): SheetCell => numberCell(fen / 100, YUAN_FORMAT);

/** The roster as an `.xlsx`. */
export async function rosterXlsx(input: RosterInput): Promise<Buffer> {
  const { flats, plan, households } = input.state;
  const shares = new Map((plan?.shares ?? []).map((share) => [share.room, share]));
  const withShares = shares.size > 0;
  const bound = new Set(households.filter((h) => h.pending !== true).map((h) => h.room));
  const rows: SheetCell[][] = flats.map((flat) => {
    const share = shares.get(flat.room);
    const owners = flat.owners ?? [];
    return [
      flat.room,
      flat.floor,
      numberCell(flat.areaCenti / 100, AREA_FORMAT),
      AREA_SOURCE_WORDS[flat.areaSource],
      ...(input.names
        ? [
            owners.map((owner) => owner.name).join('、'),
            owners.map((owner) => (owner.phone === undefined ? '' : maskPhone(owner.phone))).join('、'),
            flat.ownerKey ?? '',
            yesWord(flat.elderly),
            yesWord(flat.disabled),
          ]
        : []),
      yesWord(flat.developerStock),
      bound.has(flat.room) ? '是' : '否',
      ...(withShares
        ? share === undefined
          ? ['', '', '', '']
          : [yuan(share.payFen), yuan(share.receiveFen), yuan(share.netFen), shareTermsWords(share)]
        : []),
    ];
  });
  const blanks = (n: number) => Array.from({ length: n }, () => '');
  const total: SheetCell[] = [
    TOTAL_WORD,
    '',
    numberCell(flats.reduce((sum, flat) => sum + flat.areaCenti, 0) / 100, AREA_FORMAT),
    ...blanks(1 + (input.names ? 5 : 0) + 2),
    ...(withShares
      ? [
          yuan([...shares.values()].reduce((sum, s) => sum + s.payFen, 0)),
          yuan([...shares.values()].reduce((sum, s) => sum + s.receiveFen, 0)),
          yuan([...shares.values()].reduce((sum, s) => sum + s.netFen, 0)),
          '',
        ]
      : []),
  ];
  const book = newWorkbook(input.now);
  const sheet = addTable(book, SHEET_WORDS.roster, {
    heading: rosterHeading({ unitName: input.unitName, flats: flats.length, named: input.names }),
    header: rosterColumns(input.names, withShares),
    rows: [...rows, total],
  });
  sheet.lastRow!.font = { bold: true };
  const cost = plan?.cost;
  const compensationFen = (cost?.compensations ?? []).reduce((sum, c) => sum + c.amountFen, 0);
  const planSheet = book.addWorksheet(SHEET_WORDS.plan);
  for (const row of rosterPlanRows({
    ...(plan === undefined ? {} : { version: plan.version, title: plan.title }),
    ...(cost === undefined
      ? {}
      : {
          totalCostFen: cost.totalCostFen,
          subsidyFen: cost.subsidyFen,
          compensationFen,
          sharedFen: sharedFen(cost),
          schemeWords: SCHEME_WORDS[cost.scheme.kind],
        }),
  })) {
    const added = planSheet.addRow(row);
    if (typeof row[1] === 'number') added.getCell(2).numFmt = YUAN_FORMAT;
  }
  planSheet.addRow([]);
  planSheet.addRow([`生成时间：${formatDocumentTime(input.now)}（北京时间）`]);
  planSheet.getColumn(1).width = 22;
  planSheet.getColumn(2).width = 40;
  return xlsxBytes(book);
}
