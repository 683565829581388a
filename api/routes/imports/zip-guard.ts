import { inflateRawSync } from 'node:zlib';

/** Why a zip was refused before it was unpacked, or `ok`. */
export type ZipCheck = 'ok' | 'not_zip' | 'unpacked_too_large';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** An .xlsx of a roster has a dozen parts; a zip of thousands is not one. */
const MAX_ENTRIES = 1000;

/**
 * Checks a zip (an .xlsx is one) before a parser unpacks it into memory: it must be a plain zip (no
 * zip64, at most {@link MAX_ENTRIES} entries), and all of its entries together must unpack to at
 * most `budgetBytes`. Each entry is inflated here with `maxOutputLength`, so the sizes a zip declares
 * are not trusted: a small file that would unpack to gigabytes (a "zip bomb") is refused after
 * `budgetBytes`, never unpacked whole.
 */
export function checkZip(bytes: Buffer, budgetBytes: number): ZipCheck {
  const end = findEndOfDirectory(bytes);
  if (end < 0) return 'not_zip';
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  if (entries === 0xffff || at === 0xffffffff || entries > MAX_ENTRIES) return 'not_zip';
  let unpacked = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) return 'not_zip';
    const method = bytes.readUInt16LE(at + 10);
    const packedSize = bytes.readUInt32LE(at + 20);
    const local = bytes.readUInt32LE(at + 42);
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL_HEADER) return 'not_zip';
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    if (start + packedSize > bytes.length) return 'not_zip';
    const data = bytes.subarray(start, start + packedSize);
    if (method === 0) unpacked += data.length;
    else if (method === 8) {
      try {
        unpacked += inflateRawSync(data, { maxOutputLength: Math.max(1, budgetBytes - unpacked) }).length;
      } catch (error) {
        return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE'
          ? 'unpacked_too_large'
          : 'not_zip';
      }
    } else return 'not_zip';
    if (unpacked > budgetBytes) return 'unpacked_too_large';
  }
  return 'ok';
}

/** The offset of the end-of-central-directory record (searched from the end, past a comment), or -1. */
function findEndOfDirectory(bytes: Buffer): number {
  const last = bytes.length - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) {
    if (bytes.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  return -1;
}
