import { useEffect, useState, type JSX } from 'react';
import './progress.css';

/**
 * Shows progress for work that is slow enough to notice. It waits `delayMs` before appearing so
 * a fast answer does not flash a spinner; `value` (0…1) makes it a determinate bar.
 */
export function Progress({
  active,
  label,
  value,
  delayMs = 300,
}: {
  active: boolean;
  label: string;
  value?: number;
  delayMs?: number;
}): JSX.Element | null {
  const visible = useDelayedFlag(active, delayMs);
  if (!visible) return null;
  const determinate = value !== undefined;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? 100 : undefined}
      aria-valuenow={determinate ? Math.round(value * 100) : undefined}
      data-testid="progress"
    >
      <span className={`progress-track${determinate ? '' : ' indeterminate'}`}>
        <span
          className="progress-bar"
          style={determinate ? { width: `${Math.round(value * 100)}%` } : undefined}
        />
      </span>
      <span className="progress-label">{label}</span>
    </div>
  );
}

export function useDelayedFlag(active: boolean, delayMs: number): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!active) {
      setVisible(false);
      return undefined;
    }
    const timer = setTimeout(() => setVisible(true), delayMs);
    return () => clearTimeout(timer);
  }, [active, delayMs]);
  return visible;
}
