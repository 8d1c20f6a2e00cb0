// The coordinator's admin API as the operator needs it. The .proto files are loaded at run time
// with proto-loader (the operator never imports server code); gRPC statuses become AdminError.
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { AlterTableRequest, TableInfo, TablePath, TableSpecMessage } from './messages.ts';

export type AdminErrorCode = 'NOT_FOUND' | 'ALREADY_EXISTS' | 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'UNAVAILABLE' | 'DEADLINE_EXCEEDED' | 'OTHER';

export class AdminError extends Error {
  readonly code: AdminErrorCode;
  constructor(code: AdminErrorCode, message: string) {
    super(message);
    this.name = 'AdminError';
    this.code = code;
  }
}

export interface CoordinatorAdmin {
  /** undefined when the table does not exist. */
  getTable(path: TablePath): Promise<TableInfo | undefined>;
  createTable(spec: TableSpecMessage): Promise<TableInfo>;
  alterTable(request: AlterTableRequest): Promise<TableInfo>;
  /** false when the table was already gone. */
  dropTable(path: TablePath): Promise<boolean>;
  /** Any cheap call that proves the coordinator answers. */
  ping(): Promise<void>;
  close(): void;
}

const protoDir = process.env['FLUSS_PROTO_DIR'] ?? fileURLToPath(new URL('../../../server/proto/', import.meta.url));
const callTimeoutMs = 10_000;

type UnaryMethod = (request: object, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, response?: unknown) => void) => void;
type ServiceClient = grpc.Client & Record<string, UnaryMethod>;
type ServiceConstructor = new (address: string, credentials: grpc.ChannelCredentials) => ServiceClient;

let serviceConstructor: ServiceConstructor | undefined;

function loadService(): ServiceConstructor {
  if (serviceConstructor) return serviceConstructor;
  const definition = protoLoader.loadSync('fluss/v1/coordinator.proto', {
    includeDirs: [protoDir],
    keepCase: false,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { fluss: { v1: { CoordinatorService: ServiceConstructor } } };
  serviceConstructor = loaded.fluss.v1.CoordinatorService;
  return serviceConstructor;
}

function toAdminError(error: grpc.ServiceError): AdminError {
  const known: Partial<Record<number, AdminErrorCode>> = {
    [grpc.status.NOT_FOUND]: 'NOT_FOUND',
    [grpc.status.ALREADY_EXISTS]: 'ALREADY_EXISTS',
    [grpc.status.INVALID_ARGUMENT]: 'INVALID_ARGUMENT',
    [grpc.status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
    [grpc.status.UNAVAILABLE]: 'UNAVAILABLE',
    [grpc.status.DEADLINE_EXCEEDED]: 'DEADLINE_EXCEEDED',
  };
  return new AdminError(known[error.code] ?? 'OTHER', error.details || error.message);
}

export class GrpcCoordinatorAdmin implements CoordinatorAdmin {
  readonly #client: ServiceClient;

  constructor(address: string) {
    const Service = loadService();
    this.#client = new Service(address, grpc.credentials.createInsecure());
  }

  #call<T>(method: string, request: object, timeoutMs = callTimeoutMs): Promise<T> {
    const unary = this.#client[method];
    if (!unary) throw new TypeError(`CoordinatorService has no method ${method}`);
    return new Promise((resolve, reject) => {
      unary.call(this.#client, request, { deadline: Date.now() + timeoutMs }, (error, response) =>
        error ? reject(toAdminError(error)) : resolve(response as T),
      );
    });
  }

  async getTable(path: TablePath): Promise<TableInfo | undefined> {
    try {
      return (await this.#call<{ table: TableInfo }>('getTable', { path })).table;
    } catch (error) {
      if (error instanceof AdminError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  async createTable(spec: TableSpecMessage): Promise<TableInfo> {
    return (await this.#call<{ table: TableInfo }>('createTable', { spec, ignoreIfExists: false, createDatabase: true })).table;
  }

  async alterTable(request: AlterTableRequest): Promise<TableInfo> {
    return (await this.#call<{ table: TableInfo }>('alterTable', request)).table;
  }

  async dropTable(path: TablePath): Promise<boolean> {
    try {
      await this.#call('dropTable', { path, ignoreIfNotExists: false });
      return true;
    } catch (error) {
      if (error instanceof AdminError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  }

  async ping(): Promise<void> {
    // Short: a probe runs inside every cluster reconcile.
    await this.#call('listDatabases', {}, 3000);
  }

  close(): void {
    this.#client.close();
  }
}

/** One client per address, reused across reconciles (a gRPC channel reconnects by itself). */
export class AdminClients {
  readonly #clients = new Map<string, CoordinatorAdmin>();
  readonly #create: (address: string) => CoordinatorAdmin;

  constructor(create: (address: string) => CoordinatorAdmin = (address) => new GrpcCoordinatorAdmin(address)) {
    this.#create = create;
  }

  forAddress(address: string): CoordinatorAdmin {
    let client = this.#clients.get(address);
    if (!client) {
      client = this.#create(address);
      this.#clients.set(address, client);
    }
    return client;
  }

  closeAll(): void {
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
