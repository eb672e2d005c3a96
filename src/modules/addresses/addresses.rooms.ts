// How the address book numbers a building's rooms by floor. Shared with the browser (the add form's
// preview, web/src/modules/addresses), so it imports nothing: what the preview shows is what is added.

export interface Floors {
  from: number;
  to: number;
  perFloor: number;
}

/** Rooms numbered by floor: floor 5 with two a floor gives 501 and 502; there is no floor 0, and -1 is B1. */
export function floorRooms({ from, to, perFloor }: Floors): string[] {
  const rooms: string[] = [];
  for (let floor = from; floor <= to; floor++) {
    if (floor === 0) continue; // Chinese buildings have no floor 0: -1 is the first below ground
    for (let n = 1; n <= perFloor; n++) rooms.push(`${floor < 0 ? `B${-floor}` : floor}${String(n).padStart(2, '0')}`);
  }
  return rooms;
}
