import { startParticipant, type Message, type OnceEffect, type StartWorkers } from "../../../../packages/messaging";
import { abandonStepOnDeadLetter, parseMessage, Streams, SHOP_TOPOLOGY } from "../../../../packages/shop-messages";
import type { PaymentProvider } from "../domain/payment-provider";
import { TestPaymentProvider } from "../providers/test-provider";
import { timeLimited } from "../providers/time-limited-provider";
import type { PaymentsPrisma, PaymentsTx } from "../repositories/prisma-client";
import { chargePayment } from "./charge-payment";
import { SERVICE, type PaymentWorkerDeps } from "./deps";
import { refundPayment } from "./refund-payment";

export interface PaymentWorkerOptions {
  /** The PSP; the in-memory test provider when none is given. */
  provider?: PaymentProvider;
  providerTimeoutMs?: number;
  /** The test provider's simulated round trip, when no provider is given. */
  testProviderLatencyMs?: number;
}

const DEFAULT_PROVIDER_TIMEOUT_MS = 10_000;

function preparePaymentCommand(deps: PaymentWorkerDeps) {
  return async (message: Message): Promise<OnceEffect<PaymentsTx>> => {
    const command = parseMessage(message, ["ChargePayment", "RefundPayment"]);
    return command.type === "ChargePayment" ? chargePayment(deps, command) : refundPayment(deps, command);
  };
}

/** The payments subgraph's stream workers: the payment-commands consumer and the outbox relay. */
export function createPaymentWorkers(options: PaymentWorkerOptions = {}): StartWorkers<PaymentsPrisma> {
  return ({ prisma, redis, logger, settings, databaseUrl }) => {
    const provider = timeLimited(options.provider ?? new TestPaymentProvider({ latencyMs: options.testProviderLatencyMs }), options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS);
    const stopParticipant = startParticipant({
      service: SERVICE,
      topology: SHOP_TOPOLOGY,
      db: prisma,
      redis,
      logger,
      settings,
      databaseUrl,
      consumers: [{ stream: Streams.paymentCommands, prepare: preparePaymentCommand({ prisma, provider }), onDeadLetter: abandonStepOnDeadLetter(prisma, "payments") }],
      publishesOutbox: true,
    });
    return async () => {
      // Calls still waiting on the provider fail first (left pending, delivered again), so stopping is quick.
      await provider.close();
      await stopParticipant();
    };
  };
}

export const startWorkers: StartWorkers<PaymentsPrisma> = createPaymentWorkers();
