import { describe, expect, it } from 'vitest';
import { EMPTY_LOG, appendLog, visibleLines } from './logBuffer';

describe('appendLog', () => {
  it('splits chunks into lines and keeps the unfinished tail', () => {
    let log = appendLog(EMPTY_LOG, 'one\ntw');
    expect(log.lines).toEqual(['one']);
    log = appendLog(log, 'o\r\nthree');
    expect(log.lines).toEqual(['one', 'two']);
    expect(visibleLines(log)).toEqual(['one', 'two', 'three']);
  });

  it('strips colours and keeps the last redraw of a progress line', () => {
    const log = appendLog(EMPTY_LOG, '\x1b[32mok\x1b[0m\n 10%\r 50%\r100%\n');
    expect(log.lines).toEqual(['ok', '100%']);
  });

  it('drops the oldest lines past the cap and counts them', () => {
    let log = EMPTY_LOG;
    for (let i = 0; i < 25; i++) log = appendLog(log, `line ${i}\n`, 10);
    expect(log.lines).toHaveLength(10);
    expect(log.lines[0]).toBe('line 15');
    expect(log.dropped).toBe(15);
  });
});
