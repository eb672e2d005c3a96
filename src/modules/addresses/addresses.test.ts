import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../test/support/client.ts';
import { makeCommunity, makePerson } from '../../../test/support/factories.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { roomsOf } from './addresses.service.ts';

// The address book: staff add buildings, members pick from it, an address that is gone is retired.

let t: TestApp;
let staff: { client: Client };
let resident: { client: Client };
let outsider: { client: Client };
const A = '/api/v1/communities/nanhu/addresses';

beforeAll(async () => {
  t = await createTestApp();
  const nanhu = await makeCommunity(t, 'nanhu');
  const other = await makeCommunity(t, 'other');
  staff = await makePerson(t, { community: nanhu, roles: ['staff'] });
  resident = await makePerson(t, { community: nanhu, roles: ['resident'] });
  outsider = await makePerson(t, { community: other, roles: ['staff'] });
});
afterAll(() => t.close());

describe('the address book', () => {
  it('numbers a building’s rooms by floor, with no floor 0 and basements as B', () => {
    expect(roomsOf({ floors: { from: 1, to: 2, perFloor: 3 } })).toEqual(['101', '102', '103', '201', '202', '203']);
    expect(roomsOf({ floors: { from: -1, to: 1, perFloor: 1 } })).toEqual(['B101', '101']);
    expect(roomsOf({ rooms: [' 502', '502', '门面1'] })).toEqual(['502', '门面1']);
    expect(() => roomsOf({ floors: { from: 1, to: 99, perFloor: 20 } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('takes a building from staff once: adding it again adds nothing', async () => {
    const body = { estate: '南湖小区', building: '3栋', entrance: '2单元', floors: { from: 1, to: 7, perFloor: 2 } };
    expect((await staff.client.post(A, body)).body).toEqual({ added: 14, alreadyThere: 0 });
    expect((await staff.client.post(A, { ...body, floors: { from: 6, to: 8, perFloor: 2 } })).body).toEqual({ added: 2, alreadyThere: 4 });
    expect((await resident.client.post(A, body)).status).toBe(403);
    expect((await outsider.client.post(A, body)).status).toBe(404);
  });

  it('lets members pick: estates and buildings with their dwellings, then the rooms, found by part of the address', async () => {
    await staff.client.post(A, { estate: '南湖小区', building: '10栋', entrance: '', rooms: ['101'] });
    const estates = await resident.client.get<{ estates: { name: string; buildings: { name: string; dwellings: number }[] }[] }>(`${A}/estates`);
    expect(estates.body.estates).toEqual([
      {
        name: '南湖小区',
        dwellings: 17,
        buildings: [
          { name: '3栋', dwellings: 16 },
          { name: '10栋', dwellings: 1 },
        ],
      },
    ]);
    const found = await resident.client.get<{ addresses: { label: string }[] }>(`${A}?q=${encodeURIComponent('3栋2单元80')}`);
    expect(found.body.addresses.map((a) => a.label)).toEqual(['南湖小区3栋2单元801', '南湖小区3栋2单元802']);
    // as people say it, without the entrance
    const said = await resident.client.get<{ addresses: { label: string }[] }>(`${A}?q=${encodeURIComponent('3栋702')}`);
    expect(said.body.addresses.map((a) => a.label)).toEqual(['南湖小区3栋2单元702']);
    expect((await outsider.client.get(`${A}/estates`)).status).toBe(404);
  });

  it('refuses names a spreadsheet or a bidi trick could abuse, changing nothing', async () => {
    for (const estate of ['=HYPERLINK("x")', '南湖\u202e小区', ' ', '南湖\n小区']) {
      const res = await staff.client.post(A, { estate, building: '1栋', rooms: ['101'] });
      expect(res.status, estate).toBe(400);
    }
    expect((await resident.client.get<{ estates: unknown[] }>(`${A}/estates`)).body.estates).toHaveLength(1);
  });

  it('retires an address: no longer offered, still there for staff, not retired twice', async () => {
    const [first] = (await resident.client.get<{ addresses: { id: number; label: string }[] }>(`${A}?building=${encodeURIComponent('3栋')}&limit=1`)).body
      .addresses;
    expect((await resident.client.post(`${A}/${first!.id}/retire`)).status).toBe(403);
    expect((await staff.client.post<{ retired: boolean }>(`${A}/${first!.id}/retire`)).body.retired).toBe(true);
    expect((await staff.client.post(`${A}/${first!.id}/retire`)).status).toBe(409);
    const offered = (await resident.client.get<{ addresses: { id: number }[] }>(`${A}?limit=500`)).body.addresses;
    expect(offered.some((a) => a.id === first!.id)).toBe(false);
    expect((await resident.client.get(`${A}?includeRetired=true`)).status).toBe(403);
    const all = (await staff.client.get<{ addresses: { id: number; retired: boolean }[] }>(`${A}?includeRetired=true&limit=500`)).body.addresses;
    expect(all.find((a) => a.id === first!.id)?.retired).toBe(true);
    expect((await outsider.client.post(`/api/v1/communities/other/addresses/${first!.id}/retire`)).status).toBe(404);
  });
});
