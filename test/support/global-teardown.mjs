import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__jiatiDb;
  if (!state) return;
  await state.database.stop();
  rmSync(state.dataDir, { recursive: true, force: true });
}
