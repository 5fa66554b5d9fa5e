/**
 * The benchmark chart, written by hand as SVG (no chart library): server CPU µs per delivery
 * by scenario and server (grouped bars, ratio to raw ws on top), and RSS per idle connection.
 */

export interface BarGroup {
  label: string;
  bars: { series: string; value: number; note?: string }[];
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  left: { title: string; unit: string; groups: BarGroup[] };
  right: { title: string; unit: string; groups: BarGroup[] };
}

const COLORS = ["#6b7280", "#d97706", "#2563eb", "#059669", "#7c3aed", "#db2777"];

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function panel(x0: number, width: number, height: number, p: ChartSpec["left"], series: string[]): string {
  const top = 100;
  const bottom = height - 60;
  const plotH = bottom - top;
  const values = p.groups.flatMap((g) => g.bars.map((b) => b.value)).filter(Number.isFinite);
  const max = niceMax(Math.max(0, ...values));
  const out: string[] = [`<text x="${x0 + width / 2}" y="${top - 28}" class="h">${esc(p.title)}</text>`];
  for (let i = 0; i <= 4; i++) {
    const y = bottom - (plotH * i) / 4;
    const v = (max * i) / 4;
    out.push(`<line x1="${x0 + 40}" x2="${x0 + width - 10}" y1="${y}" y2="${y}" class="grid"/>`);
    out.push(`<text x="${x0 + 36}" y="${y + 4}" class="tick" text-anchor="end">${+v.toPrecision(3)}</text>`);
  }
  out.push(`<text x="${x0 + 12}" y="${top - 8}" class="tick">${esc(p.unit)}</text>`);
  const groupW = (width - 60) / Math.max(1, p.groups.length);
  const perGroup = Math.max(1, ...p.groups.map((g) => g.bars.length));
  const barW = Math.min(34, (groupW - 12) / perGroup);
  p.groups.forEach((g, gi) => {
    const gx = x0 + 50 + gi * groupW;
    const used = barW * g.bars.length;
    g.bars.forEach((b, bi) => {
      const si = series.indexOf(b.series);
      const x = gx + (groupW - used) / 2 + bi * barW;
      if (!Number.isFinite(b.value)) {
        out.push(`<text x="${x + barW / 2}" y="${bottom - 4}" class="note">n/a</text>`);
        return;
      }
      const h = (plotH * b.value) / max;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${(barW - 3).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(`${g.label} ${b.series}: ${b.value.toFixed(2)} ${p.unit}`)}</title></rect>`,
      );
      if (b.note)
        out.push(
          `<text x="${(x + (barW - 3) / 2).toFixed(1)}" y="${(bottom - h - 4).toFixed(1)}" class="note">${esc(b.note)}</text>`,
        );
    });
    out.push(`<text x="${gx + groupW / 2}" y="${bottom + 18}" class="label">${esc(g.label)}</text>`);
  });
  return out.join("\n");
}

export function renderChart(spec: ChartSpec): string {
  const width = 1000;
  const height = 450;
  const series = [
    ...new Set([...spec.left.groups, ...spec.right.groups].flatMap((g) => g.bars.map((b) => b.series))),
  ];
  const legend = series
    .map((s, i) => {
      const x = 20 + i * 160;
      return `<rect x="${x}" y="${height - 26}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 18}" y="${height - 16}" class="tick">${esc(s)}</text>`;
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">
<style>
.t{font-size:17px;font-weight:600}.s{font-size:12px;fill:#555}.h{font-size:14px;font-weight:600;text-anchor:middle}
.tick{font-size:11px;fill:#444}.label{font-size:12px;text-anchor:middle}.note{font-size:9px;text-anchor:middle;fill:#222}
.grid{stroke:#e5e7eb;stroke-width:1}
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="20" y="26" class="t">${esc(spec.title)}</text>
<text x="20" y="44" class="s">${esc(spec.subtitle)}</text>
${panel(0, 640, height - 10, spec.left, series)}
${panel(650, 340, height - 10, spec.right, series)}
${legend}
</svg>
`;
}
