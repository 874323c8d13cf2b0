/** Any Prisma client can answer this; readiness probes use it to ask whether the database answers. */
interface RawQueryClient {
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export async function pingDatabase(prisma: RawQueryClient): Promise<void> {
  await prisma.$queryRawUnsafe("SELECT 1");
}
