// Zero-copy reading of IPC bytes with apache-arrow, made safe for bytes at any memory offset.
import { tableFromIPC, type Table } from 'apache-arrow';

/**
 * apache-arrow views body buffers as typed arrays in place, which throws a RangeError when the
 * bytes do not start 8-byte aligned in their ArrayBuffer (common for slices of network or file
 * buffers). Such input is copied once; aligned input is read without copying.
 */
export function readIpcTable(ipc: Uint8Array): Table {
  return tableFromIPC(ipc.byteOffset % 8 === 0 ? ipc : ipc.slice());
}
