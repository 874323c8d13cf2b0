/**
 * The last refresh any tab made: which refresh token it spent and the session it got. localStorage
 * reaches other tabs asynchronously, so a tab that waited for the refresh lock may still read the spent
 * token there; IndexedDB transactions are ordered across tabs, so once the lock is ours this ledger shows
 * every refresh committed before. Spending a token twice would end the session (reuse detection).
 */
const DATABASE = "shop";
const STORE = "refresh-ledger";
const KEY = "last";

interface LedgerEntry<T> {
  spentRefreshToken: string;
  renewed: T;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<R>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> {
  const database = await open();
  try {
    return await new Promise<R>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      // Resolve on commit, not on the request: the next tab must see the write.
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    database.close();
  }
}

/** The session another tab already got for `refreshToken`, if one did. */
export async function renewedFor<T>(refreshToken: string): Promise<T | null> {
  const entry = (await run("readonly", (store) => store.get(KEY)).catch(() => undefined)) as LedgerEntry<T> | undefined;
  return entry?.spentRefreshToken === refreshToken ? entry.renewed : null;
}

export async function recordRefresh<T>(spentRefreshToken: string, renewed: T): Promise<void> {
  const entry: LedgerEntry<T> = { spentRefreshToken, renewed };
  await run("readwrite", (store) => store.put(entry, KEY)).catch(() => undefined);
}
