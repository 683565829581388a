/**
 * Where the bytes of a case's documents live: files under the data folder, named by their SHA-256
 * (content-addressed, so the same file handed in twice is stored once, and what a case event names
 * can always be checked against what is stored). A file is written to a temporary name and renamed
 * into place, so a reader never sees half of one; it is never changed or deleted once stored.
 *
 * Several processes on one database share this folder (a network file system or one machine): see the
 * README, "Configuration".
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A stored document's bytes, checked against the hash its event recorded. */
export interface DocumentStore {
  /** Stores `bytes` and returns their SHA-256 (lowercase hex). Storing the same bytes again is a no-op. */
  put(bytes: Buffer): Promise<string>;
  /** The bytes stored under `sha256`, or null when none are; throws when they no longer match it. */
  get(sha256: string): Promise<Buffer | null>;
}

/** Stored bytes that no longer hash to their name: the disk, not the caller, is at fault. */
export class DocumentCorruptedError extends Error {
  constructor(readonly sha256: string) {
    super(`The stored document ${sha256} does not match its hash.`);
    this.name = 'DocumentCorruptedError';
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The SHA-256 of `bytes`, lowercase hex. */
export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A {@link DocumentStore} in folder `root` (made on first use): `<root>/<first two hex>/<sha256>`. */
export function fileDocumentStore(root: string): DocumentStore {
  const fileOf = (sha256: string): string => {
    if (!HEX64.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return path.join(root, sha256.slice(0, 2), sha256);
  };
  return {
    async put(bytes) {
      const sha256 = sha256Of(bytes);
      const file = fileOf(sha256);
      // Stored and intact: nothing to do. Missing, or damaged on disk: written (again) in full.
      const existing = await stat(file).catch(() => null);
      if (existing?.size === bytes.length && sha256Of(await readFile(file)) === sha256) return sha256;
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        await writeFile(temporary, bytes, { flag: 'wx', mode: 0o640 });
        await rename(temporary, file);
      } finally {
        await rm(temporary, { force: true });
      }
      return sha256;
    },
    async get(sha256) {
      let bytes: Buffer;
      try {
        bytes = await readFile(fileOf(sha256));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if (sha256Of(bytes) !== sha256) throw new DocumentCorruptedError(sha256);
      return bytes;
    },
  };
}
