/**
 * The unit open on the screen, shared by the unit page and its sections (roster, ballot, plans,
 * simulator): read once by the page, read again after a change.
 */
import { inject, type InjectionKey, type Ref } from 'vue';
import type { Unit } from './types';

export interface UnitContext {
  readonly unitId: Ref<string>;
  readonly unit: Ref<Unit | null>;
  /** Reads the unit again (after a vote, a roster change…). */
  reload(): Promise<void>;
}

export const UNIT: InjectionKey<UnitContext> = Symbol('unit');

export function useUnit(): UnitContext {
  const context = inject(UNIT);
  if (context === undefined) throw new Error('useUnit() outside the unit page');
  return context;
}
