/** The unit and plan shared by the cost tests: a six-floor walk-up sharing ¥400,000 by floor coefficient. */
import type { CostFlat, CostPlan, CostScheme } from '../../../domain/cost/index.js';

/** A six-floor walk-up, two flats a floor, 55–95 m². */
export const UNIT: CostFlat[] = [
  { room: '101', floor: 1, areaCenti: 5530 },
  { room: '102', floor: 1, areaCenti: 9500 },
  { room: '201', floor: 2, areaCenti: 6012 },
  { room: '202', floor: 2, areaCenti: 8850 },
  { room: '301', floor: 3, areaCenti: 7250 },
  { room: '302', floor: 3, areaCenti: 5500 },
  { room: '401', floor: 4, areaCenti: 8125 },
  { room: '402', floor: 4, areaCenti: 6633 },
  { room: '501', floor: 5, areaCenti: 7250 },
  { room: '502', floor: 5, areaCenti: 9480 },
  { room: '601', floor: 6, areaCenti: 6890 },
  { room: '602', floor: 6, areaCenti: 7777 },
];

/** domain.md §6: floors 1–2 pay 0; 3F 0.7, 4F 0.8, 5F 0.9, 6F 1.0. */
const COEFFICIENTS: CostScheme = {
  kind: 'floor_coefficient',
  permilleByFloor: { 3: 700, 4: 800, 5: 900, 6: 1000 },
};

/** A ¥600,000 elevator with the usual ¥200,000 subsidy: ¥400,000 to share. */
export const PLAN: CostPlan = { totalCostFen: 60_000_000, subsidyFen: 20_000_000, scheme: COEFFICIENTS };
