// The part of fs-native-extensions 1.5 (CommonJS, no types) the data-dir lock uses: flock(2) on
// Linux, so a lock belongs to one open file description and dies with the process (kill -9 too).
declare module 'fs-native-extensions' {
  /** An exclusive lock on the whole file; false when another descriptor holds it. */
  export function tryLock(fd: number): boolean;
  export function unlock(fd: number): void;
}
