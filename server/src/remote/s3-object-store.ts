import { createReadStream } from 'node:fs';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { fileSha256, sha256 } from './checksum.ts';
import { checkKey, checkPrefix } from './object-key.ts';
import {
  checkMaxKeys,
  checkRange,
  MAX_LIST_KEYS,
  type ByteRange,
  type ListOptions,
  type ListPage,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
} from './object-store.ts';
import { ObjectStoreError } from './object-store-error.ts';
import { withRetries, type RetryPolicy } from './retry.ts';
import { fromS3Error } from './s3-errors.ts';
import { MIN_PART_BYTES, uploadMultipart } from './s3-multipart.ts';

/** User metadata (`x-amz-meta-fluss-sha256`) holding the SHA-256 of the whole content. */
const SHA256_METADATA = 'fluss-sha256';

export interface S3ObjectStoreOptions {
  bucket: string;
  /** Prepended to every key: '' or ending with '/'. */
  prefix: string;
  /** e.g. `http://127.0.0.1:7070`; AWS's own endpoint when absent. */
  endpoint?: string;
  region: string;
  /** `http://host/bucket/key` instead of `http://bucket.host/key` (what most S3-compatible servers need). */
  pathStyle: boolean;
  /** The SDK's default chain (environment, profile, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** putFile uses a multipart upload above this size. @default 64 MiB */
  multipartThresholdBytes?: number;
  /** Part size of multipart uploads (at least 5 MiB, S3's minimum). @default 16 MiB */
  partBytes?: number;
  retry?: RetryPolicy;
  /** A request without an answer this long fails (and is retried). @default 60 s */
  requestTimeoutMs?: number;
}

