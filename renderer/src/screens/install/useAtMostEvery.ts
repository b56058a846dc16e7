import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but changing at most once every `ms`: a change soon after the last one is shown when
 * the interval is up (the latest value then). For a costly view of fast-changing state, where
 * being a fraction of a second late is invisible but redrawing on every change is not.
 */
export function useAtMostEvery<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (Object.is(value, shown)) return undefined;
    const show = (): void => {
      last.current = Date.now();
      setShown(value);
    };
    const wait = last.current + ms - Date.now();
    if (wait <= 0) {
      show();
      return undefined;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}
