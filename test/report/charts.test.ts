import { describe, expect, it } from 'vitest';
import { niceTicks } from '../../src/report/html/svg/axes.js';
import { groupedBarChart } from '../../src/report/html/svg/bar-chart.js';

const series = [
  { label: 'oracle', colour: '#0072B2' },
  { label: 'noop', colour: '#DDCC77' },
  { label: 'a-team-name-far-too-long-to-fit-in-the-margin', colour: '#882255' },
];

describe('groupedBarChart', () => {
  it('names the series at every bar, a 0% bar and a bar without data included', () => {
    const svg = groupedBarChart({
      label: 'rates',
      series,
      groups: [
        {
          label: 'env/one-v1',
          values: [{ value: 1, low: 0.7, high: 1 }, { value: 0, low: 0, high: 0.3 }, null],
        },
        { label: 'env/two-v1', values: [{ value: 0.5, low: 0.2, high: 0.8 }, 'no success', { value: 0.25 }] },
      ],
    });
    const labels = [...svg.matchAll(/class="bar-label" text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual([
      'oracle',
      'noop',
      'a-team-name-far-too-long-to…',
      'oracle',
      'noop',
      'a-team-name-far-too-long-to…',
    ]);
    // Each group is headed by its name; values read as elsewhere in the report.
    expect(svg).toContain('class="label group-label">env/one-v1</text>');
    expect(svg).toContain('<title>env/one-v1 — noop: 0.0% [0.0, 30.0]</title>');
    expect(svg).toContain('>no data</text>');
    expect(svg).toContain('<title>env/two-v1 — noop: no success</title>');
    // A bar without an interval has no whisker.
    const last = svg.slice(svg.lastIndexOf('<g><title>env/two-v1 — a-team'));
    expect(last).not.toContain('whisker');
    expect(last).toContain('>25.0%</text>');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('draws another scale with its own ticks and formats', () => {
    const svg = groupedBarChart({
      label: 'tokens',
      series: series.slice(0, 1),
      groups: [{ label: 'env', values: [{ value: 1234 }] }],
      scale: { max: 1500, ticks: [0, 500, 1000, 1500], format: (v) => `${v} t`, tickFormat: (v) => `${v / 1000}k` },
    });
    expect(svg).toContain('>1.5k</text>');
    expect(svg).toContain('>1234 t</text>');
  });
});

describe('niceTicks', () => {
  it('counts in round steps from 0 to at least the maximum', () => {
    expect(niceTicks(167_000)).toEqual([0, 50_000, 100_000, 150_000, 200_000]);
    expect(niceTicks(0.165)).toEqual([0, 0.05, 0.1, 0.15, 0.2]);
    expect(niceTicks(4)).toEqual([0, 1, 2, 3, 4]);
    expect(niceTicks(0)).toEqual([0, 0.5, 1]);
  });
});
