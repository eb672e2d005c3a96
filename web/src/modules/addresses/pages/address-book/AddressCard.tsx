import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote } from '../../../../components/ui.tsx';
import { useAction } from '../../../../components/work.tsx';
import { addressBook, type Address } from '../../api.ts';

/** One address, retired ones struck through and marked in words; staff retire it after confirming in place. */
export function AddressCard({ slug, address, onRetired }: { slug: string; address: Address; onRetired: (retired: Address) => void }) {
  const { t } = useTranslation('addresses');
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const retire = () =>
    void run(async () => {
      const retired = await addressBook.retire(slug, address.id);
      setConfirming(false);
      onRetired(retired);
    });
  return (
    <li className="card address" data-testid="address" data-retired={address.retired}>
      <div className="row-between">
        <span className={address.retired ? 'address-label address-retired' : 'address-label'}>{address.label}</span>
        {address.retired ? (
          <span className="tag tag-retired">{t('book.retired')}</span>
        ) : (
          <button
            type="button"
            className="btn btn-quiet"
            aria-expanded={confirming}
            aria-label={t('book.retireWhich', { label: address.label })}
            onClick={() => setConfirming(!confirming)}
          >
            {t('book.retire')}
          </button>
        )}
      </div>
      {confirming && !address.retired ? (
        <div className="confirm" role="group" aria-label={t('book.retireWhich', { label: address.label })}>
          <p>{t('book.retireConfirm', { label: address.label })}</p>
          <div className="row-actions">
            <button type="button" className="btn btn-strong" disabled={busy} onClick={retire}>
              {t('book.retireAction')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <ErrorNote error={error} />
    </li>
  );
}
