/**
 * The binding-code slips the committee hands out door to door: A4 sheets of eight slips (two across,
 * four down) with dashed cut lines between them. Each slip names the unit and the room, shows the code
 * large, a QR code holding exactly what the resident sends the bot (`绑定 <code>`, nothing else), and
 * the two-line how-to. The codes are secrets: this module neither logs nor keeps them.
 */
import QRCode from 'qrcode';
import type { IssuedBindingCode } from '../../commands/issue-binding-codes.js';
import { shanghaiDayOf } from '../../domain/calendar/index.js';
import { formatDocumentTime } from '../../lib/format-time.js';
import {
  SLIP_QR_CAPTION,
  SLIP_TITLE,
  slipHowTo,
  slipQrText,
  slipRoom,
  slipsSheetHeading,
} from '../../messages/index.js';
import { A4, renderPdf, type Pdf } from './pdf.js';

/** Slips across and down one sheet. */
export const SLIPS_ACROSS = 2;
export const SLIPS_DOWN = 4;
/** Slips per A4 sheet. */
export const SLIPS_PER_PAGE = SLIPS_ACROSS * SLIPS_DOWN;

const MARGIN = 18;
const TOP = 40;
const SLIP_WIDTH = (A4.width - 2 * MARGIN) / SLIPS_ACROSS;
const SLIP_HEIGHT = (A4.height - TOP - MARGIN) / SLIPS_DOWN;
const PAD = 14;
const QR_SIZE = 84;

/** `8K3M2P9Q` → `8K3M 2P9Q`: read aloud and copied in two halves (the bot ignores the space). */
function grouped(code: string): string {
  return code.length > 4 ? `${code.slice(0, 4)} ${code.slice(4)}` : code;
}

/**
 * Draws `text` as a QR code (error correction M, a quiet zone of two modules) in a `size`-point
 * square at (x, y): one filled rectangle per run of dark modules in a row, so it stays a vector.
 */
function drawQr(doc: Pdf, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 2;
  const cell = size / (modules.size + 2 * quiet);
  doc.rect(x, y, size, size).fill('white');
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      // A hair wider than the run, so neighbouring rows print without white seams.
      doc.rect(
        x + (quiet + start) * cell,
        y + (quiet + row) * cell,
        (col - start) * cell + 0.05,
        cell + 0.05,
      );
    }
  }
  doc.fill('black');
}

/** One slip whose top-left corner is at (x, y). */
function drawSlip(doc: Pdf, slip: IssuedBindingCode, unitName: string, x: number, y: number): void {
  const inner = SLIP_WIDTH - 2 * PAD;
  const textWidth = inner - QR_SIZE - 10;
  let at = y + PAD;
  doc
    .font('bold')
    .fontSize(11)
    .fillColor('#333333')
    .text(SLIP_TITLE, x + PAD, at, { width: textWidth });
  at += 18;
  doc
    .font('regular')
    .fontSize(10)
    .fillColor('black')
    .text(unitName, x + PAD, at, {
      width: textWidth,
      height: 28,
      ellipsis: true,
    });
  at += 28;
  doc
    .font('bold')
    .fontSize(16)
    .text(slipRoom(slip.room), x + PAD, at, { width: textWidth });
  at += 26;
  doc
    .font('bold')
    .fontSize(22)
    .text(grouped(slip.code), x + PAD, at, {
      width: textWidth,
      characterSpacing: 2,
      lineBreak: false,
    });
  const qrX = x + SLIP_WIDTH - PAD - QR_SIZE;
  drawQr(doc, slipQrText(slip.code), qrX, y + PAD, QR_SIZE);
  doc
    .font('regular')
    .fontSize(7)
    .fillColor('#555555')
    .text(SLIP_QR_CAPTION, qrX, y + PAD + QR_SIZE + 2, { width: QR_SIZE, align: 'center' });
  const [line1, line2] = slipHowTo({ code: slip.code, expiresOn: shanghaiDayOf(slip.expiresAt) });
  const howToTop = y + SLIP_HEIGHT - PAD - 30;
  doc.font('regular').fontSize(9).fillColor('black');
  doc.text(line1, x + PAD, howToTop, { width: inner, lineBreak: false });
  doc.text(line2, x + PAD, howToTop + 14, { width: inner, lineBreak: false });
}

/** The dashed cut lines of one sheet: the outer frame and the lines between slips. */
function drawCutLines(doc: Pdf): void {
  doc.save().lineWidth(0.5).strokeColor('#999999').dash(4, { space: 3 });
  for (let i = 0; i <= SLIPS_DOWN; i++) {
    const y = TOP + i * SLIP_HEIGHT;
    doc
      .moveTo(MARGIN / 2, y)
      .lineTo(A4.width - MARGIN / 2, y)
      .stroke();
  }
  for (let i = 0; i <= SLIPS_ACROSS; i++) {
    const x = MARGIN + i * SLIP_WIDTH;
    doc
      .moveTo(x, TOP - MARGIN / 2)
      .lineTo(x, A4.height - MARGIN / 2)
      .stroke();
  }
  doc.undash().restore();
}

/**
 * The slips of `codes`, one per flat in the order given, eight to a sheet. `issuedAt` dates the
 * sheets' heading (the earlier codes of the unit were revoked then).
 */
export function bindingSlipsPdf(input: {
  readonly unitName: string;
  readonly codes: readonly IssuedBindingCode[];
  readonly issuedAt: Date;
}): Promise<Buffer> {
  return renderPdf({ title: `${input.unitName} ${SLIP_TITLE}`, margin: 0 }, (doc) => {
    const heading = slipsSheetHeading({
      unitName: input.unitName,
      count: input.codes.length,
      issuedAt: formatDocumentTime(input.issuedAt),
    });
    input.codes.forEach((slip, i) => {
      const onPage = i % SLIPS_PER_PAGE;
      if (onPage === 0) {
        if (i > 0) doc.addPage();
        doc
          .font('regular')
          .fontSize(8)
          .fillColor('#555555')
          .text(heading, MARGIN, 14, { width: A4.width - 2 * MARGIN, lineBreak: false, ellipsis: true });
        drawCutLines(doc);
      }
      const x = MARGIN + (onPage % SLIPS_ACROSS) * SLIP_WIDTH;
      const y = TOP + Math.floor(onPage / SLIPS_ACROSS) * SLIP_HEIGHT;
      drawSlip(doc, slip, input.unitName, x, y);
    });
  });
}
