import { useEffect, useLayoutEffect, useMemo, useRef, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { visibleLines, type LogBuffer } from './logBuffer';
import './log.css';

export interface LogViewerProps {
  log: LogBuffer;
  /** Accessible name, e.g. "Install containerd on node1". */
  label: string;
  /** Shown where the log is empty, e.g. "Waiting for the step to start". */
  emptyText?: string;
}

const LINE_HEIGHT = 18;
const OVERSCAN = 20;

/**
 * A live log: only the lines in view are in the DOM (fixed line height, so the window is simple
 * arithmetic), and "Follow" keeps the newest line in view until the user scrolls up.
 */
export function LogViewer({ log, label, emptyText }: LogViewerProps): JSX.Element {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const lines = useMemo(() => visibleLines(log), [log]);
  const total = lines.length;

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (follow && el) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [follow, total, height]);

  const onScroll = (): void => {
    const el = scrollRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < LINE_HEIGHT;
    // Scrolling up stops following; scrolling back to the end resumes it, as in `less +F`.
    if (atBottom !== follow) setFollow(atBottom);
  };

  const first = Math.max(0, Math.floor(scrollTop / LINE_HEIGHT) - OVERSCAN);
  const last = Math.min(total, Math.ceil((scrollTop + height) / LINE_HEIGHT) + OVERSCAN);

  return (
    <div className="log-viewer">
      <div className="log-toolbar">
        <span className="log-count">
          {t('log.lines', { count: total })}
          {log.dropped > 0 && ` · ${t('log.dropped', { count: log.dropped })}`}
        </span>
        <button
          type="button"
          className="log-follow"
          aria-pressed={follow}
          data-testid="log-follow"
          onClick={() => setFollow((f) => !f)}
        >
          {t('log.follow')}
        </button>
        <button
          type="button"
          onClick={() => void navigator.clipboard?.writeText(lines.join('\n'))}
          disabled={total === 0}
        >
          {t('log.copy')}
        </button>
      </div>
      <div
        ref={scrollRef}
        className="log-scroll"
        role="log"
        aria-label={label}
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
        data-testid="log-viewer"
      >
        {total === 0 ? (
          <p className="log-empty">{emptyText ?? t('log.empty')}</p>
        ) : (
          <div className="log-space" style={{ height: total * LINE_HEIGHT }}>
            <div
              className="log-window"
              style={{ transform: `translateY(${first * LINE_HEIGHT}px)` }}
            >
              {lines.slice(first, last).map((line, i) => (
                <div key={first + i} className="log-line" data-line={first + i + 1 + log.dropped}>
                  {line || ' '}
                </div>
              ))}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
