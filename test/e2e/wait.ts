// Polling helpers for e2e assertions on an eventually consistent system.
export { eventually } from '../support/eventually.ts';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
