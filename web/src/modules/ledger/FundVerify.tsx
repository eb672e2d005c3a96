import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChainVerifier, type VerifyReport } from '../../../../src/modules/ledger/ledger.chain.ts';
import { formatFen } from '../../money.ts';
import type { FundSummary } from './api.ts';

type State =
  | { step: 'idle' }
  | { step: 'running'; done: number; total: number }
  | { step: 'done'; report: VerifyReport; summary: FundSummary; balanceMatches: boolean; headMatches: boolean }
  | { step: 'failed'; message: string };

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string) => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));

/**
 * Downloads the whole book and recomputes, in this browser, every hash of the chain and every
 * balance with the same canonical encoding the server uses; then compares with what the page shows.
 */
export function FundVerify({ slug, expectedEntries }: { slug: string; expectedEntries: number }) {
  const { t, i18n } = useTranslation('ledger');
  const [state, setState] = useState<State>({ step: 'idle' });
  const number = new Intl.NumberFormat(i18n.language);

  const run = async () => {
    if (!globalThis.crypto?.subtle) {
      setState({ step: 'failed', message: t('fund.verifyNoCrypto') });
      return;
    }
    setState({ step: 'running', done: 0, total: expectedEntries });
    try {
      const res = await fetch(`/api/v1/communities/${slug}/fund/ledger.jsonl`, { credentials: 'same-origin' });
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const verifier = new ChainVerifier(sha256);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      let done = 0;
      let lastPaint = 0;
      const addLine = async (line: string) => {
        if (!line.trim() || verifier.failed) return;
        await verifier.add(line);
        done += 1;
        if (performance.now() - lastPaint > 100) {
          lastPaint = performance.now();
          setState({ step: 'running', done, total: Math.max(expectedEntries, done) });
        }
      };
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        buffered += chunk.value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) await addLine(line);
      }
      await addLine(buffered);
      const report = verifier.report();
      // Compare with the live figures the page shows (read after the download, so they include it).
      const summary = (await (await fetch(`/api/v1/communities/${slug}/fund/summary`, { credentials: 'same-origin' })).json()) as FundSummary;
      const sameHead = summary.head.seq === report.headSeq;
      setState({
        step: 'done',
        report,
        summary,
        balanceMatches: !sameHead || summary.balanceFen === report.fundBalanceFen,
        headMatches: !sameHead || summary.head.hash === report.headHash,
      });
    } catch (err) {
      setState({ step: 'failed', message: `${t('fund.verifyFailed')} ${err instanceof Error ? err.message : ''}` });
    }
  };

  return (
    <section className="verify" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('fund.verifyTitle')}</h2>
      <p className="muted">{t('fund.verifyHint')}</p>
      <button type="button" className="btn btn-primary" onClick={() => void run()} disabled={state.step === 'running'} data-testid="verify">
        {state.step === 'running' ? t('fund.verifying') : t('fund.verify')}
      </button>
      <div aria-live="polite" data-testid="verify-result">
        {state.step === 'running' ? (
          <div className="progress">
            <progress max={Math.max(1, state.total)} value={state.done} aria-label={t('fund.verifying')} />
            <span>{t('fund.verifyProgress', { done: number.format(state.done), total: number.format(state.total) })}</span>
          </div>
        ) : null}
        {state.step === 'failed' ? <p className="note note-error">{state.message}</p> : null}
        {state.step === 'done' ? <VerifyOutcome {...state} /> : null}
      </div>
    </section>
  );
}

function VerifyOutcome({ report, summary, balanceMatches, headMatches }: Extract<State, { step: 'done' }>) {
  const { t, i18n } = useTranslation('ledger');
  const number = new Intl.NumberFormat(i18n.language);
  if (!report.ok && report.firstProblem) {
    return (
      <p className="note note-error" role="alert">
        {t('fund.verifyBad', { seq: report.firstProblem.seq, message: report.firstProblem.message, count: number.format(report.entries) })}
      </p>
    );
  }
  const allGood = balanceMatches && headMatches;
  return (
    <div className={`note ${allGood ? 'note-ok' : 'note-error'}`}>
      <p className="verify-headline">
        {allGood
          ? t('fund.verifyOk', { count: number.format(report.entries), head: report.headHash.slice(0, 8) })
          : t('fund.verifyMismatch', { count: number.format(report.entries) })}
      </p>
      <ul className="verify-details">
        <li>{t('fund.verifyChecked', { entries: number.format(report.entries), postings: number.format(report.postings) })}</li>
        <li>{t('fund.verifyBalance', { balance: formatFen(report.fundBalanceFen), shown: formatFen(summary.balanceFen) })}</li>
        <li>
          {t('fund.verifyHead', { seq: report.headSeq })} <code className="hash">{report.headHash}</code>
        </li>
      </ul>
    </div>
  );
}
