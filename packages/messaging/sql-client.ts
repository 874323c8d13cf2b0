/**
 * The part of a Prisma client (or of an interactive transaction) the messaging tables need. Every
 * saga participant has the same `outbox` and `processed_messages` tables in its own database.
 */
export interface SqlClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface TransactionalSqlClient extends SqlClient {
  $transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}
