import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';

/**
 * Error codes that cross the wire, as gRPC status codes. One table so the server, the client and
 * the CLI agree on what each failure means (a retriable UNAVAILABLE vs a permanent INVALID_ARGUMENT).
 */
export const ErrorCode = {
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  DATA_LOSS: GrpcStatus.DATA_LOSS,
  INTERNAL: GrpcStatus.INTERNAL,
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

const NAME_BY_CODE = new Map<number, ErrorCodeName>(
  Object.entries(ErrorCode).map(([name, code]) => [code, name as ErrorCodeName]),
);

/** A domain failure with the status it travels as. Thrown by handlers, rebuilt by clients. */
export class FlussError extends Error {
  readonly code: ErrorCodeName;
  constructor(code: ErrorCodeName, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FlussError';
    this.code = code;
  }

  get grpcCode(): number {
    return ErrorCode[this.code];
  }

  /** Worth retrying after a metadata refresh or a pause: the same request may succeed later. */
  get retriable(): boolean {
    return this.code === 'UNAVAILABLE' || this.code === 'DEADLINE_EXCEEDED';
  }
}

export function codeName(grpcCode: number): ErrorCodeName {
  return NAME_BY_CODE.get(grpcCode) ?? 'INTERNAL';
}

/** Turns a grpc-js client error into a FlussError that keeps the server's message. */
export function fromServiceError(error: ServiceError): FlussError {
  const message = error.details || error.message;
  return new FlussError(codeName(error.code), message, { cause: error });
}

export function isFlussError(error: unknown, code?: ErrorCodeName): error is FlussError {
  return error instanceof FlussError && (code === undefined || error.code === code);
}
