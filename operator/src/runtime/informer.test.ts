import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KubeApiError, type KubeApi, type KubeList, type KubeObject, type WatchEvent, type WatchHandle } from '../kube/kube-api.ts';
import { Informer, type InformerEvent } from './informer.ts';
import { ManualTimers } from './manual-timers.ts';
import { realTimers } from './timers.ts';

const object = (name: string, resourceVersion: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', resourceVersion },
});

/** Lists from a script; each watch plays the next scripted stream, then ends or fails. */
function scriptedApi(
  lists: KubeObject[][],
  watches: Array<{ events: WatchEvent<KubeObject>[]; end: 'close' | 'gone' | 'hang' }>,
): KubeApi & { listCalls: number; stopped: number } {
  const api = {
    listCalls: 0,
    stopped: 0,
    async list<T extends KubeObject>(): Promise<KubeList<T>> {
      const items = lists[Math.min(api.listCalls, lists.length - 1)] ?? [];
      api.listCalls += 1;
      return { items: items as T[], resourceVersion: String(api.listCalls * 100) };
    },
    watch<T extends KubeObject>(_apiVersion: string, _kind: string, _options: unknown, onEvent: (event: WatchEvent<T>) => void): WatchHandle {
      const script = watches.shift() ?? { events: [], end: 'hang' as const };
      let stop: () => void = () => {};
      const done = new Promise<void>((resolve, reject) => {
        stop = () => {
          api.stopped += 1;
          resolve();
        };
        queueMicrotask(() => {
          for (const event of script.events) onEvent(event as WatchEvent<T>);
          if (script.end === 'close') resolve();
          if (script.end === 'gone') reject(new KubeApiError(410, 'Expired', 'too old resource version'));
        });
      });
      return { stop: () => stop(), done };
    },
  };
  return api as unknown as KubeApi & { listCalls: number; stopped: number };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('Informer', () => {
  it('relists after 410 Gone and reports the deletes it missed', async () => {
    const api = scriptedApi(
      [[object('a', '1'), object('b', '1')], [object('a', '2')]],
      [{ events: [{ type: 'MODIFIED', object: object('a', '2') }], end: 'gone' }],
    );
    const informer = new Informer<KubeObject>(api, realTimers, pino({ level: 'silent' }), { apiVersion: 'v1', kind: 'ConfigMap' });
    const seen: Array<[InformerEvent, string]> = [];
    informer.on((event, item) => seen.push([event, item.metadata?.name ?? '']));
    informer.start();
    await informer.synced;
    await settle();
    await informer.stop();
    expect(seen).toEqual([
      ['add', 'a'],
      ['add', 'b'],
      ['update', 'a'],
      ['delete', 'b'],
    ]);
    expect(informer.list().map((item) => item.metadata?.name)).toEqual(['a']);
  });

  it('restarts a watch that stays silent past the watchdog period', async () => {
    const timers = new ManualTimers();
    const api = scriptedApi(
      [[object('a', '1')]],
      [
        { events: [], end: 'hang' },
        { events: [], end: 'hang' },
      ],
    );
    const informer = new Informer<KubeObject>(api, timers, pino({ level: 'silent' }), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      watchdogMs: 1000,
      resyncMs: 1_000_000,
    });
    informer.start();
    await informer.synced;
    await settle();
    timers.advance(999);
    expect(api.stopped).toBe(0);
    timers.advance(1);
    expect(api.stopped).toBe(1);
    await informer.stop();
  });

  it('hands every cached object to the handlers on resync', async () => {
    const timers = new ManualTimers();
    const api = scriptedApi([[object('a', '1'), object('b', '1')]], []);
    const informer = new Informer<KubeObject>(api, timers, pino({ level: 'silent' }), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      resyncMs: 5000,
      watchdogMs: 1_000_000,
    });
    const resynced: string[] = [];
    informer.on((event, item) => event === 'resync' && resynced.push(item.metadata?.name ?? ''));
    informer.start();
    await informer.synced;
    timers.advance(5000);
    expect(resynced).toEqual(['a', 'b']);
    await informer.stop();
  });
});
