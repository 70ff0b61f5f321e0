/** Inline stylesheet of report.html: system fonts only (nothing to download), readable at any width. */
export const REPORT_CSS = `
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f7f8fa;--card:#fff;--accent:#2563eb;--good:#047857;--warn:#92400e;--warn-bg:#fffbeb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;overflow-wrap:anywhere}
.page-header,main,footer,.toc{max-width:880px;margin:0 auto;padding:0 20px}
.page-header{padding-top:28px}
.eyebrow{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:12px;font-weight:600}
h1{margin:2px 0 4px;font-size:28px;line-height:1.2;word-break:break-word}
h2{margin:0 0 12px;font-size:20px}
h3{margin:0 0 4px;font-size:17px}
#run h3{margin:16px 0 4px;font-size:15px}
.run-meta,.muted,figcaption,.panel-meta,footer{color:var(--muted)}
.run-meta{margin:0 0 16px;font-size:13px}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px;margin:0 0 16px}
.facts div{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;min-width:0}
.facts dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.facts dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere}
.warnings{background:var(--warn-bg);border:1px solid #fcd34d;border-radius:8px;padding:8px 12px;margin:0 0 16px;color:var(--warn)}
.warnings summary{cursor:pointer;font-weight:600}
.warnings ul,.series-warnings{margin:6px 0 0;padding-left:20px;font-size:13px}
.series-warnings{color:var(--warn)}
.toc{display:flex;flex-wrap:wrap;gap:4px 16px;padding-top:4px;padding-bottom:12px;font-size:14px}
.toc a{color:var(--accent);text-decoration:none}
.toc a:hover{text-decoration:underline}
main section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
.chart{margin:10px 0 16px}
.chart svg{display:block;max-width:100%;height:auto}
figcaption{font-size:13px;margin-top:4px}
.empty{color:var(--muted);font-style:italic}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:2px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.best{font-weight:700;color:var(--good)}
tr.row-best{background:#ecfdf5}
tr.row-baseline th{font-style:italic}
.scores th[scope=row] code{overflow-wrap:normal;white-space:nowrap}
tfoot th,tfoot td{font-weight:700;border-bottom:0}
.kv th{width:30%;font-weight:600;color:var(--muted)}
.tag{display:inline-block;margin-left:6px;padding:0 6px;border-radius:9px;background:#eef2ff;color:#3730a3;font-size:11px;font-weight:600;vertical-align:1px}
.tag-selected{background:#dbeafe;color:#1e40af}
.picker{display:flex;align-items:center;gap:10px;margin:8px 0 14px;position:sticky;top:0;background:var(--card);padding:6px 0;z-index:1}
.picker label{font-weight:600}
.picker select{flex:1;min-width:0;max-width:100%;font:inherit;padding:6px 8px;border:1px solid #cbd5e1;border-radius:6px;background:#fff}
.series-panel{border-top:1px solid var(--line);padding-top:12px}
.series-panel.is-hidden{display:none}
.panel-meta{margin:0 0 6px;font-size:13px}
footer{font-size:12px;padding-bottom:32px}
@media print{body{background:#fff}.picker,.toc{display:none}.series-panel.is-hidden{display:block}main section{border:0;padding:0}}
`.trim();
