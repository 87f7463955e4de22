extension HTMLReport {
    /// The page's stylesheet: system fonts (nothing to download), a calm palette, tabular figures in tables,
    /// and print rules (white page, no navigation, figures kept whole, two columns of charts).
    package static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #e3e6ec; --bg: #f4f6f9; --card: #fff; --head: #13213c;
                --good: #1e7f4a; --bad: #b42318; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; }
        body { margin: 0; background: var(--bg); color: var(--ink);
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.top { background: var(--head); color: #fff; }
        header.top .inner, main { max-width: 1180px; margin: 0 auto; padding-left: 28px; padding-right: 28px; }
        header.top .inner { padding-top: 26px; padding-bottom: 16px; }
        .kicker { font-size: 12px; letter-spacing: .12em; text-transform: uppercase; color: #9fb3d9; }
        h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 6px; font-weight: 650; }
        .description { margin: 0 0 14px; color: #d5deef; max-width: 900px; }
        .facts { display: flex; flex-wrap: wrap; gap: 10px 34px; margin: 14px 0 16px; }
        .fact { display: flex; flex-direction: column; }
        .fact .k { font-size: 11.5px; letter-spacing: .06em; text-transform: uppercase; color: #9fb3d9; }
        .fact .v { font-size: 16px; font-variant-numeric: tabular-nums; }
        nav.toc { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px; border-top: 1px solid #2b3b5c; padding-top: 12px; }
        nav.toc a { color: #cfe0ff; text-decoration: none; font-size: 14px; }
        nav.toc a:hover { text-decoration: underline; }
        .badge { font-size: 13px; padding: 2px 10px; border-radius: 999px; font-weight: 600; }
        .badge.pass { background: #d9f2e3; color: #145c35; }
        .badge.fail { background: #fde2df; color: #8f1d13; }
        main { padding-top: 8px; padding-bottom: 40px; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 18px 22px 20px;
                margin: 18px 0; box-shadow: 0 1px 2px rgba(16, 24, 40, .05); }
        h2 { font-size: 19px; margin: 0 0 12px; font-weight: 650; }
        h3 { font-size: 15.5px; margin: 18px 0 6px; font-weight: 620; }
        h3 .count { color: var(--muted); font-weight: 400; font-size: 13px; margin-left: 6px; }
        .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 18px 26px; }
        figure { margin: 0; break-inside: avoid; page-break-inside: avoid; }
        figure.wide { grid-column: 1 / -1; }
        .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
        figcaption { font-size: 13.5px; color: var(--muted); margin: 0 0 4px; }
        figcaption b { color: var(--ink); font-weight: 620; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 12px; fill: #5b6475; }
        svg .grid line { stroke: #e6e9ef; stroke-width: 1; }
        svg .grid line.x { stroke: #f0f2f5; }
        svg .axis { stroke: #8d96a7; stroke-width: 1; }
        svg .axis-title { font-size: 12.5px; fill: #39414f; }
        svg .line { stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
        svg .marker { stroke-width: 1.4; stroke-dasharray: 5 3; }
        svg .whisker { stroke-width: 1.2; fill: none; }
        svg .marker-label { font-weight: 650; font-size: 12.5px; }
        svg .label { fill: #1d2330; font-size: 12.5px; }
        svg .value { font-size: 12px; fill: #39414f; }
        .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12.5px; color: var(--muted); margin: 2px 0 0 86px; }
        .swatch { display: inline-block; width: 16px; height: 3px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
        th, td { padding: 5px 12px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; }
        th { font-weight: 600; font-size: 12.5px; color: var(--muted); background: #f8f9fb; }
        table.summary { width: 100%; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 0 34px; }
        tbody tr:hover td { background: #f7f9fc; }
        ul.checks { list-style: none; padding: 0; margin: 14px 0 0; font-size: 14px; }
        ul.checks li { padding: 3px 0 3px 26px; position: relative; }
        ul.checks li::before { position: absolute; left: 4px; font-weight: 700; }
        ul.checks li.pass::before { content: "✓"; color: var(--good); }
        ul.checks li.fail::before { content: "✗"; color: var(--bad); }
        ul.checks li.fail { color: var(--bad); }
        .note { color: var(--muted); font-size: 13px; margin: 4px 0 12px; }
        pre.scenario { background: #f7f8fa; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 0;
                       font: 12.5px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
                       overflow: auto; max-height: 520px; }
        footer { color: var(--muted); font-size: 12.5px; text-align: center; margin-top: 24px; }
        @media (max-width: 640px) { .grid { grid-template-columns: 1fr; } .pair { grid-template-columns: 1fr; } }
        @media print {
          @page { margin: 12mm; }
          body { background: #fff; font-size: 11.5px; }
          header.top { background: #fff; color: #000; border-bottom: 2px solid #000; }
          header.top .inner, main { max-width: none; padding-left: 0; padding-right: 0; }
          .kicker, .fact .k, .description { color: #444; }
          nav.toc a { display: none; }
          nav.toc { border-top: none; padding-top: 0; }
          .card { box-shadow: none; border: none; border-radius: 0; padding: 8px 0; margin: 10px 0; }
          .grid, .columns { grid-template-columns: 1fr 1fr; }
          th, td { padding: 3px 8px; }
          pre.scenario { max-height: none; overflow: visible; white-space: pre-wrap; }
          tbody tr:hover td { background: none; }
        }

        """
}
