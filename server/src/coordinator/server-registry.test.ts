import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../common/timers.ts';
import { isFlussError } from '../rpc/errors.ts';
import { ServerRegistry } from './server-registry.ts';

const node = (host: string, port: number) => ({ id: 0, host, port, rack: '' });

describe('ServerRegistry', () => {
  it('refuses a registration of a live server id from another address, and keeps the first', () => {
    const clock = new ManualTimers(0);
    const registry = new ServerRegistry(clock, 10_000);
    registry.register(node('10.0.0.1', 9124));
    expect(() => registry.register(node('10.6.6.6', 9124))).toThrow(
      /Tablet server id 0 is registered from 10\.0\.0\.1:9124 and alive; refusing a registration from 10\.6\.6\.6:9124/,
    );
    try {
      registry.register(node('10.6.6.6', 9124));
    } catch (error) {
      expect(isFlussError(error, 'ALREADY_EXISTS')).toBe(true);
    }
    expect(registry.liveNodes()).toEqual([node('10.0.0.1', 9124)]);
    // The real server's heartbeats keep it; a restart on its own address re-registers.
    clock.advance(9_000);
    expect(registry.heartbeat(0)).toBe(true);
    registry.register(node('10.0.0.1', 9124));
    expect(registry.liveNodes()).toEqual([node('10.0.0.1', 9124)]);
  });

  it('takes a new address once the old session has expired', () => {
    const clock = new ManualTimers(0);
    const registry = new ServerRegistry(clock, 10_000);
    registry.register(node('10.0.0.1', 9124));
    clock.advance(10_001);
    registry.register(node('10.0.0.2', 9124));
    expect(registry.liveNodes()).toEqual([node('10.0.0.2', 9124)]);
  });
});
