import type { DemoContext } from '../../platform/module.ts';
import { roomsOf } from './addresses.service.ts';
import * as repo from './addresses.repository.ts';

/** 南湖社区's estates: an old estate of walk-up buildings, two entrances each, two flats a landing. */
export async function addressesDemoStep({ tx, community }: DemoContext): Promise<void> {
  const estates = [
    { estate: '南湖小区', buildings: 12, floors: 7 },
    { estate: '南坪花园', buildings: 4, floors: 6 },
  ];
  for (const { estate, buildings, floors } of estates) {
    for (let b = 1; b <= buildings; b++) {
      for (const entrance of ['1单元', '2单元']) {
        const rooms = roomsOf({ floors: { from: 1, to: floors, perFloor: 2 } });
        await repo.insertUnits(
          tx,
          community.id,
          rooms.map((room) => ({ estate, building: `${b}栋`, entrance, room })),
        );
      }
    }
  }
}