/**
 * The ObjectStore on S3 or an S3-compatible server, through the AWS SDK v3.
 *
 * - Checksums: every put sends the SHA-256 of its bytes (`x-amz-checksum-sha256`, per part for
 *   multipart), so the server refuses bytes that changed on the way; the SHA-256 of the whole
 *   content is also stored as user metadata and checked by every whole-object get (S3's own
 *   checksum of a multipart object is a checksum of part checksums, useless for that).
 * - Conditional puts send `If-None-Match: *`, on the PutObject or on the multipart Complete. A
 *   retried conditional put that finds the key taken checks whether the object there is its own (an
 *   earlier try that succeeded without an answer reaching us) by comparing the SHA-256.
 * - Retries: the SDK's own are off; `withRetries` retries `unavailable` failures (network, 5xx,
 *   throttling) with exponential backoff and full jitter, then gives up with `unavailable`.
 */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;
  readonly #multipartThreshold: number;
  readonly #partBytes: number;
  readonly #retry: RetryPolicy;

  constructor(options: S3ObjectStoreOptions) {
    if (options.prefix !== '' && !options.prefix.endsWith('/')) throw new RangeError(`An S3 store prefix ends with '/': ${options.prefix}`);
    this.#bucket = options.bucket;
    this.#prefix = options.prefix;
    this.location = `s3://${options.bucket}/${options.prefix}`;
    this.#multipartThreshold = options.multipartThresholdBytes ?? 64 * 1024 * 1024;
    this.#partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? 16 * 1024 * 1024);
    this.#retry = options.retry ?? {};
    this.#client = new S3Client({
      region: options.region,
      ...(options.endpoint && { endpoint: options.endpoint }),
      forcePathStyle: options.pathStyle,
      ...(options.credentials && { credentials: options.credentials }),
      maxAttempts: 1,
      // We send the checksums we want; the SDK's automatic CRC32 trailers are refused by some
      // S3-compatible servers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 60_000, connectionTimeout: 10_000 },
    });
  }

  async put(key: string, content: Uint8Array, options: PutOptions = {}): Promise<void> {
    checkKey(key);
    const checksum = sha256(content);
    await this.#write(key, checksum, options, () =>
      this.#client.send(new PutObjectCommand(this.#putInput(key, checksum, options, content, content.byteLength))),
    );
  }

  async putFile(key: string, path: string, options: PutOptions = {}): Promise<void> {
    checkKey(key);
    const { sha256: checksum, size } = await fileSha256(path);
    if (size <= this.#multipartThreshold) {
      // A fresh stream per try; the server checks the bytes against the SHA-256 taken above.
      await this.#write(key, checksum, options, () =>
        this.#client.send(new PutObjectCommand(this.#putInput(key, checksum, options, createReadStream(path), size))),
      );
      return;
    }
    await uploadMultipart({
      client: this.#client,
      bucket: this.#bucket,
      name: this.#name(key),
      path,
      size,
      sha256: checksum,
      metadata: { [SHA256_METADATA]: checksum },
      partBytes: this.#partBytes,
      ifAbsent: options.ifAbsent ?? false,
      request: (what, send) => this.#request(`${what} of ${key}`, send),
      complete: (send) => this.#write(key, checksum, options, send),
    });
  }

  async get(key: string, range?: ByteRange): Promise<Uint8Array> {
    checkKey(key);
    if (range) checkRange(range);
    return this.#request(`get ${key}`, async () => {
      let answer;
      try {
        answer = await this.#client.send(
          new GetObjectCommand({
            Bucket: this.#bucket,
            Key: this.#name(key),
            ...(range && { Range: `bytes=${range.offset}-${range.offset + range.length - 1}` }),
          }),
        );
      } catch (error) {
        // A range starting at or past the end: S3 answers 416; the contract says fewer (no) bytes.
        if (range && isStatus(error, 416)) return new Uint8Array(0);
        throw error;
      }
      const content = await answer.Body!.transformToByteArray();
      if (answer.ContentLength !== undefined && content.byteLength !== answer.ContentLength) {
        throw new ObjectStoreError('unavailable', `get ${key}: the connection ended after ${content.byteLength} of ${answer.ContentLength} bytes`);
      }
      if (range) return content;
      const expected = answer.Metadata?.[SHA256_METADATA];
      if (expected === undefined) throw new ObjectStoreError('corrupt', `${this.#describe(key)} has no ${SHA256_METADATA} checksum: not written by this store`);
      if (sha256(content) !== expected) throw new ObjectStoreError('corrupt', `${this.#describe(key)}: content does not match its SHA-256`);
      return content;
    });
  }

  async head(key: string): Promise<ObjectInfo | undefined> {
    checkKey(key);
    try {
      return await this.#request(`head ${key}`, async () => {
        const answer = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#name(key) }));
        const checksum = answer.Metadata?.[SHA256_METADATA];
        if (checksum === undefined)
          throw new ObjectStoreError('corrupt', `${this.#describe(key)} has no ${SHA256_METADATA} checksum: not written by this store`);
        return { key, size: answer.ContentLength ?? 0, sha256: checksum, lastModified: answer.LastModified ?? new Date(0) };
      });
    } catch (error) {
      // HEAD answers carry no body: a missing bucket is a 404 like a missing key.
      if (error instanceof ObjectStoreError && error.code === 'not-found') return undefined;
      throw error;
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    checkPrefix(prefix);
    const maxKeys = options.maxKeys ?? MAX_LIST_KEYS;
    checkMaxKeys(maxKeys);
    const answer = await this.#request(`list ${prefix}`, () =>
      this.#client.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: this.#prefix + prefix,
          MaxKeys: maxKeys,
          ...(options.token !== undefined && { ContinuationToken: options.token }),
        }),
      ),
    );
    const objects = (answer.Contents ?? []).map((entry) => ({
      key: entry.Key!.slice(this.#prefix.length),
      size: entry.Size ?? 0,
      lastModified: entry.LastModified ?? new Date(0),
    }));
    return { objects, ...(answer.IsTruncated && answer.NextContinuationToken !== undefined && { nextToken: answer.NextContinuationToken }) };
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.#request(`delete ${key}`, () => this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#name(key) })));
    } catch (error) {
      if (!(error instanceof ObjectStoreError && error.code === 'not-found')) throw error;
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) checkKey(key);
    for (let start = 0; start < keys.length; start += MAX_LIST_KEYS) {
      const batch = keys.slice(start, start + MAX_LIST_KEYS);
      const answer = await this.#request(`delete ${batch.length} objects`, () =>
        this.#client.send(new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Quiet: true, Objects: batch.map((key) => ({ Key: this.#name(key) })) } })),
      );
      const failure = answer.Errors?.find((entry) => entry.Code !== 'NoSuchKey');
      if (failure) {
        const cause = Object.assign(new Error(failure.Message ?? failure.Code), { name: failure.Code ?? 'Error', $metadata: {} });
        throw fromS3Error(cause, `delete ${failure.Key ?? '?'}`);
      }
    }
  }

  close(): void {
    this.#client.destroy();
  }

  #putInput(key: string, checksum: string, options: PutOptions, body: NonNullable<PutObjectCommandInput['Body']>, size: number): PutObjectCommandInput {
    return {
      Bucket: this.#bucket,
      Key: this.#name(key),
      Body: body,
      ContentLength: size,
      ChecksumSHA256: checksum,
      Metadata: { [SHA256_METADATA]: checksum },
      ...(options.ifAbsent && { IfNoneMatch: '*' }),
    };
  }

  /** Runs a write that makes the object visible; see the class comment on retried conditional puts. */
  async #write(key: string, checksum: string, options: PutOptions, send: (attempt: number) => Promise<unknown>): Promise<void> {
    let lastAttempt = 0;
    try {
      await this.#request(`put ${key}`, (attempt) => {
        lastAttempt = attempt;
        return send(attempt);
      });
    } catch (error) {
      const lostRace = options.ifAbsent && error instanceof ObjectStoreError && error.code === 'exists';
      if (!lostRace || lastAttempt === 1) throw error;
      const existing = await this.head(key);
      if (existing?.sha256 !== checksum) throw error;
    }
  }

  /** Sends with retries, mapping SDK errors to ObjectStoreErrors. */
  async #request<T>(what: string, send: (attempt: number) => Promise<T>): Promise<T> {
    return withRetries(async (attempt) => {
      try {
        return await send(attempt);
      } catch (error) {
        throw fromS3Error(error, `${what} in ${this.location}`);
      }
    }, this.#retry);
  }

  #name(key: string): string {
    return this.#prefix + key;
  }

  #describe(key: string): string {
    return `Object ${key} in ${this.location}`;
  }
}

function isStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === status;
}
