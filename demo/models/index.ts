import type { Connection } from 'mongoose';
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
