/**
 * Builds the resident's mini-program into what WeChat DevTools opens: every `.ts` of
 * `miniprogram-stub/src` compiled to CommonJS (swc, no type check: `npm run typecheck` does that), and
 * every `.json`, `.wxml` and `.wxss` copied, into `miniprogram-stub/dist/`. The API's address is
 * `JIATI_MINIPROGRAM_API` when set (else the one in `src/config.ts`).
 *
 *   node --import tsx scripts/build-miniprogram.ts
 */
import { transformFileSync } from '@swc/core';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MINIPROGRAM_SOURCE = join(ROOT, 'miniprogram-stub', 'src');
export const MINIPROGRAM_DIST = join(ROOT, 'miniprogram-stub', 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Builds the pages into `outDir` (emptied first), against the API at `apiBaseUrl` when given. */
export function buildMiniprogram(options: { outDir?: string; apiBaseUrl?: string } = {}): string {
  const outDir = options.outDir ?? MINIPROGRAM_DIST;
  rmSync(outDir, { recursive: true, force: true });
  for (const file of filesUnder(MINIPROGRAM_SOURCE)) {
    const target = join(outDir, relative(MINIPROGRAM_SOURCE, file));
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.ts')) {
      copyFileSync(file, target);
      continue;
    }
    let { code } = transformFileSync(file, {
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2017' },
      module: { type: 'commonjs' },
    });
    if (file.endsWith('config.ts') && options.apiBaseUrl !== undefined) {
      code = code.replace(
        /API_BASE_URL = (['"])[^'"]*\1/,
        `API_BASE_URL = ${JSON.stringify(options.apiBaseUrl)}`,
      );
      if (!code.includes(JSON.stringify(options.apiBaseUrl)))
        throw new Error('config.ts: API_BASE_URL not found');
    }
    writeFileSync(target.replace(/\.ts$/, '.js'), code);
  }
  // The output is CommonJS, inside a project whose package.json says ESM (Node and jest read this).
  writeFileSync(join(outDir, 'package.json'), '{ "type": "commonjs" }\n');
  return outDir;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const apiBaseUrl = process.env.JIATI_MINIPROGRAM_API;
  const outDir = buildMiniprogram(apiBaseUrl ? { apiBaseUrl } : {});
  console.log(`miniprogram: built ${relative(ROOT, outDir)}${apiBaseUrl ? ` for ${apiBaseUrl}` : ''}`);
}
