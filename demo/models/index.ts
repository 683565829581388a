import type { Connection } from 'mongoose';
import { syncAllIndexes } from '../../models/index.js';
import { demoMessageModel } from './demo-message.js';
import { demoStateModel } from './demo-state.js';

/** The demo's own collections: its roster and ids (`demo_state`) and its chat transcript. */
export function createDemoModels(connection: Connection) {
  return {
    demoState: demoStateModel(connection),
    demoMessages: demoMessageModel(connection),
  };
}

export type DemoModels = ReturnType<typeof createDemoModels>;

/** Creates the demo's collections with their indexes (start-up with `JIATI_DEMO=1`). */
export const syncDemoIndexes = (models: DemoModels): Promise<void> => syncAllIndexes(models);
