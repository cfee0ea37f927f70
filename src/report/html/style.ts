/**
 * The report's stylesheet, inlined in the page: no fonts, images or files to fetch. System
 * fonts, tabular figures for numbers, and print rules that open nothing but stay legible.
 */
export const STYLE = `
:root{--fg:#1d1f23;--muted:#5c6370;--line:#d9dce1;--bg:#ffffff;--panel:#f6f7f9;--accent:#0072B2;--bad:#b34700;--good:#00668f;--wrong:#fff1e0;--onset:#f7eaf3}
*{box-sizing:border-box}
html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0 auto;max-width:1480px;padding:24px 28px 80px}
h1{font-size:1.9rem;margin:0 0 12px;font-weight:650;letter-spacing:-.01em}
h2{font-size:1.35rem;margin:48px 0 6px;padding-top:14px;border-top:2px solid var(--line);font-weight:650}
h3{font-size:1.05rem;margin:26px 0 8px}
.kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;font-weight:600}
.guide{max-width:78ch;color:#30343b;margin:4px 0 18px}
.note,.muted{color:var(--muted)}
.note{font-size:.85rem;margin:6px 0}
.warning{background:#fff4e5;border-left:4px solid #E69F00;padding:8px 12px;margin:10px 0}
code{font:.86em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--panel);padding:1px 4px;border-radius:3px;overflow-wrap:anywhere}
q{quotes:"“" "”";overflow-wrap:anywhere}
nav ol{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:14px 0 0;list-style:none;counter-reset:s}
nav li{counter-increment:s}
nav li::before{content:counter(s) ". ";color:var(--muted)}
a{color:var(--accent)}
dl.facts{display:flex;flex-wrap:wrap;gap:6px 26px;margin:8px 0 4px}
dl.facts div{min-width:0}
dl.facts dt{font-size:.72rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
dl.facts dd{margin:0;font-weight:500}
.table-wrap{overflow-x:auto;margin:8px 0 14px}
table{border-collapse:collapse;font-size:.86rem;width:100%}
th,td{padding:5px 9px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-weight:600;background:var(--panel);position:sticky;top:0;vertical-align:bottom}
tbody tr:nth-child(even){background:#fafbfc}
table.grouped tbody tr{background:none}
table.grouped tr.group-start td{border-top:1.5px solid #b8bdc4}
table.grouped td.env{font-weight:600;background:var(--panel);white-space:nowrap}
td.team,.nowrap{white-space:nowrap}
table.overview{font-size:.82rem}
table.overview td,table.overview th{padding:5px 7px}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:18px;margin:12px 0}
.grid-wide{grid-template-columns:repeat(auto-fill,minmax(520px,1fr))}
figure.fig{margin:0;padding:12px 14px;border:1px solid var(--line);border-radius:8px;background:var(--bg);min-width:0}
figure.fig>figcaption{font-weight:600;font-size:.92rem;margin-bottom:6px;overflow-wrap:anywhere}
section>figure.fig{margin:14px 0}
.subcaption{font-size:.8rem;color:var(--muted);margin:10px 0 2px}
svg.chart{display:block;width:100%;height:auto;font-size:11px;font-family:inherit}
svg .grid{stroke:#e6e8eb;stroke-width:1}
svg .baseline{stroke:#9aa0a8;stroke-width:1}
svg .tick{fill:var(--muted);font-size:10.5px}
svg .label{fill:var(--fg);font-size:11px}
svg .axis-title{fill:var(--muted);font-size:11px}
svg .value{fill:var(--fg);font-size:10px;font-variant-numeric:tabular-nums}
svg .whisker{stroke:var(--fg);stroke-width:1.2}
svg .group-head{fill:var(--bg)}
svg .group-label{font-weight:600}
svg .bar-label{fill:#30343b;font-size:10.5px}
svg .muted-value{fill:var(--muted);font-style:italic}
svg .heat-value{font-size:12px;font-weight:600}
svg .heat-n{font-size:9.5px}
svg .heat-empty{fill:none;stroke:#d0d3d8;stroke-dasharray:3 3}
ul.legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:6px 0 0;font-size:.8rem;color:#30343b}
ul.legend li{display:flex;align-items:center;gap:5px}
.swatch{display:inline-block;flex:none;vertical-align:middle;margin-right:5px}
.swatch-box{width:11px;height:11px;background:var(--c);border-radius:2px}
.swatch-line{width:18px;height:0;border-top:2.5px solid var(--c)}
.swatch-dashed{width:18px;height:0;border-top:2.5px dashed var(--c)}
.swatch-band{width:18px;height:10px;background:var(--c);opacity:.18}
.swatch-empty{width:11px;height:11px;border:1px dashed #9aa0a8}
.empty{color:var(--muted);font-style:italic}
details{margin:6px 0}
details>summary{cursor:pointer;padding:5px 2px}
div.cell-failures{border:1px solid var(--line);border-radius:8px;padding:2px 14px 6px;margin:12px 0}
div.cell-failures>h3{margin:10px 0 6px;font-size:1rem}
details.episode{border-top:1px solid var(--line);margin:0;scroll-margin-top:12px}
details.episode[open]{padding-bottom:16px}
details.episode:target{outline:2px solid var(--accent);outline-offset:2px;border-radius:4px}
details.episode:target>summary{background:#e8f1f8}
.index-wrap{max-height:34em;overflow:auto;border:1px solid var(--line);border-radius:6px}
.index-wrap table{margin:0}
table.failure-index td{white-space:nowrap}
table.sortable th{padding:0}
table.sortable th.plain{padding:5px 9px}
table.sortable th button{all:unset;box-sizing:border-box;display:block;width:100%;padding:5px 9px;cursor:pointer}
table.sortable th button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
table.sortable th button::after{content:" ↕";color:#9aa0a8;font-weight:400}
table.sortable th[aria-sort=ascending] button::after{content:" ▲";color:var(--fg)}
table.sortable th[aria-sort=descending] button::after{content:" ▼";color:var(--fg)}
table.sortable th.num button{text-align:right}
ul.root-causes{margin:2px 0 10px;font-size:.85rem}
.episode-body{padding:4px 0 0 14px}
.field-label{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:12px 0 4px}
blockquote.request{margin:0;padding:8px 12px;background:var(--panel);border-left:3px solid var(--accent);max-width:100ch;white-space:pre-wrap;overflow-wrap:anywhere}
ul.constraints,ul.plan{margin:4px 0;padding-left:20px}
.repro{font-size:.85rem;color:var(--muted)}
.outcome{display:inline-block;padding:0 7px;border-radius:9px;font-size:.78rem;font-weight:600;background:#eceef1;color:#30343b}
.outcome-failure,.outcome-truncated{background:#fbe3d3;color:#7a3100}
.outcome-gave_up{background:#f5e1ee;color:#6b2856}
.outcome-agent_error,.outcome-timeout,.outcome-env_error,.outcome-provider_error{background:#e4e4e4;color:#222}
table.timeline td{font-size:.82rem}
table.timeline td.action{min-width:320px;max-width:560px}
table.timeline tr.failed td.result{color:var(--bad)}
table.timeline tr.wrong{background:var(--wrong)!important;box-shadow:inset 4px 0 0 #D55E00}
table.timeline tr.onset{background:var(--onset)}
table.timeline tr.reset{background:var(--panel)}
table.timeline tr.gap td{color:var(--muted);font-style:italic;text-align:center;background:repeating-linear-gradient(135deg,#fafbfc 0 6px,#f1f2f4 6px 12px)}
.badge{display:inline-block;margin-top:3px;padding:0 5px;border-radius:4px;font-size:.7rem;font-weight:700;white-space:nowrap}
.badge-wrong{background:#D55E00;color:#fff}
.badge-onset{background:#CC79A7;color:#fff}
.badge-blame{background:#0072B2;color:#fff}
.blame{border-left:4px solid #0072B2;padding:2px 12px;margin:8px 0}
.blame p{margin:3px 0}
.warning-text{color:#9a5b00}
.kind{font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);margin-right:2px}
.kind-handoff{color:#8a5a00}.kind-finish{color:var(--accent)}.kind-invalid{color:var(--bad)}.kind-ask{color:#6b2856}
.facts-sent{display:block;margin-top:2px}
.user-msg{margin-top:4px;color:#6b2856}
.fired{margin-bottom:4px}
.ok{color:var(--good)}
.err{color:var(--bad)}
.strong{font-weight:700}
table.timeline td.turn-cell{min-width:300px;max-width:520px}
.turn{font-size:.8rem}
.turn-handoff-loss{border-left:3px solid #D55E00;padding-left:7px}
.model-call+.model-call{margin-top:6px;padding-top:6px;border-top:1px dashed var(--line)}
.call-figures{color:var(--muted);font-variant-numeric:tabular-nums}
.retries{color:var(--bad)}
.model-text{white-space:pre-wrap;overflow-wrap:anywhere;max-height:24em;overflow-y:auto}
.model-text.assistant{margin:3px 0;padding:4px 8px;background:var(--panel);border-radius:4px}
.turn-handoff-loss .model-text.assistant{background:var(--wrong)}
details.reasoning{margin:2px 0}
details.reasoning>summary{padding:1px 0;color:var(--muted)}
details.reasoning .model-text{color:#30343b;font-style:italic}
ol.tool-calls{margin:3px 0;padding-left:20px}
ol.tool-calls li.executed code{background:#dceefa;outline:1px solid var(--accent)}
.badge-executed{background:var(--accent);color:#fff}
.turn-note{color:#6b2856}
@media print{details{display:block}details>summary{list-style:none}body{max-width:none}.index-wrap{max-height:none;overflow:visible}table.sortable th button::after{content:none}}
`;
