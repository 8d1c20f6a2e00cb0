// KubeApi over the REST API. client-node's KubeConfig loads the kubeconfig or the in-cluster
// service account and applies TLS and credentials; requests and watch streams go through
// node:https, so every path (subresources, apply patches, watch bookmarks) stays under our control.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  KubeApiError,
  refOf,
  type KubeApi,
  type KubeList,
  type KubeObject,
  type ListOptions,
  type ObjectRef,
  type WatchEvent,
  type WatchHandle,
} from './kube-api.ts';
import { collectionPath, objectPath } from './resources.ts';

const requestTimeoutMs = 30_000;

interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
}

function toError(statusCode: number, text: string): KubeApiError {
  let status: KubeStatus = {};
  try {
    status = JSON.parse(text) as KubeStatus;
  } catch {
    // Not a Status object (e.g. a proxy error page): keep the raw text.
  }
  return new KubeApiError(status.code ?? statusCode, status.reason ?? 'Unknown', status.message ?? text.slice(0, 500));
}

export class HttpKubeApi implements KubeApi {
  readonly #config: KubeConfig;
  readonly #server: URL;

  constructor(config: KubeConfig) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new TypeError('Kubeconfig has no current cluster');
    this.#config = config;
    this.#server = new URL(cluster.server);
  }

  async #open(spec: RequestSpec, timeoutMs: number | undefined): Promise<http.IncomingMessage> {
    const url = new URL(this.#server.pathname.replace(/\/$/, '') + spec.path, this.#server);
    for (const [key, value] of Object.entries(spec.query ?? {})) url.searchParams.set(key, value);
    const options: https.RequestOptions = { method: spec.method, headers: { Accept: 'application/json' } };
    await this.#config.applyToHTTPSOptions(options);
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) options.headers = { ...options.headers, 'Content-Type': spec.contentType ?? 'application/json' };
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = transport.request(url, options, resolve);
      request.on('error', reject);
      if (timeoutMs !== undefined)
        request.setTimeout(timeoutMs, () => request.destroy(new Error(`Kubernetes API request timed out: ${spec.method} ${spec.path}`)));
      request.end(body);
    });
  }

  async #request<T>(spec: RequestSpec): Promise<T> {
    const response = await this.#open(spec, requestTimeoutMs);
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const statusCode = response.statusCode ?? 0;
    if (statusCode < 200 || statusCode >= 300) throw toError(statusCode, text);
    return JSON.parse(text) as T;
  }

  async get<T extends KubeObject>(ref: ObjectRef): Promise<T | undefined> {
    try {
      return await this.#request<T>({ method: 'GET', path: objectPath(ref) });
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async list<T extends KubeObject>(apiVersion: string, kind: string, options: ListOptions = {}): Promise<KubeList<T>> {
    const query: Record<string, string> = {};
    if (options.labelSelector) query['labelSelector'] = options.labelSelector;
    const list = await this.#request<{ items: T[]; metadata: { resourceVersion: string } }>({
      method: 'GET',
      path: collectionPath(apiVersion, kind, options.namespace),
      query,
    });
    // Items of a list carry no apiVersion/kind; put them back so objects look the same everywhere.
    const items = list.items.map((item) => ({ ...item, apiVersion, kind }));
    return { items, resourceVersion: list.metadata.resourceVersion };
  }

  create<T extends KubeObject>(object: T): Promise<T> {
    const ref = refOf(object);
    return this.#request<T>({ method: 'POST', path: collectionPath(ref.apiVersion, ref.kind, ref.namespace), body: object });
  }

  apply<T extends KubeObject>(object: T, fieldManager: string): Promise<T> {
    return this.#apply(object, fieldManager, undefined);
  }

  applyStatus<T extends KubeObject>(object: T, fieldManager: string): Promise<T> {
    return this.#apply(object, fieldManager, 'status');
  }

  #apply<T extends KubeObject>(object: T, fieldManager: string, subresource: 'status' | undefined): Promise<T> {
    return this.#request<T>({
      method: 'PATCH',
      path: objectPath(refOf(object), subresource),
      // force: the operator is the one owner of what it applies; a human's conflicting edit is reverted.
      query: { fieldManager, force: 'true' },
      body: object,
      contentType: 'application/apply-patch+yaml',
    });
  }

  mergePatch<T extends KubeObject>(ref: ObjectRef, patch: Record<string, unknown>): Promise<T> {
    return this.#request<T>({ method: 'PATCH', path: objectPath(ref), body: patch, contentType: 'application/merge-patch+json' });
  }

  replace<T extends KubeObject>(object: T): Promise<T> {
    return this.#request<T>({ method: 'PUT', path: objectPath(refOf(object)), body: object });
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    try {
      await this.#request({ method: 'DELETE', path: objectPath(ref), body: { propagationPolicy: 'Background' } });
      return true;
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return false;
      throw error;
    }
  }

  watch<T extends KubeObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions & { resourceVersion: string; timeoutSeconds?: number },
    onEvent: (event: WatchEvent<T>) => void,
  ): WatchHandle {
    const query: Record<string, string> = {
      watch: 'true',
      allowWatchBookmarks: 'true',
      resourceVersion: options.resourceVersion,
      timeoutSeconds: String(options.timeoutSeconds ?? 300),
    };
    if (options.labelSelector) query['labelSelector'] = options.labelSelector;
    let response: http.IncomingMessage | undefined;
    let stopped = false;
    const done = (async () => {
      response = await this.#open({ method: 'GET', path: collectionPath(apiVersion, kind, options.namespace), query }, undefined);
      if (stopped) return void response.destroy();
      if ((response.statusCode ?? 0) >= 300) {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        throw toError(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
      }
      let pending = '';
      try {
        for await (const chunk of response) {
          pending += (chunk as Buffer).toString('utf8');
          let newline: number;
          while ((newline = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, newline).trim();
            pending = pending.slice(newline + 1);
            if (line) dispatch<T>(apiVersion, kind, line, onEvent);
          }
        }
      } catch (error) {
        if (!stopped) throw error;
      }
    })();
    return {
      stop: () => {
        stopped = true;
        response?.destroy();
      },
      done,
    };
  }
}

function dispatch<T extends KubeObject>(apiVersion: string, kind: string, line: string, onEvent: (event: WatchEvent<T>) => void): void {
  const event = JSON.parse(line) as { type: string; object: T & KubeStatus };
  if (event.type === 'ERROR') {
    // 410 Gone: the resourceVersion is too old; the informer relists.
    throw new KubeApiError(event.object.code ?? 500, event.object.reason ?? 'WatchError', event.object.message ?? line);
  }
  if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED' || event.type === 'BOOKMARK') {
    onEvent({ type: event.type, object: { ...event.object, apiVersion, kind } });
  }
}
