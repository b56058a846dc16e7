/**
 * The report's stylesheet, inlined into the HTML (no external request). Screen and print share
 * it: @page sets margins only, never a size, so the same file prints cleanly on A4 and Letter;
 * the page number sits in a margin box (Chromium ≥ 131, also Electron's printToPDF).
 */
export const REPORT_CSS = `
@page { margin: 14mm 12mm 16mm; @bottom-right { content: counter(page) " / " counter(pages); font: 9px sans-serif; color: #666; } }
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; color: #1d2330; background: #fff;
  font: 12.5px/1.45 system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 2px solid #2f6fed; break-after: avoid; }
h3 { font-size: 13px; margin: 14px 0 6px; break-after: avoid; }
p { margin: 4px 0 8px; }
.meta { color: #5b6475; margin-bottom: 10px; }
.pill { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 9px; font-weight: 600; font-size: 11px; border: 1px solid; }
.ok { color: #1f7a43; } .bad { color: #c62828; } .warn { color: #9a5b00; } .muted { color: #5b6475; }
.pill.ok { background: #e7f6ec; } .pill.bad { background: #fdecea; } .pill.warn { background: #fff4e0; } .pill.muted { background: #f2f3f5; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; font-size: 11.5px; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #d9dde5; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef1f6; font-weight: 600; white-space: nowrap; }
.keep { break-inside: avoid; }
table.timeline td:nth-child(n+3):nth-child(-n+6) { white-space: nowrap; }
table.nodes td:nth-child(2) { white-space: nowrap; }
/* A node's name and its OS line stay whole; its resolved package strings may break anywhere rather than widen
   their column until the OS column wraps (print width is fixed). */
table.nodes td:first-child, table.nodes td:nth-child(4) { white-space: nowrap; }
table.nodes td small code { overflow-wrap: anywhere; }
table.matrix { break-inside: avoid; }
table.kv { width: auto; min-width: 60%; }
table.kv th { width: 190px; }
table.matrix { width: auto; }
table.matrix td, table.matrix th { text-align: center; min-width: 54px; }
td.y { background: #e7f6ec; color: #1f7a43; } td.n { background: #fdecea; color: #c62828; font-weight: 700; } td.d { background: #f2f3f5; }
figure { margin: 6px 0 12px; break-inside: avoid; }
svg { display: block; max-width: 100%; height: auto; }
pre { background: #f6f7f9; border: 1px solid #d9dde5; padding: 8px; font: 10.5px/1.4 ui-monospace, 'DejaVu Sans Mono', 'WenQuanYi Micro Hei Mono', monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 10px; }
pre.config { break-inside: auto; }
code { font: 11px ui-monospace, 'DejaVu Sans Mono', monospace; }
ul.warnings { padding-left: 0; list-style: none; }
ul.warnings li { display: flex; gap: 8px; margin-bottom: 3px; break-inside: avoid; }
.src { flex: 0 0 82px; color: #5b6475; }
footer { margin-top: 24px; color: #5b6475; font-size: 10.5px; }
@media print { body { max-width: none; padding: 0; font-size: 11px; } h2 { margin-top: 16px; } a { color: inherit; text-decoration: none; } }
`;
