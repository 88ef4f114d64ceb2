import { describe, expect, it } from 'vitest';
import { escapeCell, percent, pieChart, table } from '../src/markdown';

describe('markdown', () => {
  it('escapes what would break a table cell or inject HTML', () => {
    expect(escapeCell('a|b\n<script>')).toBe('a\\|b<br>&lt;script&gt;');
  });
  it('builds aligned tables', () => {
    expect(table(['A', 'B'], [['1', '2']], ['left', 'right'])).toBe('| A | B |\n| --- | ---: |\n| 1 | 2 |');
  });
  it('drops empty pie slices', () => {
    expect(
      pieChart('t', [
        { label: 'high', value: 2 },
        { label: 'low', value: 0 },
      ]),
    ).toBe('```mermaid\npie showData title t\n    "high" : 2\n```');
  });
  it('formats percents', () => {
    expect(percent(84.166)).toBe('84.17%');
    expect(percent(undefined)).toBe('–');
  });
});
