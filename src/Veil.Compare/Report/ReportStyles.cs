namespace Veil.Compare.Report;

/// <summary>The report's inline style sheet: a readable column on a laptop screen, system fonts only (nothing to
/// fetch), right-aligned figures, and a print layout without backgrounds, with charts fitting the page and rows kept
/// whole.</summary>
/// <remarks>Thread-safety: constant.</remarks>
internal static class ReportStyles
{
    /// <summary>The CSS for the page's <c>&lt;style&gt;</c> element.</summary>
    public const string Css = """
        :root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --rule: #d9dde5; --paper: #ffffff; --band: #f4f6f9; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--band); color: var(--ink);
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; background: var(--paper); }
        h1 { font-size: 1.7em; margin: 0 0 4px; }
        h2 { font-size: 1.25em; margin: 32px 0 10px; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
        h3 { font-size: 1.05em; margin: 22px 0 8px; }
        .subtitle, .aside, figcaption, footer { color: var(--muted); }
        .aside { font-size: 0.9em; }
        code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
        pre.command { background: var(--band); border: 1px solid var(--rule); border-radius: 4px; padding: 8px 12px;
                      white-space: pre-wrap; word-break: break-all; margin: 6px 0 14px; }
        dl.machine { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
        dl.machine dt { color: var(--muted); }
        dl.machine dd { margin: 0; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 0.86em; }
        th, td { padding: 4px 6px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
        th { background: var(--band); font-weight: 600; }
        th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.num { white-space: nowrap; }
        th { vertical-align: bottom; }
        td.note { color: var(--muted); }
        tr.failed td { background: #fdecec; }
        tr.failed td.error { color: #9b1c1c; }
        td.met { color: #11683a; font-weight: 600; }
        td.not-met { color: #9b1c1c; font-weight: 600; }
        td.absent { color: var(--muted); font-style: italic; }
        figure.chart { margin: 18px 0 28px; }
        figure.chart svg { display: block; width: 100%; max-width: 860px; height: auto; }
        figure.roc svg { max-width: 460px; }
        figcaption { font-size: 0.95em; margin-bottom: 6px; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
        svg .label, svg .value { font-size: 12px; }
        svg .tick { font-size: 11px; fill: var(--muted); }
        svg .axis-title { font-size: 12px; fill: var(--muted); }
        svg .grid { stroke: #e6e9ef; stroke-width: 1; }
        svg .axis { stroke: #8a93a3; stroke-width: 1; }
        svg .study { fill: #b4232a; fill-opacity: 0.07; }
        svg .study-line { stroke: #b4232a; stroke-width: 1.5; stroke-dasharray: 6 4; }
        svg .study-label { font-size: 12px; fill: #b4232a; }
        svg .mark:hover { opacity: 0.75; }
        p.empty { color: var(--muted); font-style: italic; }
        footer { margin-top: 36px; border-top: 1px solid var(--rule); padding-top: 10px; font-size: 0.9em; }
        @media print {
          body, main, th, pre.command, tr.failed td { background: none !important; }
          body { font-size: 10.5pt; }
          main { max-width: none; padding: 0; }
          .scroll { overflow: visible; }
          table { font-size: 8.5pt; }
          tr, figure.chart, pre.command, dl.machine { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          figure.chart svg { max-width: 100%; max-height: 21cm; }
          svg .study { fill-opacity: 0.12; }
          h2 { break-after: avoid; page-break-after: avoid; }
        }
        """;
}
