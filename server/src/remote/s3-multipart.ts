import { open } from 'node:fs/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import { newSha256, sha256 } from './checksum.ts';
import { ObjectStoreError } from './object-store-error.ts';

/** S3's smallest part (all but the last) and most parts per upload. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

export interface MultipartUpload {
  client: S3Client;
  bucket: string;
  /** The full object name (store prefix included). */
  name: string;
  path: string;
  size: number;
  /** The SHA-256 of the whole file, computed before the upload; stored as metadata. */
  sha256: string;
  metadata: Record<string, string>;
  partBytes: number;
  ifAbsent: boolean;
  /** Runs one request with the store's error mapping and retries. */
  request<T>(what: string, send: (attempt: number) => Promise<T>): Promise<T>;
  /** Completes the upload, turning an `exists` after a retried try into success where it was ours. */
  complete(send: (attempt: number) => Promise<unknown>): Promise<void>;
}

/**
 * Uploads a file in parts, one part in memory at a time, each with its SHA-256 (the server refuses
 * a part whose bytes differ). The file is hashed again while it is read: if it no longer matches
 * the SHA-256 taken before the upload (the file changed), the upload is aborted, not completed.
 * Any failure aborts the upload, so no parts are left to pay for.
 */
export async function uploadMultipart(upload: MultipartUpload): Promise<void> {
  const partBytes = Math.max(upload.partBytes, MIN_PART_BYTES, Math.ceil(upload.size / MAX_PARTS));
  const { client, bucket, name } = upload;
  const created = await upload.request('create multipart upload', () =>
    client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: name, Metadata: upload.metadata, ChecksumAlgorithm: 'SHA256' })),
  );
  const uploadId = created.UploadId;
  if (uploadId === undefined) throw new ObjectStoreError('invalid', `The server started a multipart upload of ${name} without an upload id`);
  try {
    const parts: CompletedPart[] = [];
    const whole = newSha256();
    const file = await open(upload.path, 'r');
    try {
      for (let offset = 0, partNumber = 1; offset < upload.size; offset += partBytes, partNumber++) {
        const body = await readPart(file, offset, Math.min(partBytes, upload.size - offset));
        whole.update(body);
        const checksum = sha256(body);
        const answer = await upload.request(`upload part ${partNumber}`, () =>
          client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: name,
              UploadId: uploadId,
              PartNumber: partNumber,
              Body: body,
              ContentLength: body.length,
              ChecksumSHA256: checksum,
            }),
          ),
        );
        parts.push({ PartNumber: partNumber, ETag: answer.ETag, ChecksumSHA256: checksum });
      }
    } finally {
      await file.close();
    }
    if (whole.digest('base64') !== upload.sha256) throw new ObjectStoreError('corrupt', `${upload.path} changed while it was uploaded to ${name}`);
    await upload.complete(() =>
      client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: name,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ...(upload.ifAbsent && { IfNoneMatch: '*' }),
        }),
      ),
    );
  } catch (error) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: name, UploadId: uploadId })).catch(() => undefined);
    throw error;
  }
}

async function readPart(file: Awaited<ReturnType<typeof open>>, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, offset + done);
    if (bytesRead === 0) throw new ObjectStoreError('corrupt', `The file ended at ${offset + done} while uploading it (it was truncated during the upload)`);
    done += bytesRead;
  }
  return buffer;
}
