import { readFileSync } from 'node:fs';
import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, genericCodeOf, GENERIC_ERROR_CODES } from './error-codes.ts';

const CLIENT_DOCS = new URL('../../../docs/client.md', import.meta.url);

/** The rows of docs/client.md's error-code tables: `| \`CODE\` | \`STATUS\` | yes/no | meaning |`. */
function documentedCodes(): Record<string, { status: string; retriable: boolean }> {
  const rows = readFileSync(CLIENT_DOCS, 'utf8').matchAll(/^\| `([A-Z_]+)` \| `([A-Z_]+)` \| (yes|no) \|/gm);
  return Object.fromEntries([...rows].map(([, code, grpcStatus, retriable]) => [code!, { status: grpcStatus!, retriable: retriable === 'yes' }]));
}

const statusName = (value: number): string => Object.entries(status).find(([, v]) => v === value)![0];

describe('error codes', () => {
  it('are documented in docs/client.md with their status and retriable flag, all and only them', () => {
    const expected = Object.fromEntries(
      Object.entries(ERROR_CODES).map(([code, definition]) => [code, { status: statusName(definition.status), retriable: definition.retriable }]),
    );
    expect(documentedCodes()).toEqual(expected);
  });

  it('have one generic code per status, named like it', () => {
    for (const [name, definition] of Object.entries(GENERIC_ERROR_CODES)) {
      expect(statusName(definition.status)).toBe(name);
      expect(genericCodeOf(definition.status)).toBe(name);
    }
    expect(genericCodeOf(status.CANCELLED)).toBe('INTERNAL');
  });
});
