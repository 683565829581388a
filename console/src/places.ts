/** Place names from `GET /places`, to say a scope as people know it (`演示新村社区`), not by its id. */
import { getAll } from './api';
import type { Me, PlaceNode } from './types';

let cached: Promise<Map<string, PlaceNode>> | null = null;

/** Every place the caller may see, by id (asked once per session). */
export function placesById(): Promise<Map<string, PlaceNode>> {
  cached ??= getAll<PlaceNode>('/places', 'places').then(
    (places) => {
      const byId = new Map<string, PlaceNode>();
      // A page of places, or (an older server) their tree.
      const walk = (nodes: readonly PlaceNode[]) => {
        for (const node of nodes) {
          byId.set(node.id, node);
          walk(node.children ?? []);
        }
      };
      walk(places);
      return byId;
    },
    () => {
      cached = null;
      return new Map<string, PlaceNode>();
    },
  );
  return cached;
}

/** Forgets the places (another person signed in). */
export function forgetPlaces(): void {
  cached = null;
}

/** The name of the caller's scope: a place's name, a unit's id, or 全市 for the administrator. */
export async function scopeName(me: Me): Promise<string> {
  if (me.kind === 'admin') return '全部';
  if (me.kind === 'resident') return '';
  if (me.scope.kind === 'unit') return `单元 ${me.scope.id}`;
  return (await placesById()).get(me.scope.id)?.name ?? me.scope.id;
}
