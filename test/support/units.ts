/** Roster builders for API and command tests: flats as the HTTP contract takes them. */

/** A flat of `POST /units` (area as text). */
export interface FlatBody {
  room: string;
  floor: number;
  area: string;
  areaSource: 'register' | 'survey' | 'contract';
  owners: { name: string; phone?: string }[];
  ownerKey?: string;
  developerStock?: boolean;
  elderly?: boolean;
  disabled?: boolean;
}

/**
 * `count` flats, two per floor (`101`, `102`, `201`…), each of `area` m² from the register, each with
 * one owner whose name and phone are made up from the room.
 */
export function flats(count: number, area = '50.00'): FlatBody[] {
  return Array.from({ length: count }, (_, index) => {
    const floor = Math.floor(index / 2) + 1;
    const room = `${floor}0${(index % 2) + 1}`;
    return {
      room,
      floor,
      area,
      areaSource: 'register' as const,
      owners: [{ name: `业主${room}`, phone: `1380000${room.padStart(4, '0')}` }],
    };
  });
}

/** The rooms of `flats(count)`, in order. */
export function rooms(count: number): string[] {
  return flats(count).map((flat) => flat.room);
}
