import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('closestName', () => {
  it('suggests the nearest candidate only when it is close enough to be a typo', () => {
    const keys = ['log.segment.file-size', 'log.segment.roll-interval', 'fetch.max-wait.cap'];
    expect(closestName('log.segment.filesize', keys)).toBe('log.segment.file-size');
    expect(closestName('Fetch.Max-Wait.Cap', keys)).toBe('fetch.max-wait.cap');
    expect(closestName('no.such.key', keys)).toBeUndefined();
  });
});
