import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Field, Notice } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { addressBook, type AddUnitsResult, type Estate } from '../../api.ts';
import { floorRooms, floorsProblem, isGoodName, listedRooms, MAX_ROOMS, NAME_MAX, shortList } from '../../rooms.ts';

type How = 'floors' | 'list';

/** The flats the form describes as typed, or the first thing wrong with them (a key under "add."), said before sending. */
function plan(how: How, floors: { from: string; to: string; perFloor: string }, listed: string) {
  if (how === 'list') {
    const rooms = listedRooms(listed);
    const bad = rooms.find((r) => !isGoodName(r, NAME_MAX.room));
    if (bad !== undefined) return { rooms, problem: 'badRoom', params: { room: bad, max: NAME_MAX.room } } as const;
    return { rooms, problem: rooms.length === 0 ? 'noRooms' : null, params: {} } as const;
  }
  const numbers = { from: Number(floors.from), to: Number(floors.to), perFloor: Number(floors.perFloor) };
  const filled = floors.from.trim() !== '' && floors.to.trim() !== '' && floors.perFloor.trim() !== '';
  const problem = filled ? floorsProblem(numbers) : null;
  return { rooms: filled ? floorRooms(numbers) : [], problem: filled ? problem : 'noRooms', params: {} } as const;
}

/** Adds a building's flats, numbered by floor or listed, with a preview of exactly what will be sent. */
export function AddForm({
  slug,
  estates,
  onAdded,
}: {
  slug: string;
  estates: readonly Estate[];
  onAdded: (place: { estate: string; building: string }) => void;
}) {
  const { t } = useTranslation('addresses');
  const estateList = useId();
  const [estate, setEstate] = useState('');
  const [building, setBuilding] = useState('');
  const [entrance, setEntrance] = useState('');
  const [how, setHow] = useState<How>('floors');
  const [floors, setFloors] = useState({ from: '1', to: '', perFloor: '2' });
  const [listed, setListed] = useState('');
  const [done, setDone] = useState<AddUnitsResult | null>(null);
  const { busy, error, setError, run } = useAction();
  // A change after adding takes the result away: it no longer says what the form holds.
  useEffect(() => setDone(null), [estate, building, entrance, how, floors, listed]);

  const planned = plan(how, floors, listed);
  const tooMany = planned.rooms.length > MAX_ROOMS;
  // Said as the flats are typed, except that nothing is typed yet.
  const shownProblem =
    planned.problem && planned.problem !== 'noRooms'
      ? t(`add.${planned.problem}`, planned.params)
      : tooMany
        ? t('add.tooMany', { max: MAX_ROOMS, count: planned.rooms.length })
        : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const place = { estate: estate.trim(), building: building.trim(), entrance: entrance.trim() };
    const names = [
      { field: t('add.estate'), value: place.estate, max: NAME_MAX.estate },
      { field: t('add.building'), value: place.building, max: NAME_MAX.building },
      ...(place.entrance ? [{ field: t('add.entrance'), value: place.entrance, max: NAME_MAX.entrance }] : []),
    ];
    const badName = names.find((n) => !isGoodName(n.value, n.max));
    if (badName) return setError(new Error(t('add.badName', { field: badName.field, max: badName.max })));
    if (planned.problem) return setError(new Error(t(`add.${planned.problem}`, planned.params)));
    if (tooMany) return setError(new Error(t('add.tooMany', { max: MAX_ROOMS, count: planned.rooms.length })));
    const rooms =
      how === 'list' ? { rooms: planned.rooms } : { floors: { from: Number(floors.from), to: Number(floors.to), perFloor: Number(floors.perFloor) } };
    void run(async () => {
      const result = await addressBook.add(slug, { ...place, ...rooms });
      setDone(result);
      onAdded({ estate: place.estate, building: place.building });
    });
  };

  const floorField = (name: keyof typeof floors, label: string, min: number, max: number) => (
    <Field label={label}>
      <input
        type="number"
        inputMode="numeric"
        name={name}
        min={min}
        max={max}
        step={1}
        required
        value={floors[name]}
        onChange={(e) => setFloors({ ...floors, [name]: e.target.value })}
      />
    </Field>
  );

  return (
    <form className="form" onSubmit={submit} aria-labelledby="add-title" data-testid="add-building">
      <Field label={t('add.estate')} hint={t('add.estateHint')}>
        <input name="estate" required maxLength={NAME_MAX.estate} list={estateList} value={estate} onChange={(e) => setEstate(e.target.value)} />
      </Field>
      <datalist id={estateList}>
        {estates.map((e) => (
          <option key={e.name} value={e.name} />
        ))}
      </datalist>
      <div className="filters fields-in-line">
        <Field label={t('add.building')} hint={t('add.buildingHint')}>
          <input name="building" required maxLength={NAME_MAX.building} value={building} onChange={(e) => setBuilding(e.target.value)} />
        </Field>
        <Field label={t('add.entrance')} hint={t('add.entranceHint')}>
          <input name="entrance" maxLength={NAME_MAX.entrance} value={entrance} onChange={(e) => setEntrance(e.target.value)} />
        </Field>
      </div>
      <fieldset className="choices">
        <legend>{t('add.how')}</legend>
        <div className="tabs" role="group" aria-label={t('add.how')}>
          {(['floors', 'list'] as const).map((x) => (
            <button key={x} type="button" className="tab" aria-pressed={how === x} onClick={() => setHow(x)}>
              {x === 'floors' ? t('add.byFloors') : t('add.byList')}
            </button>
          ))}
        </div>
        {how === 'floors' ? (
          <>
            <div className="floors">
              {floorField('from', t('add.from'), -5, 99)}
              {floorField('to', t('add.to'), -5, 99)}
              {floorField('perFloor', t('add.perFloor'), 1, 20)}
            </div>
            <p className="field-hint">{t('add.floorsHint')}</p>
          </>
        ) : (
          <Field label={t('add.rooms')} hint={t('add.roomsHint')}>
            <textarea name="rooms" rows={4} value={listed} onChange={(e) => setListed(e.target.value)} />
          </Field>
        )}
      </fieldset>
      <p className={`note preview ${shownProblem ? 'note-error' : 'note-info'}`} data-testid="add-preview" aria-live="polite">
        {shownProblem ?? (planned.rooms.length > 0 ? t('add.preview', { count: planned.rooms.length, rooms: shortList(planned.rooms) }) : t('add.previewNone'))}
      </p>
      <ErrorNote error={error} />
      {done ? <Notice>{t('add.done', { added: done.added, already: done.alreadyThere })}</Notice> : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('add.submit')}
      </button>
    </form>
  );
}
