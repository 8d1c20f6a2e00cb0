// The client's writer linger timers, retry backoff and the scanner's poll deadline use the same
// time seam as the servers (common/timers.ts), so tests drive them without real waiting.
export { systemTimers, type Timers } from '../common/timers.ts';
