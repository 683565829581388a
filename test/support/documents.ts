/**
 * Reading back the files the API answers with, as a person's tools would: a PDF's text through
 * Mozilla's PDF.js (what browsers show), an `.xlsx` through exceljs (as the import reads one).
 */
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** One PDF page's text: each text run the page draws, in order, one per line. */
export interface PdfPage {
  readonly text: string;
}

/**
 * The text of every page of a PDF, each run of text on its own line (a table cell, a wrapped line),
 * and the fonts its pages use as PDF.js loaded them.
 */
export async function readPdf(bytes: Buffer): Promise<{ pages: string[]; text: string; fonts: string[] }> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const pages: string[] = [];
    const fonts = new Set<string>();
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const lines: string[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        if (item.str.trim() !== '') lines.push(item.str);
      }
      for (const style of Object.values(content.styles)) fonts.add(style.fontFamily);
      pages.push(lines.join('\n'));
    }
    return { pages, text: pages.join('\n'), fonts: [...fonts] };
  } finally {
    await task.destroy();
  }
}

/** The names of the fonts a PDF embeds (`/FontFile`, `/FontFile2`, `/FontFile3`), from its font descriptors. */
export function embeddedFonts(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  const names = [...text.matchAll(/\/FontName\s*\/([A-Z]{6}\+[^\s/>]+)/g)].map((match) => match[1]!);
  return [...new Set(names)];
}

/** Every worksheet of an `.xlsx`, each as rows of cell values (1-based like Excel: `rows[1][1]` is A1). */
export async function readXlsx(bytes: Buffer): Promise<Map<string, ExcelJS.Worksheet>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return new Map(book.worksheets.map((sheet) => [sheet.name, sheet]));
}

/** A worksheet's rows as arrays of cell values (text, numbers), from its first row, 0-based. */
export function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = (row.values as unknown[]).slice(1);
    rows[number - 1] = values;
  });
  return Array.from(rows, (row) => row ?? []);
}

/** A page rendered to pixels: RGBA, `width` × `height`. */
export interface PageImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * Renders page `n` (1-based) of a PDF to pixels at `scale` × 72 dpi, with PDF.js drawing the embedded
 * fonts and paths itself (on the canvas PDF.js brings for Node).
 */
export async function renderPdfPage(bytes: Buffer, n: number, scale = 3): Promise<PageImage> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale });
    const factory = pdf.canvasFactory as {
      create(width: number, height: number): { canvas: unknown; context: CanvasLike };
    };
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport }).promise;
    const image = context.getImageData(0, 0, Math.ceil(viewport.width), Math.ceil(viewport.height));
    return { width: image.width, height: image.height, data: image.data };
  } finally {
    await task.destroy();
  }
}

interface CanvasLike {
  getImageData(x: number, y: number, width: number, height: number): PageImage;
}

/** The part of `image` within the rectangle (in the image's pixels). */
export function crop(image: PageImage, x: number, y: number, width: number, height: number): PageImage {
  const left = Math.max(0, Math.floor(x));
  const top = Math.max(0, Math.floor(y));
  const w = Math.min(image.width - left, Math.floor(width));
  const h = Math.min(image.height - top, Math.floor(height));
  const data = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) {
    const from = ((top + row) * image.width + left) * 4;
    data.set(image.data.subarray(from, from + w * 4), row * w * 4);
  }
  return { width: w, height: h, data };
}

/**
 * What an answer shows a person, as text to search: a JSON body as JSON; a PDF's text; every cell of
 * every sheet of an `.xlsx`.
 */
export async function replyText(reply: { body: unknown; bytes?: Buffer; headers: Headers }): Promise<string> {
  if (reply.bytes === undefined) return JSON.stringify(reply.body ?? '');
  const type = reply.headers.get('content-type') ?? '';
  if (type.startsWith('application/pdf')) return (await readPdf(reply.bytes)).text;
  if (type.includes('spreadsheetml')) {
    const sheets = await readXlsx(reply.bytes);
    return JSON.stringify([...sheets.values()].map(sheetRows));
  }
  return reply.bytes.toString('utf8');
}
