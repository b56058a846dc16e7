import { useMemo, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { markOutput } from './failureOutput';

/**
 * The failed step's raw output (kubeadm's whole error text), collapsed below the root cause:
 * open, it shows every line, with the lines the diagnosis matched highlighted.
 */
export function FailureOutput({
  text,
  evidence,
}: {
  text: string;
  evidence: readonly string[];
}): JSX.Element {
  const { t } = useTranslation();
  const lines = useMemo(() => markOutput(text, evidence), [text, evidence]);
  const matched = lines.filter((l) => l.matched).length;
  return (
    <details className="failure-output" data-testid="failure-output">
      <summary>{t('install.failure.raw', { count: lines.length, matched })}</summary>
      <pre>
        {lines.map((l, i) =>
          l.matched ? (
            <mark key={i} data-testid="failure-output-match">
              {`${l.text}\n`}
            </mark>
          ) : (
            <span key={i}>{`${l.text}\n`}</span>
          ),
        )}
      </pre>
    </details>
  );
}
