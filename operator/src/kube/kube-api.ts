// The narrow view of the Kubernetes API the operator uses. client-node's own types are loose
// (`any` in watches and caches); everything past this interface is typed.
/**
 * The fields every object has that the runtime reads. Timestamps are left out on purpose:
 * client-node types them as Date, but on the wire (and in our CR types) they are strings.
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface KubeList<T extends KubeObject> {
  items: T[];
  resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WatchHandle {
  stop(): void;
  /** Settles when the stream ends: resolves on a clean close, rejects on an error (410 Gone included). */
  readonly done: Promise<void>;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
}

export interface KubeApi {
  get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined>;
  list<T extends KubeObject>(apiVersion: string, kind: string, options?: ListOptions): Promise<KubeList<T>>;
  create<T extends KubeObject>(object: T): Promise<T>;
  /** Server-side apply of the fields in `object`, owned by `fieldManager`. */
  apply<T extends KubeObject>(object: T, fieldManager: string): Promise<T>;
  /** Server-side apply on the status subresource. */
  applyStatus<T extends KubeObject>(object: T, fieldManager: string): Promise<T>;
  /** JSON merge patch (finalizers, annotations). */
  mergePatch<T extends KubeObject>(ref: ObjectRef, patch: Record<string, unknown>): Promise<T>;
  /** Replace guarded by the object's resourceVersion (optimistic concurrency for Leases). */
  replace<T extends KubeObject>(object: T): Promise<T>;
  /** Returns false when the object was already gone. */
  delete(ref: ObjectRef): Promise<boolean>;
  watch<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions & { resourceVersion: string; timeoutSeconds?: number },
    onEvent: (event: WatchEvent<T>) => void,
  ): WatchHandle;
}

/** An API error with its HTTP status (404, 409, 410, 422, ...) and the server's message. */
export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string;
  constructor(status: number, reason: string, message: string) {
    super(message);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

export function isStatus(error: unknown, status: number): boolean {
  return error instanceof KubeApiError && error.status === status;
}

export function refOf(object: KubeObject): ObjectRef {
  const name = object.metadata?.name;
  if (!object.apiVersion || !object.kind || !name) throw new TypeError(`Object lacks apiVersion, kind or name: ${JSON.stringify(object).slice(0, 200)}`);
  const namespace = object.metadata?.namespace;
  return { apiVersion: object.apiVersion, kind: object.kind, name, ...(namespace !== undefined && { namespace }) };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
