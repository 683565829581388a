import { z } from 'zod';
import { KeyNumber, pagedList } from '../../pagination.js';

/** `GET /units/:unitId/timeline` pages the events of the unit's case stream by seq. */
export const TimelineList = pagedList('timeline', z.tuple([KeyNumber]));
