import {
  decide,
  startSaga,
  type CommandType,
  type OrderFailureCode,
  type SagaInput,
  type SagaState,
} from "../../subgraphs/orders/src/domain/checkout-saga";
import { OrderEventType } from "../../subgraphs/orders/src/domain/order-events";
import { SAGA_STEP_NAMES } from "../../subgraphs/orders/src/domain/saga-steps";

/**
 * Which answers about an order can be one moment of it, derived from the checkout saga's own pure
 * code instead of a table written by hand: every state `decide` can reach from `startSaga`, with the
 * history its decisions wrote, projected on what the API shows. An answer outside that set mixes two
 * moments (e.g. PENDING beside a COMPENSATED saga: the order row read before the saga's last step
 * committed and the saga after it).
 */

/** What a client sees of an order's progress (the fields an order and its saga share). */
export interface CheckoutViewFields {
  status: string;
  failureCode: string | null;
  events: ReadonlyArray<{ type: string }>;
  saga: { status: string; steps: ReadonlyArray<{ name: string; status: string }> };
}

/**
 * One input of each shape the saga takes, with the command it answers: a participant's reply can only
 * come once its command was sent (then at any time, and again: delivery is at least once); the others
 * (a cancel, the sweeper's) can come at any time. Typed, so an input type added to the saga must be added here.
 */
type Reply = { input: SagaInput; answers: CommandType | null };
const COMMANDS: Record<CommandType, true> = {
  ReserveStock: true,
  ChargePayment: true,
  CreateShipment: true,
  ReleaseStock: true,
  RefundPayment: true,
  CancelShipment: true,
};
const SHIPMENT_MOVES: Record<Extract<SagaInput, { type: "ShipmentStatusChanged" }>["status"], true> = {
  SHIPPED: true,
  IN_TRANSIT: true,
  DELIVERED: true,
  CANCELLED: true,
};
const INPUTS_BY_TYPE: { [T in SagaInput["type"]]: Reply[] } = {
  StockReserved: [{ input: { type: "StockReserved" }, answers: "ReserveStock" }],
  StockRejected: [{ input: { type: "StockRejected", reason: "out of stock" }, answers: "ReserveStock" }],
  StockReleased: [{ input: { type: "StockReleased" }, answers: "ReleaseStock" }],
  PaymentCaptured: [{ input: { type: "PaymentCaptured" }, answers: "ChargePayment" }],
  PaymentDeclined: [{ input: { type: "PaymentDeclined", reason: "declined" }, answers: "ChargePayment" }],
  PaymentRefunded: [{ input: { type: "PaymentRefunded" }, answers: "RefundPayment" }],
  ShipmentCreated: [{ input: { type: "ShipmentCreated" }, answers: "CreateShipment" }],
  ShipmentCancelled: [{ input: { type: "ShipmentCancelled" }, answers: "CancelShipment" }],
  StepAbandoned: (Object.keys(COMMANDS) as CommandType[]).map((command) => ({
    input: { type: "StepAbandoned", command, reason: "dead-lettered" },
    answers: command,
  })),
  // A shipment moves once it exists.
  ShipmentStatusChanged: (Object.keys(SHIPMENT_MOVES) as Array<keyof typeof SHIPMENT_MOVES>).map((status) => ({
    input: { type: "ShipmentStatusChanged", status },
    answers: "CreateShipment",
  })),
  CancelRequested: [{ input: { type: "CancelRequested" }, answers: null }],
  DeadlinePassed: [{ input: { type: "DeadlinePassed" }, answers: null }],
  Resend: [{ input: { type: "Resend" }, answers: null }],
};
const ALL_INPUTS: Reply[] = Object.values(INPUTS_BY_TYPE).flat();

/** A view as a comparable key: statuses, failure code, and which kinds of event the history holds. */
function viewKey(status: string, failureCode: string | null, sagaStatus: string, steps: ReadonlyArray<readonly [string, string]>, eventTypes: Iterable<string>): string {
  return JSON.stringify([status, failureCode, sagaStatus, steps, [...new Set(eventTypes)].sort()]);
}

function stateViewKey(state: SagaState, eventTypes: ReadonlySet<string>): string {
  const steps = SAGA_STEP_NAMES.map((name) => [name, state.steps[name].status] as const);
  return viewKey(state.orderStatus, state.failureCode, state.sagaStatus, steps, eventTypes);
}

/**
 * What `decide` reads of a state (attempts, errors, reasons and flags only pass through): two states
 * equal under this key go on alike, so the search visits each once.
 */
function searchKey({ state, eventTypes, sent }: Moment): string {
  return JSON.stringify([stateViewKey(state, eventTypes), state.cancelRequested, [...sent].sort()]);
}

/** A state of the saga, the kinds of event its history holds, and the commands sent so far. */
interface Moment {
  state: SagaState;
  eventTypes: ReadonlySet<string>;
  sent: ReadonlySet<CommandType>;
}

let reachable: Set<string> | undefined;

/** Every view a moment of an order can show (computed once: a breadth-first search over decide). */
export function reachableCheckoutViews(): ReadonlySet<string> {
  if (reachable) return reachable;
  // placeOrder writes the order with its ORDER_PLACED event and starts the saga in one transaction.
  const started = startSaga();
  const start: Moment = { state: started.state, eventTypes: new Set([OrderEventType.OrderPlaced]), sent: new Set(started.commands) };
  const views = new Set<string>([stateViewKey(start.state, start.eventTypes)]);
  const seen = new Set<string>([searchKey(start)]);
  const queue = [start];
  for (let moment = queue.shift(); moment; moment = queue.shift()) {
    for (const { input, answers } of ALL_INPUTS) {
      if (answers !== null && !moment.sent.has(answers)) continue;
      const decision = decide(moment.state, input);
      const next: Moment = {
        state: decision.state,
        eventTypes: new Set([...moment.eventTypes, ...decision.events.map((event) => event.type)]),
        sent: new Set([...moment.sent, ...decision.commands]),
      };
      const key = searchKey(next);
      if (seen.has(key)) continue;
      seen.add(key);
      views.add(stateViewKey(next.state, next.eventTypes));
      queue.push(next);
    }
  }
  reachable = views;
  return views;
}

/** Null when the view can be one moment of the order; otherwise why not. */
export function inconsistencyOf(view: CheckoutViewFields): string | null {
  const steps = view.saga.steps.map((step) => [step.name, step.status] as const);
  const key = viewKey(view.status, view.failureCode as OrderFailureCode | null, view.saga.status, steps, view.events.map((event) => event.type));
  if (reachableCheckoutViews().has(key)) return null;
  return `status ${view.status} (${view.failureCode ?? "no failure"}) is no moment of saga ${view.saga.status} [${steps
    .map(([name, status]) => `${name} ${status}`)
    .join(", ")}] with events ${view.events.map((event) => event.type).join(", ")}`;
}
