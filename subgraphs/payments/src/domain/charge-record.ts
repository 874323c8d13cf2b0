import { isUuid } from "../../../../packages/ids";

/** What the payment provider said about one charge. REFUNDED is reached later, from a captured charge. */
export type ChargeOutcome = "CAPTURED" | "DECLINED";

export interface ChargeRecord {
  orderId: string;
  amountCents: number;
  currency: string;
  status: ChargeOutcome;
  declineReason?: string | null;
  provider: string;
  providerReference?: string | null;
}

/** The stored form: optional fields made explicit, text trimmed. */
export type ValidChargeRecord = Required<ChargeRecord>;

/** A charge record that breaks a rule: a bug in the caller (the saga), never the client's input. */
export class InvalidChargeRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidChargeRecordError";
  }
}

const CURRENCY_PATTERN = /^[A-Z]{3}$/;

function optionalText(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed.length > 0 ? trimmed : null;
}

/** What is wrong with an amount to charge, or null: checked before a provider is asked to charge it. */
export function chargeAmountProblem(amountCents: number, currency: string): string | null {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) return "amountCents must be a non-negative integer";
  if (!CURRENCY_PATTERN.test(currency)) return "currency must be an ISO 4217 code";
  return null;
}

/** Checks a charge outcome before it is stored; a declined charge must say why, a captured one must not. */
export function validateChargeRecord(record: ChargeRecord): ValidChargeRecord {
  if (!isUuid(record.orderId)) throw new InvalidChargeRecordError("orderId must be a UUID");
  const amountProblem = chargeAmountProblem(record.amountCents, record.currency);
  if (amountProblem !== null) throw new InvalidChargeRecordError(amountProblem);
  if (record.status !== "CAPTURED" && record.status !== "DECLINED") {
    throw new InvalidChargeRecordError("a charge is recorded as CAPTURED or DECLINED");
  }
  const provider = record.provider.trim();
  if (provider.length === 0) throw new InvalidChargeRecordError("provider must not be empty");
  const declineReason = optionalText(record.declineReason);
  if (record.status === "DECLINED" && declineReason === null) throw new InvalidChargeRecordError("a declined charge needs a declineReason");
  if (record.status === "CAPTURED" && declineReason !== null) throw new InvalidChargeRecordError("a captured charge has no declineReason");
  return {
    orderId: record.orderId.toLowerCase(),
    amountCents: record.amountCents,
    currency: record.currency,
    status: record.status,
    declineReason,
    provider,
    providerReference: optionalText(record.providerReference),
  };
}
