import { describe, expect, it } from 'vitest';
import { isSubset } from './subset.ts';

describe('isSubset', () => {
  it('accepts live objects with server defaults added', () => {
    const desired = { spec: { ports: [{ port: 1, name: 'a' }], selector: { x: 'y' } } };
    const live = { spec: { ports: [{ port: 1, name: 'a', protocol: 'TCP' }], selector: { x: 'y' }, clusterIP: '10.0.0.5' }, status: {} };
    expect(isSubset(desired, live)).toBe(true);
  });
  it('rejects a changed value, a missing key, and a list of another length', () => {
    expect(isSubset({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false);
    expect(isSubset({ a: { b: 1 } }, { a: {} })).toBe(false);
    expect(isSubset({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
  });
  it('treats undefined desired fields as absent', () => {
    expect(isSubset({ a: undefined, b: 1 }, { b: 1 })).toBe(true);
  });
});
