// An in-memory KubeApi for unit tests of reconcilers (the MockKube of Strimzi, much smaller).
// Apply merges the given fields over the stored object; every write is recorded.
import { KubeApiError, describeRef, refOf, type KubeApi, type KubeList, type KubeObject, type ObjectRef, type WatchHandle } from './kube-api.ts';

type Stored = KubeObject & Record<string, unknown>;

function keyOf(ref: ObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}

function merge(base: unknown, patch: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return structuredClone(patch);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

export class FakeKubeApi implements KubeApi {
  readonly objects = new Map<string, Stored>();
  readonly writes: string[] = [];
  /** Writes the API server refuses, keyed like `writes` ("apply StatefulSet/ns/name"). */
  readonly refusals = new Map<string, KubeApiError>();
  #version = 1;
  #uid = 1;

  #store(object: Stored, verb: string): Stored {
    const ref = refOf(object);
    const refusal = this.refusals.get(`${verb} ${describeRef(ref)}`);
    if (refusal) throw refusal;
    const stored = structuredClone(object);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.#version) };
    this.objects.set(keyOf(ref), stored);
    this.writes.push(`${verb} ${describeRef(ref)}`);
    return structuredClone(stored);
  }

  /** Test helper: set an object's status as another controller would (not counted as our write). */
  setStatus(ref: ObjectRef, status: unknown): void {
    const stored = this.objects.get(keyOf(ref));
    if (!stored) throw new Error(`no ${describeRef(ref)}`);
    stored['status'] = structuredClone(status);
    stored.metadata = { ...stored.metadata, resourceVersion: String(++this.#version) };
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    const stored = this.objects.get(keyOf(ref));
    return stored && (structuredClone(stored) as T);
  }

  async list<T extends KubeObject>(apiVersion: string, kind: string): Promise<KubeList<T>> {
    const items = [...this.objects.values()].filter((object) => object.apiVersion === apiVersion && object.kind === kind);
    return { items: structuredClone(items) as T[], resourceVersion: String(this.#version) };
  }

  create<T extends KubeObject>(object: T): Promise<T> {
    return this.#create(object, 'create');
  }

  async #create<T extends KubeObject>(object: T, verb: string): Promise<T> {
    const ref = refOf(object);
    if (this.objects.has(keyOf(ref))) throw new KubeApiError(409, 'AlreadyExists', `${describeRef(ref)} already exists`);
    const created = { ...object, metadata: { ...object.metadata, uid: `uid-${this.#uid++}`, generation: 1 } } as Stored;
    return this.#store(created, verb) as T;
  }

  async apply<T extends KubeObject>(object: T): Promise<T> {
    const ref = refOf(object);
    const existing = this.objects.get(keyOf(ref));
    if (!existing) return this.#create(object, 'apply');
    const { status: _ignored, ...patch } = object as Stored;
    const merged = merge(existing, patch) as Stored;
    const specChanged = JSON.stringify(merged['spec']) !== JSON.stringify(existing['spec']);
    merged.metadata = { ...merged.metadata, generation: (existing.metadata?.generation ?? 1) + (specChanged ? 1 : 0) };
    return this.#store(merged, 'apply') as T;
  }

  async applyStatus<T extends KubeObject>(object: T): Promise<T> {
    const ref = refOf(object);
    const existing = this.objects.get(keyOf(ref));
    if (!existing) throw new KubeApiError(404, 'NotFound', `${describeRef(ref)} not found`);
    return this.#store({ ...existing, status: structuredClone((object as Stored)['status']) }, 'status') as T;
  }

  async mergePatch<T extends KubeObject>(ref: ObjectRef, patch: Record<string, unknown>): Promise<T> {
    const existing = this.objects.get(keyOf(ref));
    if (!existing) throw new KubeApiError(404, 'NotFound', `${describeRef(ref)} not found`);
    // As the API server: a resourceVersion in the patch is a precondition.
    const expected = (patch['metadata'] as { resourceVersion?: string } | undefined)?.resourceVersion;
    if (expected !== undefined && expected !== existing.metadata?.resourceVersion) throw new KubeApiError(409, 'Conflict', 'resourceVersion changed');
    const merged = merge(existing, patch) as Stored;
    // As the API server: a spec change moves the generation.
    if (JSON.stringify(merged['spec']) !== JSON.stringify(existing['spec']))
      merged.metadata = { ...merged.metadata, generation: (existing.metadata?.generation ?? 1) + 1 };
    return this.#store(merged, 'patch') as T;
  }

  async replace<T extends KubeObject>(object: T): Promise<T> {
    const ref = refOf(object);
    const existing = this.objects.get(keyOf(ref));
    if (!existing) throw new KubeApiError(404, 'NotFound', `${describeRef(ref)} not found`);
    if (existing.metadata?.resourceVersion !== object.metadata?.resourceVersion) throw new KubeApiError(409, 'Conflict', 'resourceVersion changed');
    return this.#store(object as Stored, 'replace') as T;
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    const existed = this.objects.delete(keyOf(ref));
    if (existed) this.writes.push(`delete ${describeRef(ref)}`);
    return existed;
  }

  watch(): WatchHandle {
    return { stop: () => {}, done: new Promise(() => {}) };
  }
}
