/**
 * PDF documents with Chinese text: pdfkit, with Noto Sans SC (Noto Sans Hans, SIL Open Font License
 * 1.1) from the `@embedpdf/fonts-sc` npm package, so `npm ci` brings the font and nothing is fetched
 * at run time. The font is embedded (only the glyphs a document uses), so every reader shows the same
 * characters, not tofu boxes, whatever fonts its machine has.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

/** A4 in PDF points (1/72 inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;

/** The two weights the documents use. */
export type FontWeight = 'regular' | 'bold';

const FONT_FILES: Readonly<Record<FontWeight, string>> = {
  regular: 'NotoSansHans-Regular.otf',
  bold: 'NotoSansHans-Bold.otf',
};

let fonts: Readonly<Record<FontWeight, fontkit.Font>> | undefined;

/**
 * The parsed fonts, read once per process from the package's `fonts/` folder (about 8 MB each; the
 * parse is lazy, so the first document pays tens of milliseconds and later ones nothing).
 */
function loadFonts(): Readonly<Record<FontWeight, fontkit.Font>> {
  if (fonts === undefined) {
    const require = createRequire(import.meta.url);
    // The package exports only its index (in `dist/`); the fonts lie beside it.
    const folder = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
    const open = (file: string) => fontkit.create(readFileSync(join(folder, file))) as fontkit.Font;
    fonts = { regular: open(FONT_FILES.regular), bold: open(FONT_FILES.bold) };
  }
  return fonts;
}

/** Whether the documents' font has a glyph for every character of `text` (else a reader shows a box). */
export function fontCovers(text: string): boolean {
  const { regular } = loadFonts();
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code > 0x20 && !regular.hasGlyphForCodePoint(code)) return false;
  }
  return true;
}

/** The document being drawn, with its fonts registered as `regular` and `bold`. */
export type Pdf = PDFKit.PDFDocument;

/**
 * Builds one PDF: A4, the CJK font registered (`doc.font('regular')`, `doc.font('bold')`), pages
 * buffered so `draw` may go back and number them. Resolves with the file's bytes.
 */
export async function renderPdf(
  info: { title: string; margin?: number; layout?: 'portrait' | 'landscape' },
  draw: (doc: Pdf) => void,
): Promise<Buffer> {
  const loaded = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    layout: info.layout ?? 'portrait',
    margin: info.margin ?? 48,
    bufferPages: true,
    // The default font: without one pdfkit would load Helvetica, which has no Chinese.
    font: loaded.regular as unknown as string,
    info: { Title: info.title, Creator: 'Jiati', Producer: 'Jiati' },
    lang: 'zh-CN',
    displayTitle: true,
  });
  doc.registerFont('regular', loaded.regular as unknown as Buffer);
  doc.registerFont('bold', loaded.bold as unknown as Buffer);
  doc.font('regular');
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/**
 * Writes `footer(page, pages)` at the foot of every buffered page, centred in small grey type (call
 * once everything else is drawn). The footer sits inside the bottom margin, so it never moves text.
 */
export function numberPages(doc: Pdf, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottom = margins.bottom;
    // Writing below the bottom margin would add a page: lift the margin while the footer is drawn.
    doc.page.margins = { ...margins, bottom: 0 };
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(footer(i - range.start + 1, range.count), margins.left, doc.page.height - bottom + 16, {
        width: doc.page.width - margins.left - margins.right,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins = margins;
  }
  doc.fillColor('black');
}

/** One cell of a {@link drawTable} row: text, and optionally its weight. */
export type TableCell = string | { readonly text: string; readonly bold?: boolean };

/**
 * A ruled table across the page: a bold header row, repeated at the top of each page the table runs
 * onto; each row as tall as its tallest cell; a row never split between pages. `widths` are fractions
 * of the text width (they add up to 1).
 */
export function drawTable(
  doc: Pdf,
  input: { header: readonly string[]; rows: readonly (readonly TableCell[])[]; widths: readonly number[] },
  options: { fontSize?: number; padding?: number } = {},
): void {
  const size = options.fontSize ?? 9;
  const pad = options.padding ?? 3;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const widths = input.widths.map((fraction) => fraction * width);
  const textOf = (cell: TableCell) => (typeof cell === 'string' ? cell : cell.text);
  const boldOf = (cell: TableCell) => typeof cell !== 'string' && cell.bold === true;
  const heightOf = (cells: readonly TableCell[], bold: boolean) =>
    Math.max(
      ...cells.map((cell, i) => {
        doc.font(bold || boldOf(cell) ? 'bold' : 'regular').fontSize(size);
        return doc.heightOfString(textOf(cell) || ' ', { width: widths[i]! - 2 * pad });
      }),
    ) +
    2 * pad;
  const drawRow = (cells: readonly TableCell[], y: number, height: number, bold: boolean) => {
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (bold) doc.rect(x, y, w, height).fillAndStroke('#eeeeee', '#888888');
      else doc.rect(x, y, w, height).strokeColor('#888888').stroke();
      doc
        .fillColor('black')
        .font(bold || boldOf(cell) ? 'bold' : 'regular')
        .fontSize(size)
        .text(textOf(cell), x + pad, y + pad, { width: w - 2 * pad });
      x += w;
    });
  };
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const headerHeight = heightOf(input.header, true);
  let y = doc.y;
  if (y + headerHeight * 2 > bottom()) {
    doc.addPage();
    y = doc.y;
  }
  drawRow(input.header, y, headerHeight, true);
  y += headerHeight;
  for (const row of input.rows) {
    const height = heightOf(row, false);
    if (y + height > bottom()) {
      doc.addPage();
      y = doc.y;
      drawRow(input.header, y, headerHeight, true);
      y += headerHeight;
    }
    drawRow(row, y, height, false);
    y += height;
  }
  doc.x = left;
  doc.y = y + 8;
}

/** A heading: the title large and bold, then `lines` in regular type. */
export function drawHeading(doc: Pdf, title: string, lines: readonly string[] = []): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.font('bold').fontSize(16).text(title, { width, align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10);
  for (const line of lines) doc.text(line, { width });
  doc.moveDown(0.5);
}
