import type { JSX } from 'react';
import type { CellStatus } from '../checklist/types';
import './status.css';

/**
 * One small SVG per status, so the glyphs look the same in every font (CJK fonts draw ✓ and ✕
 * at odd sizes). Colour comes from CSS via the status class; the label is for screen readers.
 * `still` draws "running" without the spin: a rotating SVG cannot be composited, so a grid of
 * hundreds of running cells would repaint every frame (the checklist uses it).
 */
export function StatusIcon({
  status,
  label,
  still = false,
}: {
  status: CellStatus;
  label?: string;
  still?: boolean;
}): JSX.Element {
  return (
    <svg
      className={`status-icon status-${status}${still ? ' still' : ''}`}
      viewBox="0 0 16 16"
      width="14"
      height="14"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {GLYPHS[status]}
    </svg>
  );
}

const GLYPHS: Record<CellStatus, JSX.Element> = {
  pending: <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />,
  running: (
    <g className="spin">
      <circle
        cx="8"
        cy="8"
        r="5.5"
        fill="none"
        stroke="currentColor"
        strokeOpacity="0.25"
        strokeWidth="2"
      />
      <path
        d="M8 2.5a5.5 5.5 0 0 1 5.5 5.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </g>
  ),
  ok: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path
        d="M4.6 8.2l2.2 2.2 4.6-4.8"
        fill="none"
        stroke="var(--icon-on)"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </>
  ),
  failed: (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path
        d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4"
        stroke="var(--icon-on)"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
    </>
  ),
  skipped: (
    <path
      d="M3 8h7.5M8 4.5L11.5 8 8 11.5M13 4v8"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  ),
  blocked: (
    <>
      <circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M4.2 11.8l7.6-7.6" stroke="currentColor" strokeWidth="1.5" />
    </>
  ),
  cancelled: <rect x="4" y="4" width="8" height="8" rx="1.5" fill="currentColor" />,
  'not-applicable': (
    <path d="M5 8h6" stroke="currentColor" strokeWidth="1.2" strokeLinecap="round" />
  ),
};
