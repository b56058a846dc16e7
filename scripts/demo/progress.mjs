// Progress for a person at a terminal: numbered steps, relayed lines, and (on a TTY only) a
// ticking "still working" line so a half-minute lab start never looks hung. CI gets plain lines.
const TOTAL = 4;

export function createProgress(out = process.stdout, interactive = Boolean(out.isTTY)) {
  let ticker;
  let label = '';
  let started = 0;
  const clear = () => {
    if (interactive && ticker) out.write('\r\x1b[K');
  };
  const draw = () => {
    out.write(`\r\x1b[K  … ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  };
  return {
    step(n, text) {
      this.done();
      out.write(`[${n}/${TOTAL}] ${text}\n`);
      label = text.replace(/…$/, '').toLowerCase();
      started = Date.now();
      if (interactive) ticker = setInterval(draw, 1000);
    },
    line(text) {
      clear();
      out.write(`      ${text}\n`);
      if (interactive && ticker) draw();
    },
    done() {
      clear();
      if (ticker) clearInterval(ticker);
      ticker = undefined;
    },
  };
}
