import { describe, expect, it } from 'vitest';
import { parsePartitionFilter, partitionMatches, partitionName, planAutoPartitions, timePartitionValue } from './partitions.ts';

const NOV_26_2026_13H = Date.UTC(2026, 10, 26, 13, 38);

describe('partitionName', () => {
  it('joins values in key order and refuses unsafe values', () => {
    expect(partitionName(['region', 'dt'], { dt: '20261126', region: 'eu' })).toBe('eu$20261126');
    expect(() => partitionName(['dt'], { dt: '../x' })).toThrow('Invalid value for partition key "dt"');
    expect(() => partitionName(['dt'], {})).toThrow('Missing value for partition key "dt"');
    expect(() => partitionName(['dt'], { dt: '1', other: '2' })).toThrow('Unknown partition key: other');
  });
});

describe('partition filters', () => {
  it('parses k=v lists and prunes by them', () => {
    const filter = parsePartitionFilter('region=eu');
    expect(partitionMatches({ region: 'eu', dt: '1' }, filter)).toBe(true);
    expect(partitionMatches({ region: 'us', dt: '1' }, filter)).toBe(false);
    expect(() => parsePartitionFilter('region')).toThrow('Invalid partition filter');
  });
});

describe('planAutoPartitions', () => {
  it('formats each time unit', () => {
    expect(timePartitionValue(NOV_26_2026_13H, 'HOUR')).toBe('2026112613');
    expect(timePartitionValue(NOV_26_2026_13H, 'DAY')).toBe('20261126');
    expect(timePartitionValue(NOV_26_2026_13H, 'MONTH')).toBe('202611');
    expect(timePartitionValue(NOV_26_2026_13H, 'YEAR')).toBe('2026');
  });
  it('creates the current and pre-created units, drops those past retention', () => {
    const plan = planAutoPartitions({
      now: NOV_26_2026_13H,
      unit: 'DAY',
      numPrecreate: 3,
      numRetention: 2,
      existing: ['20261122', '20261123', '20261124', '20261125', '20261126'],
    });
    expect(plan.create).toEqual(['20261127', '20261128']);
    expect(plan.drop).toEqual(['20261122', '20261123']);
  });
  it('crosses month ends in MONTH units', () => {
    const plan = planAutoPartitions({ now: Date.UTC(2026, 11, 31), unit: 'MONTH', numPrecreate: 2, numRetention: 0, existing: [] });
    expect(plan.create).toEqual(['202612', '202701']);
    expect(plan.drop).toEqual([]);
  });
});
