import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, validateName } from './table-spec.ts';

describe('validateName', () => {
  it(`accepts names of letters, digits, _ and - up to ${MAX_NAME_LENGTH} characters`, () => {
    expect(() => validateName('table', 'orders_2026-eu')).not.toThrow();
    expect(() => validateName('table', 'x'.repeat(MAX_NAME_LENGTH))).not.toThrow();
  });

  it('refuses a longer name, repeating only its start in the message', () => {
    expect(() => validateName('database', 'x'.repeat(MAX_NAME_LENGTH + 1))).toThrow(/at most 200/);
    let message = '';
    try {
      validateName('database', 'n'.repeat(100_000));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid database name.*"n{64}… \(100000 characters\)"$/);
  });

  it('refuses other characters and an empty name', () => {
    expect(() => validateName('column', 'a b')).toThrow(/Invalid column name/);
    expect(() => validateName('column', '')).toThrow(/Invalid column name/);
  });
});
