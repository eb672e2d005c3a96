import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { IMAGE_TYPES, type UploadedFile } from '../../files.ts';
import { marketBase, type Listing, type ListingInput } from './api.ts';
import { formatFen, parseYuan } from '../../money.ts';
import { marginForTake } from './work.ts';
import { SplitLine } from './SplitLine.tsx';
import { ErrorNote, Field } from '../../components/ui.tsx';
import { FileUpload, useAction } from '../../components/work.tsx';

type PriceMode = 'margin' | 'percent';

/** A new listing: the maker's take plus the community margin (or the default percent), the price and split shown as typed. */
export function ListingForm({
  slug,
  defaultPercent,
  makerId,
  needsConsent,
  onCreated,
}: {
  slug: string;
  defaultPercent: number;
  /** Staff listing for a maker; a consent note is then required. */
  makerId?: number;
  needsConsent?: boolean;
  onCreated: (listing: Listing) => void;
}) {
  const { t } = useTranslation('market');
  const [kind, setKind] = useState<Listing['kind']>('good');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState('');
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [mode, setMode] = useState<PriceMode>('margin');
  const [take, setTake] = useState('');
  const [margin, setMargin] = useState('');
  const [fee, setFee] = useState('');
  const [share, setShare] = useState('50');
  const [consentNote, setConsentNote] = useState('');
  const { busy, error, setError, run } = useAction();

  const takeFen = parseYuan(take);
  const marginFen = mode === 'percent' ? (takeFen === null ? null : marginForTake(takeFen, defaultPercent)) : parseYuan(margin);
  const feeFen = parseYuan(fee);
  const sharePercent = Number(share);
  const preview =
    kind === 'performance'
      ? feeFen && Number.isInteger(sharePercent)
        ? { maker: feeFen - Math.floor((feeFen * sharePercent) / 100), fund: Math.floor((feeFen * sharePercent) / 100) }
        : null
      : takeFen && marginFen !== null
        ? { maker: takeFen, fund: marginFen }
        : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!preview) {
      setError(new Error(t('work.listing.priceNeeded')));
      return;
    }
    void run(async () => {
      const body: ListingInput = { kind, title: title.trim(), description: description.trim(), category: category.trim(), photos: photos.map((p) => p.sha256) };
      if (makerId) body.makerId = makerId;
      if (needsConsent) body.consentNote = consentNote.trim();
      if (kind === 'performance') {
        body.priceFen = feeFen ?? 0;
        body.fundSharePercent = sharePercent;
      } else {
        body.makerTakeFen = takeFen ?? 0;
        if (mode === 'margin') body.marginFen = marginFen ?? 0;
      }
      const listing = await api.post<Listing>(`${marketBase(slug)}/listings`, body);
      setTitle('');
      setDescription('');
      setPhotos([]);
      setTake('');
      setMargin('');
      setFee('');
      onCreated(listing);
    });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="listing-form">
      <fieldset className="choices">
        <legend>{t('work.listing.kind')}</legend>
        {(['good', 'service', 'performance'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
            {t(`work.listing.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t('work.listing.title')}>
        <input required maxLength={80} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      <Field label={t('work.listing.category')} hint={t('work.listing.categoryHint')}>
        <input required maxLength={30} value={category} onChange={(e) => setCategory(e.target.value)} />
      </Field>
      <Field label={t('work.listing.description')}>
        <textarea rows={3} maxLength={4000} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <FileUpload
        slug={slug}
        label={t('work.listing.photos')}
        hint={t('work.photoHint')}
        accept={IMAGE_TYPES}
        value={photos}
        onChange={setPhotos}
        testId="listing-photos"
      />
      {kind === 'performance' ? (
        <>
          <Field label={t('work.listing.fee')}>
            <input inputMode="decimal" required value={fee} onChange={(e) => setFee(e.target.value)} />
          </Field>
          <Field label={t('work.listing.share')}>
            <input type="number" min={0} max={90} required value={share} onChange={(e) => setShare(e.target.value)} />
          </Field>
        </>
      ) : (
        <>
          <fieldset className="choices">
            <legend>{t('work.listing.priceMode')}</legend>
            <label className="check">
              <input type="radio" name="price-mode" checked={mode === 'margin'} onChange={() => setMode('margin')} />
              {t('work.listing.modeMargin')}
            </label>
            <label className="check">
              <input type="radio" name="price-mode" checked={mode === 'percent'} onChange={() => setMode('percent')} />
              {t('work.listing.modePercent', { percent: defaultPercent })}
            </label>
          </fieldset>
          <Field label={t('work.listing.take')} hint={t('work.listing.takeHint')}>
            <input inputMode="decimal" required value={take} onChange={(e) => setTake(e.target.value)} data-testid="take" />
          </Field>
          {mode === 'margin' ? (
            <Field label={t('work.listing.margin')}>
              <input inputMode="decimal" required value={margin} onChange={(e) => setMargin(e.target.value)} data-testid="margin" />
            </Field>
          ) : null}
        </>
      )}
      <div className="card price-preview" aria-live="polite" data-testid="price-preview">
        {preview ? (
          <>
            <p className="total-line">
              {t('work.listing.buyerPays')} <strong className="price-big">{formatFen(preview.maker + preview.fund)}</strong>
            </p>
            <SplitLine makerTakeFen={preview.maker} fundFen={preview.fund} />
          </>
        ) : (
          <p className="muted">{t('work.listing.previewHint')}</p>
        )}
      </div>
      {needsConsent ? (
        <Field label={t('work.consentNote')} hint={t('work.consentNoteHint')}>
          <input required maxLength={200} value={consentNote} onChange={(e) => setConsentNote(e.target.value)} />
        </Field>
      ) : null}
      <ErrorNote error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('work.listing.create')}
      </button>
    </form>
  );
}
