// The rooms the address book's form will send, worked out in the browser for its preview with the
// server's own numbering (src/modules/addresses/addresses.rooms.ts, shared with the browser). Names are checked as the server's schema checks them
// (addresses.schemas.ts), so a mistake is said in words before anything is sent.
import { floorRooms as numberedRooms, type Floors } from '../../../../src/modules/addresses/addresses.rooms.ts';

export type { Floors };

/** The most rooms one request may add. */
export const MAX_ROOMS = 500;

/** A name as residents write it: letters, digits, CJK and a few joining marks, starting with a letter or digit. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ·\-－#（）()]*$/u;
export const NAME_MAX = { estate: 40, building: 20, entrance: 20, room: 20 } as const;

export function isGoodName(name: string, max: number): boolean {
  return name.length <= max && NAME.test(name);
}

/** Rooms typed one a line or separated by commas (either kind), 、 or spaces; each once, in order. */
export function listedRooms(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,，、;；\s]+/)
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
}

/** The floors the server takes: -5 to 99, 1 to 20 rooms a floor. */
export const FLOORS = { lowest: -5, highest: 99, mostPerFloor: 20 } as const;

/** What is wrong with floors as typed, if anything: out of the server's range, or upside down. */
export function floorsProblem({ from, to, perFloor }: Floors): 'floorsRange' | 'floorsOrder' | null {
  const inRange = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  if (!inRange(from, FLOORS.lowest, FLOORS.highest) || !inRange(to, FLOORS.lowest, FLOORS.highest) || !inRange(perFloor, 1, FLOORS.mostPerFloor))
    return 'floorsRange';
  return from > to ? 'floorsOrder' : null;
}

/** Rooms numbered by floor, as the server numbers them; none while the floors are not ones it takes. */
export function floorRooms(floors: Floors): string[] {
  return floorsProblem(floors) ? [] : numberedRooms(floors);
}

/** A long list shortened for reading: its first rooms, "…", its last two. */
export function shortList(rooms: readonly string[], head = 6): string {
  if (rooms.length <= head + 3) return rooms.join(' ');
  return [...rooms.slice(0, head), '…', ...rooms.slice(-2)].join(' ');
}
