/** What a failed file system call means, by its errno code: one place for the whole server. */

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** ENOSPC, or EDQUOT (a quota is a full disk to this process). */
export function isNoSpace(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOSPC' || error.code === 'EDQUOT');
}
