// A delta join with no local join state (the seed's "delta join"): two primary-key tables,
// orders and customers. The job reads each table's changelog; a change on one side is joined by
// looking the other side up in Fluss itself (a point lookup by customer id for an order change, a
// prefix lookup of the orders by customer id for a customer change), and the joined change is
// emitted. The job keeps nothing but its scan positions.
//
//   npx fluss local                                   # in another terminal (or pass --bootstrap)
//   PATH=$PWD/node_modules/.bin:$PATH node examples/delta-join/delta-join.ts [--bootstrap host:port]
//
// It creates the tables, writes a few changes to both sides, and prints the joined stream as
// JSON lines: {"_change_type": "+I", "order_id": 1, "customer_id": 7, "amount": "9.90", "name": "Ann"}.
import { FlussConnection } from '../../server/src/client/index.ts';
import type { ChangeType, LogScanner, Lookuper, PrefixLookuper, ScanRecord, TableDescriptor } from '../../server/src/client/index.ts';
import { toJsonValue } from '../../server/src/arrow/index.ts';

const CUSTOMERS: TableDescriptor = {
  database: 'shop',
  name: 'customers',
  schema: {
    columns: [
      { name: 'customer_id', type: 'BIGINT', nullable: false },
      { name: 'name', type: 'STRING' },
    ],
  },
  primaryKey: ['customer_id'],
  buckets: 2,
};

// Keyed by (customer_id, order_id) with customer_id as bucket key: all orders of a customer sit
// in one bucket, contiguous in RocksDB, so "the orders of customer 7" is one prefix lookup.
const ORDERS: TableDescriptor = {
  database: 'shop',
  name: 'orders',
  schema: {
    columns: [
      { name: 'customer_id', type: 'BIGINT', nullable: false },
      { name: 'order_id', type: 'BIGINT', nullable: false },
      { name: 'amount', type: 'DECIMAL(10,2)' },
    ],
  },
  primaryKey: ['customer_id', 'order_id'],
  bucketKey: ['customer_id'],
  buckets: 2,
};

type Row = Record<string, unknown>;

export interface JoinedChange {
  changeType: ChangeType;
  row: Row;
}

/**
 * Joins one changelog record of either side against the current state of the other side.
 * Before-images (-U, -D) are joined too, so a consumer can retract what it saw before.
 */
export async function joinChange(
  side: 'orders' | 'customers',
  record: ScanRecord,
  lookups: { customerById: Lookuper; ordersByCustomer: PrefixLookuper },
): Promise<JoinedChange[]> {
  const changeType = record.changeType ?? '+I';
  const customerId = record.row['customer_id'];
  if (side === 'orders') {
    const customer = await lookups.customerById.lookup({ customer_id: customerId });
    return customer === undefined ? [] : [{ changeType, row: { ...record.row, name: customer['name'] } }];
  }
  const orders = await lookups.ordersByCustomer.lookup({ customer_id: customerId });
  return orders.map((order) => ({ changeType, row: { ...order, name: record.row['name'] } }));
}

/** Reads both changelogs from the start until `stop` says enough, emitting joined changes. */
export async function runDeltaJoin(connection: FlussConnection, emit: (change: JoinedChange) => void, stop: () => boolean): Promise<void> {
  const customers = await connection.getTable('shop.customers');
  const orders = await connection.getTable('shop.orders');
  const lookups = { customerById: customers.newLookuper(), ordersByCustomer: orders.newPrefixLookuper() };
  const scanners: Array<['orders' | 'customers', LogScanner]> = [
    ['orders', orders.newLogScanner()],
    ['customers', customers.newLogScanner()],
  ];
  for (const [, scanner] of scanners) await scanner.subscribeAll('earliest');
  try {
    while (!stop()) {
      for (const [side, scanner] of scanners) {
        for (const record of await scanner.poll(100)) {
          for (const change of await joinChange(side, record, lookups)) emit(change);
        }
      }
    }
  } finally {
    for (const [, scanner] of scanners) await scanner.close();
  }
}

/** Creates both tables and writes a few changes: an order before and after a customer update, and a delete. */
export async function writeSampleChanges(connection: FlussConnection): Promise<void> {
  const admin = connection.admin();
  await admin.createTable(CUSTOMERS, { createDatabase: true, ignoreIfExists: true });
  await admin.createTable(ORDERS, { ignoreIfExists: true });
  const customerWriter = (await connection.getTable('shop.customers')).newUpsertWriter();
  const orderWriter = (await connection.getTable('shop.orders')).newUpsertWriter();
  await customerWriter.upsert({ customer_id: 7, name: 'Ann' });
  await orderWriter.upsert({ customer_id: 7, order_id: 1, amount: '9.90' });
  await orderWriter.upsert({ customer_id: 7, order_id: 2, amount: '20.00' });
  await Promise.all([customerWriter.flush(), orderWriter.flush()]);
  await customerWriter.upsert({ customer_id: 7, name: 'Ann Lee' }); // joined again for both orders
  await orderWriter.delete({ customer_id: 7, order_id: 1 });
  await Promise.all([customerWriter.close(), orderWriter.close()]);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--bootstrap');
  const bootstrap = at >= 0 ? process.argv[at + 1]! : '127.0.0.1:9123';
  const connection = await FlussConnection.connect({ bootstrap });
  try {
    await writeSampleChanges(connection);
    const deadline = Date.now() + 3_000;
    await runDeltaJoin(
      connection,
      ({ changeType, row }) => {
        const json = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, toJsonValue(v)]));
        process.stdout.write(`${JSON.stringify({ _change_type: changeType, ...json })}\n`);
      },
      () => Date.now() > deadline,
    );
  } finally {
    connection.close();
  }
}

if (import.meta.main) await main();
