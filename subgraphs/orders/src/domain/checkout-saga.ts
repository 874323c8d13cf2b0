import { OrderEventType } from "./order-events";
import { SAGA_STEP_NAMES, type SagaStepName } from "./saga-steps";

/**
 * The checkout saga as a pure state machine: `decide(state, input)` returns the next state and what
 * must happen because of it (commands to participants, history entries, a notification). No I/O here;
 * the orders worker loads the state, calls decide and stores the result with its messages in one
 * transaction. RESERVE_INVENTORY -> CHARGE_PAYMENT (the pivot) -> CONFIRM_ORDER -> CREATE_SHIPMENT:
 * a failure before the pivot compensates; steps after it are retried, never undone by a refund.
 */
export type OrderStatus = "PENDING" | "CONFIRMED" | "SHIPPED" | "DELIVERED" | "CANCELLED" | "FAILED";
export type OrderFailureCode = "OUT_OF_STOCK" | "PAYMENT_DECLINED" | "TIMED_OUT";
export type SagaStatus = "RUNNING" | "COMPLETED" | "COMPENSATING" | "COMPENSATED";
export type StepStatus = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "COMPENSATED";

export interface StepState {
  status: StepStatus;
  attempts: number;
  error: string | null;
}

export interface SagaState {
  orderStatus: OrderStatus;
  failureCode: OrderFailureCode | null;
  failureReason: string | null;
  sagaStatus: SagaStatus;
  cancelRequested: boolean;
  flagReason: string | null;
  steps: Record<SagaStepName, StepState>;
}

export type SagaInput =
  | { type: "StockReserved" }
  | { type: "StockRejected"; reason: string }
  | { type: "StockReleased" }
  | { type: "PaymentCaptured" }
  | { type: "PaymentDeclined"; reason: string }
  | { type: "PaymentRefunded" }
  | { type: "ShipmentCreated" }
  | { type: "ShipmentCancelled" }
  | { type: "StepAbandoned"; command: string; reason: string }
  /** carrier and trackingNumber only travel on to the user's notification; they decide nothing. */
  | { type: "ShipmentStatusChanged"; status: "SHIPPED" | "IN_TRANSIT" | "DELIVERED" | "CANCELLED"; carrier?: string | null; trackingNumber?: string | null }
  | { type: "CancelRequested" }
  /** The saga's deadline passed while it was still running. */
  | { type: "DeadlinePassed" }
  /** No progress for a while (e.g. Redis lost the messages): send the commands in flight again. */
  | { type: "Resend" };

export type CommandType = "ReserveStock" | "ChargePayment" | "CreateShipment" | "ReleaseStock" | "RefundPayment" | "CancelShipment";

export interface Decision {
  state: SagaState;
  commands: CommandType[];
  events: Array<{ type: string; detail?: string }>;
  /** The order's new status, for the notification the user gets. */
  notify: "CONFIRMED" | "FAILED" | "CANCELLED" | "SHIPPED" | "DELIVERED" | null;
  /** Whether the deadline moves on (progress after the pivot is retried, not timed out). */
  extendDeadline: boolean;
}

/** Which command carries each step forward, and which one undoes it. */
const FORWARD: Partial<Record<SagaStepName, CommandType>> = {
  RESERVE_INVENTORY: "ReserveStock",
  CHARGE_PAYMENT: "ChargePayment",
  CREATE_SHIPMENT: "CreateShipment",
};
const UNDO: Partial<Record<SagaStepName, CommandType>> = {
  RESERVE_INVENTORY: "ReleaseStock",
  CHARGE_PAYMENT: "RefundPayment",
  CREATE_SHIPMENT: "CancelShipment",
};
const STEP_OF_COMMAND: Record<string, SagaStepName> = {
  ReserveStock: "RESERVE_INVENTORY",
  ReleaseStock: "RESERVE_INVENTORY",
  ChargePayment: "CHARGE_PAYMENT",
  RefundPayment: "CHARGE_PAYMENT",
  CreateShipment: "CREATE_SHIPMENT",
  CancelShipment: "CREATE_SHIPMENT",
};

export function initialSagaState(): SagaState {
  const steps = Object.fromEntries(SAGA_STEP_NAMES.map((name) => [name, { status: "PENDING", attempts: 0, error: null }])) as Record<
    SagaStepName,
    StepState
  >;
  return { orderStatus: "PENDING", failureCode: null, failureReason: null, sagaStatus: "RUNNING", cancelRequested: false, flagReason: null, steps };
}

/** The saga as placeOrder starts it: the reservation is asked for at once. */
export function startSaga(): Decision {
  const draft = new Draft(initialSagaState());
  draft.run("RESERVE_INVENTORY");
  return draft.decision();
}

/** Orders are cancellable while PENDING or CONFIRMED; a cancelled order stays as it is. */
export function cancellationRefusal(status: OrderStatus): string | null {
  if (status === "PENDING" || status === "CONFIRMED" || status === "CANCELLED") return null;
  if (status === "FAILED") return "This order failed; there is nothing to cancel";
  return `This order has already been ${status.toLowerCase()} and can no longer be cancelled`;
}

