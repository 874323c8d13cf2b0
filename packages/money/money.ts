/** Money as the contract shows it: integer cents, a currency, and a formatted string. */
export interface Money {
  cents: number;
  currency: string;
  formatted: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat {
  let formatter = formatters.get(currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency });
    formatters.set(currency, formatter);
  }
  return formatter;
}

export function money(cents: number, currency = "USD"): Money {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money needs integer cents, got ${cents}`);
  // Intl works in major units; dividing a safe integer by 100 is exact enough for display.
  return { cents, currency, formatted: formatterFor(currency).format(cents / 100) };
}
