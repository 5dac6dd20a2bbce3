"""Files users take away: chart images and data (CSV, XLSX), the full download, the PDF report.
May import: every core room (config, labels, data, imports, analysis, figures, views), never web."""
