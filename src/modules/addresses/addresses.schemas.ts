import { Type, type Static } from 'typebox';

// Names as residents write them: letters, digits, CJK, and a few joining marks; no control or
// bidi characters (they would make two addresses look alike).
const Part = (max: number, description: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} ·\\-－#（）()]*$', description });
const Estate = Part(40, '小区, e.g. 南湖小区');
const Building = Part(20, '楼栋, e.g. 3栋');
const Entrance = Type.Union([Part(20, '单元, e.g. 2单元'), Type.Literal('')], { default: '' });
const Room = Part(20, '室, e.g. 502');

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }) });
export const AddressParams = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' }),
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const AddUnits = Type.Object(
  {
    estate: Estate,
    building: Building,
    entrance: Entrance,
    rooms: Type.Optional(Type.Array(Room, { minItems: 1, maxItems: 500, description: 'The rooms, as written on their doors' })),
    floors: Type.Optional(
      Type.Object(
        {
          from: Type.Integer({ minimum: -5, maximum: 99 }),
          to: Type.Integer({ minimum: -5, maximum: 99 }),
          perFloor: Type.Integer({ minimum: 1, maximum: 20, description: 'Rooms on each floor: floor 5 with 2 gives 501 and 502' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'A building’s rooms: listed, or numbered by floor' },
);

export const AddressOut = Type.Object({
  id: Type.Integer(),
  estate: Type.String(),
  building: Type.String(),
  entrance: Type.String(),
  room: Type.String(),
  /** As one line, the way it is printed: 南湖小区3栋2单元502. */
  label: Type.String(),
  retired: Type.Boolean(),
});
export const AddUnitsOut = Type.Object({ added: Type.Integer(), alreadyThere: Type.Integer() });
export const AddressesQuery = Type.Object(
  {
    estate: Type.Optional(Type.String({ maxLength: 40 })),
    building: Type.Optional(Type.String({ maxLength: 20 })),
    q: Type.Optional(Type.String({ maxLength: 40, description: 'Part of an address, e.g. 3栋502' })),
    includeRetired: Type.Optional(Type.Boolean()),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    after: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  },
  { additionalProperties: false },
);
export const AddressesOut = Type.Object({ addresses: Type.Array(AddressOut) });
export const EstatesOut = Type.Object({
  estates: Type.Array(
    Type.Object({
      name: Type.String(),
      buildings: Type.Array(Type.Object({ name: Type.String(), dwellings: Type.Integer() })),
      dwellings: Type.Integer(),
    }),
  ),
});

export type AddUnitsInput = Static<typeof AddUnits>;
export type AddressView = Static<typeof AddressOut>;
export type AddUnitsView = Static<typeof AddUnitsOut>;
export type AddressesQueryInput = Static<typeof AddressesQuery>;
export type AddressesView = Static<typeof AddressesOut>;
export type EstatesView = Static<typeof EstatesOut>;