export function decide(state: SagaState, input: SagaInput): Decision {
  const draft = new Draft(state);
  HANDLERS[input.type](draft, input as never);
  draft.settleCompensation();
  return draft.decision();
}

type Handler<T extends SagaInput["type"]> = (draft: Draft, input: Extract<SagaInput, { type: T }>) => void;

const HANDLERS: { [T in SagaInput["type"]]: Handler<T> } = {
  StockReserved: (draft) => draft.stepSucceeded("RESERVE_INVENTORY", OrderEventType.InventoryReserved, () => draft.run("CHARGE_PAYMENT")),
  StockRejected: (draft, { reason }) => draft.stepFailedBeforePivot("RESERVE_INVENTORY", "OUT_OF_STOCK", reason),
  StockReleased: (draft) => draft.compensated("RESERVE_INVENTORY", OrderEventType.InventoryReleased),
  PaymentCaptured: (draft) =>
    draft.stepSucceeded("CHARGE_PAYMENT", OrderEventType.PaymentCaptured, () => {
      draft.confirmOrder();
      draft.run("CREATE_SHIPMENT");
    }),
  PaymentDeclined: (draft, { reason }) => {
    draft.event(OrderEventType.PaymentDeclined, reason);
    draft.stepFailedBeforePivot("CHARGE_PAYMENT", "PAYMENT_DECLINED", reason);
  },
  PaymentRefunded: (draft) => draft.compensated("CHARGE_PAYMENT", OrderEventType.PaymentRefunded),
  ShipmentCreated: (draft) =>
    draft.stepSucceeded("CREATE_SHIPMENT", OrderEventType.ShipmentCreated, () => draft.complete()),
  ShipmentCancelled: (draft) => draft.compensated("CREATE_SHIPMENT", OrderEventType.ShipmentCancelled),
  StepAbandoned: (draft, { command, reason }) => draft.abandoned(command, reason),
  ShipmentStatusChanged: (draft, { status }) => draft.shipmentMoved(status),
  CancelRequested: (draft) => draft.cancel(),
  DeadlinePassed: (draft) => draft.deadlinePassed(),
  Resend: (draft) => draft.resend(),
};

/** A copy of the state being changed, with what the change causes. */
class Draft {
  private readonly state: SagaState;
  private readonly commands: CommandType[] = [];
  private readonly events: Array<{ type: string; detail?: string }> = [];
  private notify: Decision["notify"] = null;
  private extendDeadline = false;

  constructor(state: SagaState) {
    this.state = structuredClone(state);
  }

  decision(): Decision {
    return { state: this.state, commands: this.commands, events: this.events, notify: this.notify, extendDeadline: this.extendDeadline };
  }

  event(type: string, detail?: string): void {
    this.events.push(detail === undefined ? { type } : { type, detail });
  }

  private step(name: SagaStepName): StepState {
    return this.state.steps[name];
  }

  /** Whether replies may still move the saga forward (not failing, not cancelled). */
  private get goingForward(): boolean {
    return this.state.sagaStatus === "RUNNING" && !this.state.cancelRequested;
  }

  run(name: SagaStepName): void {
    const step = this.step(name);
    step.status = "RUNNING";
    step.attempts += 1;
    step.error = null;
    const command = FORWARD[name];
    if (command) this.commands.push(command);
  }

  /**
   * A participant did its part. Going forward, the saga moves on; otherwise (cancelled, failed, timed
   * out while the reply was in flight) the effect exists and must be undone.
   */
  stepSucceeded(name: SagaStepName, eventType: string, next: () => void): void {
    const step = this.step(name);
    if (step.status === "SUCCEEDED" || step.status === "COMPENSATED") return; // a duplicate reply
    const wasRunning = step.status === "RUNNING";
    step.status = "SUCCEEDED";
    step.error = null;
    this.event(eventType);
    if (this.goingForward && wasRunning) {
      next();
      return;
    }
    this.undo(name);
    if (this.state.sagaStatus === "COMPENSATED" || this.state.sagaStatus === "COMPLETED") this.state.sagaStatus = "COMPENSATING";
    if (name === "CHARGE_PAYMENT" && !this.state.cancelRequested) this.flag("payment captured after the saga gave up; refunded");
  }

  stepFailedBeforePivot(name: SagaStepName, code: OrderFailureCode, reason: string): void {
    const step = this.step(name);
    if (step.status !== "RUNNING") return;
    step.status = "FAILED";
    step.error = reason;
    if (this.goingForward) this.fail(code, reason);
  }

  compensated(name: SagaStepName, eventType: string): void {
    const step = this.step(name);
    if (step.status !== "SUCCEEDED") return;
    step.status = "COMPENSATED";
    this.event(eventType);
  }

