import type { Context } from 'koa';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { DomainError } from '../../domain/errors.js';

/** The largest file body read: 1 MB, as the JSON body parser's limit (`JSON_BODY_LIMIT`, `'1mb'`). */
export const FILE_BODY_LIMIT_BYTES = 1024 * 1024;

/** The upload formats a file route reads besides JSON, by the media types that name them. */
export const FILE_MEDIA_TYPES = {
  csv: ['text/csv'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
} as const;

/** What a request body is: JSON (already read by the app's body parser) or a file read here. */
export type UploadFormat = 'json' | keyof typeof FILE_MEDIA_TYPES;

/** Every media type a file route takes, as its 415 lists them. */
const ACCEPTED = ['application/json', ...FILE_MEDIA_TYPES.csv, ...FILE_MEDIA_TYPES.xlsx];

/**
 * The format of the request's body by its `Content-Type`, or 415 `unsupported_media_type` (naming the
 * accepted types) for anything else, a missing type included.
 */
export function uploadFormat(ctx: Context): UploadFormat {
  const type = ctx.request.type;
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  for (const format of ['csv', 'xlsx'] as const) {
    if ((FILE_MEDIA_TYPES[format] as readonly string[]).includes(type)) return format;
  }
  throw new DomainError('unsupported_media_type', 'Upload JSON, a CSV file or an .xlsx file.', {
    accepted: ACCEPTED,
  });
}

function tooLarge(limitBytes: number): DomainError {
  return new DomainError('payload_too_large', `The file is larger than ${limitBytes} bytes.`, { limitBytes });
}

/**
 * Reads a file body as bytes, at most `limitBytes` of them after its `Content-Encoding` (`gzip`,
 * `deflate` or none) is undone: the same limits as the JSON body parser, for the routes that take
 * files only. Refusals, all stored nothing: 413 `payload_too_large` (by `Content-Length` before a byte
 * is read, else as soon as the bytes pass the limit), 415 `unsupported_media_type` for another
 * encoding, 400 `invalid_json` `{ reason: 'encoding' }` for a body that is not the gzip or deflate it
 * says.
 */
export async function readFileBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length'));
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(limitBytes);
  const encoding = ctx.get('content-encoding').trim().toLowerCase();
  let source: Readable = ctx.req;
  if (encoding === 'gzip' || encoding === 'x-gzip') source = ctx.req.pipe(createGunzip());
  else if (encoding === 'deflate') source = ctx.req.pipe(createInflate());
  if (source !== ctx.req) {
    // A pipe does not pass the request's end on when the client goes away: the reader would wait forever.
    const decoder = source;
    ctx.req.once('error', (error) => decoder.destroy(error));
    ctx.req.once('aborted', () => decoder.destroy(new Error('the request was aborted')));
  } else if (encoding !== '' && encoding !== 'identity') {
    throw new DomainError('unsupported_media_type', `Content-Encoding ${encoding} is not read.`, {
      accepted: ACCEPTED,
    });
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const stop = () => {
        source.off('data', onData);
        source.off('end', onEnd);
        source.off('error', onError);
      };
      const onData = (chunk: Buffer) => {
        length += chunk.length;
        if (length <= limitBytes) {
          chunks.push(chunk);
          return;
        }
        // Stop reading, but leave the socket open so the 413 reaches the client; it closes after it.
        stop();
        source.pause();
        if (source !== ctx.req) ctx.req.unpipe();
        ctx.set('Connection', 'close');
        reject(tooLarge(limitBytes));
      };
      const onEnd = () => {
        stop();
        resolve();
      };
      const onError = (error: Error) => {
        stop();
        reject(error);
      };
      // A body already read (by the JSON body parser) has nothing left to give.
      if (source.readableEnded) {
        resolve();
        return;
      }
      source.on('data', onData);
      source.once('end', onEnd);
      source.once('error', onError);
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new DomainError(
        'invalid_json',
        'The body could not be decompressed as its Content-Encoding says.',
        {
          reason: 'encoding',
        },
      );
    }
    throw error;
  }
  return Buffer.concat(chunks, length);
}
