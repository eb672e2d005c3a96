import { useTranslation } from 'react-i18next';
import { formatFen } from '../../money.ts';

/** "¥120.00 给手艺人 / ¥30.00 进社区公益基金": where the buyer's money goes. */
export function SplitLine({ makerTakeFen, fundFen, className = '' }: { makerTakeFen: number; fundFen: number; className?: string }) {
  const { t } = useTranslation('market');
  return (
    <p className={`split ${className}`} data-testid="split">
      <span className="split-maker">{t('shop.toMaker', { amount: formatFen(makerTakeFen) })}</span>
      <span aria-hidden="true"> / </span>
      <span className="split-fund">{t('shop.toFund', { amount: formatFen(fundFen) })}</span>
    </p>
  );
}