  confirmOrder(): void {
    const step = this.step("CONFIRM_ORDER");
    step.status = "SUCCEEDED";
    step.attempts += 1;
    this.state.orderStatus = "CONFIRMED";
    this.event(OrderEventType.OrderConfirmed);
    this.notify = "CONFIRMED";
  }

  complete(): void {
    this.state.sagaStatus = "COMPLETED";
  }

  /** The order fails now; what was done is undone and the saga ends COMPENSATED. */
  private fail(code: OrderFailureCode, reason: string): void {
    this.state.orderStatus = "FAILED";
    this.state.failureCode = code;
    this.state.failureReason = reason;
    this.event(OrderEventType.OrderFailed, reason);
    this.notify = "FAILED";
    this.compensate(reason);
  }

  /**
   * Undoes every step that succeeded. A step still in flight is marked FAILED: should its success reply
   * arrive after all, stepSucceeded undoes that effect too, so the saga always reaches COMPENSATED.
   */
  private compensate(reason: string): void {
    this.state.sagaStatus = "COMPENSATING";
    for (const name of SAGA_STEP_NAMES) {
      const step = this.step(name);
      if (step.status === "SUCCEEDED") this.undo(name);
      else if (step.status === "RUNNING") {
        step.status = "FAILED";
        step.error = reason;
      }
    }
  }

  private undo(name: SagaStepName): void {
    if (name === "CONFIRM_ORDER") {
      this.step(name).status = "COMPENSATED";
      return;
    }
    const command = UNDO[name];
    if (command) this.commands.push(command);
  }

  /** Compensation ends when nothing is in flight and nothing done is left undone. */
  settleCompensation(): void {
    if (this.state.sagaStatus !== "COMPENSATING") return;
    const open = SAGA_STEP_NAMES.some((name) => {
      const { status } = this.step(name);
      return status === "RUNNING" || (status === "SUCCEEDED" && name !== "CONFIRM_ORDER");
    });
    if (!open) this.state.sagaStatus = "COMPENSATED";
  }

  cancel(): void {
    if (this.state.cancelRequested || cancellationRefusal(this.state.orderStatus) !== null) return;
    this.state.cancelRequested = true;
    this.state.orderStatus = "CANCELLED";
    this.event(OrderEventType.OrderCancelled);
    this.notify = "CANCELLED";
    this.compensate("cancelled");
  }

  abandoned(command: string, reason: string): void {
    const name = STEP_OF_COMMAND[command];
    this.flag(`${command} was abandoned: ${reason}`);
    if (!name) return;
    const step = this.step(name);
    step.error = reason;
    const forward = FORWARD[name] === command;
    if (forward && step.status === "RUNNING" && (name === "RESERVE_INVENTORY" || name === "CHARGE_PAYMENT")) {
      step.status = "FAILED";
      if (this.goingForward) this.fail("TIMED_OUT", `${command} could not be processed`);
    }
    // After the pivot, and for compensations, the step stays open: the sweeper sends it again.
  }

  shipmentMoved(status: "SHIPPED" | "IN_TRANSIT" | "DELIVERED" | "CANCELLED"): void {
    if (this.state.orderStatus === "CANCELLED" || this.state.orderStatus === "FAILED") {
      if (status !== "CANCELLED") this.flag(`shipment reported ${status} for an order that is ${this.state.orderStatus}`);
      return;
    }
    if (status === "SHIPPED" && this.state.orderStatus === "CONFIRMED") {
      this.state.orderStatus = "SHIPPED";
      this.event(OrderEventType.OrderShipped);
      this.notify = "SHIPPED";
    } else if (status === "IN_TRANSIT" && this.state.orderStatus === "SHIPPED") {
      this.event(OrderEventType.ShipmentInTransit);
    } else if (status === "DELIVERED" && this.state.orderStatus === "SHIPPED") {
      this.state.orderStatus = "DELIVERED";
      this.event(OrderEventType.OrderDelivered);
      this.notify = "DELIVERED";
    }
  }

  deadlinePassed(): void {
    const charge = this.step("CHARGE_PAYMENT").status;
    if (this.state.sagaStatus === "RUNNING" && charge !== "SUCCEEDED" && !this.state.cancelRequested) {
      this.fail("TIMED_OUT", "The checkout did not finish in time");
      return;
    }
    // Past the pivot (or compensating), nothing is given up: the open steps are sent again.
    this.resend();
  }

  resend(): void {
    this.extendDeadline = true;
    if (this.state.sagaStatus === "RUNNING") {
      for (const name of SAGA_STEP_NAMES) {
        if (this.step(name).status === "RUNNING") this.run(name);
      }
    } else if (this.state.sagaStatus === "COMPENSATING") {
      for (const name of SAGA_STEP_NAMES) {
        if (this.step(name).status === "SUCCEEDED") {
          this.step(name).attempts += 1;
          this.undo(name);
        }
      }
    }
  }

  private flag(reason: string): void {
    this.state.flagReason = reason;
    this.event(OrderEventType.SagaFlagged, reason);
  }
}
