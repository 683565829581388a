/**
 * The store of documents' bytes (lib/document-store.ts), on a real folder: bytes are kept under their
 * SHA-256 (the same bytes twice are stored once), read back as they were, a hash with nothing stored
 * reads as null, bytes changed on disk are refused as corrupted, and a string that is not a SHA-256 is
 * never turned into a path.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  DocumentCorruptedError,
  fileDocumentStore,
  sha256Of,
  type DocumentStore,
} from '../../lib/document-store.js';

const PDF = Buffer.from('%PDF-1.7\n施工图\n%%EOF\n', 'utf8');
const PDF_SHA = createHash('sha256').update(PDF).digest('hex');

let root: string;
let store: DocumentStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'jiati-documents-'));
  store = fileDocumentStore(path.join(root, 'documents'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file under the store's folder, relative to it. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.join(root, 'documents'), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(path.join(root, 'documents'), path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('fileDocumentStore', () => {
  it('stores bytes under their SHA-256, in a folder named by its first two digits, and returns the hash', async () => {
    expect(sha256Of(PDF)).toBe(PDF_SHA);
    await expect(store.put(PDF)).resolves.toBe(PDF_SHA);
    expect(await storedFiles()).toEqual([path.join(PDF_SHA.slice(0, 2), PDF_SHA)]);
    expect(await readFile(path.join(root, 'documents', PDF_SHA.slice(0, 2), PDF_SHA))).toEqual(PDF);
  });

  it('stores the same bytes twice once, leaving no temporary file behind', async () => {
    await expect(store.put(PDF)).resolves.toBe(PDF_SHA);
    const first = await stat(path.join(root, 'documents', PDF_SHA.slice(0, 2), PDF_SHA));
    await expect(store.put(Buffer.from(PDF))).resolves.toBe(PDF_SHA);
    const second = await stat(path.join(root, 'documents', PDF_SHA.slice(0, 2), PDF_SHA));
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    const other = Buffer.from('%PDF-1.7\n另一份\n%%EOF\n', 'utf8');
    await expect(store.put(other)).resolves.toBe(sha256Of(other));
    expect(await storedFiles()).toEqual(
      [PDF_SHA, sha256Of(other)].map((sha) => path.join(sha.slice(0, 2), sha)).sort(),
    );
  });

  it('reads back the bytes stored under a hash', async () => {
    await store.put(PDF);
    const bytes = await store.get(PDF_SHA);
    expect(bytes).toEqual(PDF);
    // A second store on the same folder (another process) reads them too.
    await expect(fileDocumentStore(path.join(root, 'documents')).get(PDF_SHA)).resolves.toEqual(PDF);
  });

  it('reads a hash with nothing stored as null, before the folder exists and after', async () => {
    await expect(store.get('0'.repeat(64))).resolves.toBeNull();
    await store.put(PDF);
    await expect(store.get('0'.repeat(64))).resolves.toBeNull();
  });

  it('refuses bytes changed on disk as corrupted, naming the hash', async () => {
    await store.put(PDF);
    await writeFile(
      path.join(root, 'documents', PDF_SHA.slice(0, 2), PDF_SHA),
      Buffer.from('%PDF-1.7\n改过\n'),
    );
    const error = await store.get(PDF_SHA).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(DocumentCorruptedError);
    expect(error).toMatchObject({
      name: 'DocumentCorruptedError',
      sha256: PDF_SHA,
      message: `The stored document ${PDF_SHA} does not match its hash.`,
    });
  });

  it('throws for a string that is not 64 lowercase hex digits, reading nothing outside the folder', async () => {
    await writeFile(path.join(root, 'secret'), 'x');
    for (const bad of [
      PDF_SHA.toUpperCase(),
      PDF_SHA.slice(1),
      `${PDF_SHA}0`,
      '../secret',
      `../../${'a'.repeat(58)}`,
      '',
    ]) {
      await expect(store.get(bad)).rejects.toThrow(`Not a SHA-256: ${bad}`);
    }
  });
});
