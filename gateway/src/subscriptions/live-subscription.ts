import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from "graphql";
import type { Caller } from "../../../packages/identity";
import { GATEWAY_SERVICE, livePushes, liveRefusals, liveSubscriptions } from "../metrics";
import { SessionEndedError } from "./connection-auth";
import { LIVE_ID_ALIAS, LIVE_STATUS_ALIAS, withoutAliased, type LiveQuery } from "./live-documents";
import { PushQueue } from "./push-queue";

/** Runs a query through the gateway as the caller (ownership is the owning subgraph's to enforce). */
export type RunQuery = (caller: Caller, query: string, variables: Record<string, unknown> | undefined) => Promise<FormattedExecutionResult>;

/** An order's statuses after which it changes no more: its subscription completes. */
const FINAL_STATUSES: ReadonlySet<unknown> = new Set(["DELIVERED", "FAILED", "CANCELLED"]);

/** graphql-ws sends each error's toJSON(): answers from Apollo are already formatted, so they become errors again. */
function asGraphQLError(error: GraphQLFormattedError): GraphQLError {
  return new GraphQLError(error.message, { path: error.path, extensions: error.extensions });
}

function asResult(data: Record<string, unknown> | null, errors: readonly GraphQLFormattedError[] | undefined): ExecutionResult {
  return { data, ...(errors && errors.length > 0 ? { errors: errors.map(asGraphQLError) } : {}) };
}

const notFound = () => new GraphQLError("No such order", { extensions: { code: "NOT_FOUND" } });

export interface LiveSubscriptionOptions {
  live: LiveQuery;
  caller: Caller;
  queryText: string;
  variables: Record<string, unknown> | undefined;
  run: RunQuery;
  /** Called once when it ends, whichever way (to leave the registry). */
  onEnd: (subscription: LiveSubscription) => void;
  onFailure: (error: unknown) => void;
}

/**
 * One client's subscription: re-runs its query when told something changed and pushes what is new.
 * Changes that arrive while a query runs are coalesced into one more run after it, so a burst of
 * events for one order costs each subscriber at most two queries.
 */
export abstract class LiveSubscription {
  readonly queue: PushQueue<ExecutionResult>;
  private running = false;
  private again = false;
  protected runs = 0;

  constructor(protected readonly options: LiveSubscriptionOptions) {
    liveSubscriptions.inc({ service: GATEWAY_SERVICE, field: options.live.field });
    this.queue = new PushQueue(() => {
      liveSubscriptions.dec({ service: GATEWAY_SERVICE, field: options.live.field });
      options.onEnd(this);
    });
  }

  get caller(): Caller {
    return this.options.caller;
  }

  /** Something this subscription watches changed (or may have: after the event reader reconnected). */
  changed(): void {
    if (this.queue.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.runUntilSettled();
  }

  private async runUntilSettled(): Promise<void> {
    do {
      this.again = false;
      try {
        const result = await this.options.run(this.options.caller, this.options.queryText, this.options.variables);
        this.runs += 1;
        if (!this.queue.closed) this.answer(result);
      } catch (error) {
        // The connection is being closed (4401): nothing is left to tell this subscription's client.
        if (error instanceof SessionEndedError) return;
        this.options.onFailure(error);
        // Without a first answer the client would wait for nothing: it is told, with no detail.
        if (this.runs === 0) this.queue.fail(new GraphQLError("Internal server error", { extensions: { code: "INTERNAL_SERVER_ERROR" } }));
      }
    } while (this.again && !this.queue.closed);
    this.running = false;
  }

  protected push(result: ExecutionResult): void {
    livePushes.inc({ service: GATEWAY_SERVICE, field: this.options.live.field });
    this.queue.push(result);
  }

  /** What the query answered: push, complete or fail. */
  protected abstract answer(result: FormattedExecutionResult): void;
}

/** orderUpdated: the order's current state at once, then on each change; completes at a final status. */
export class OrderSubscription extends LiveSubscription {
  private lastPushed = "";

  protected answer(result: FormattedExecutionResult): void {
    const { responseKey } = this.options.live;
    const order = result.data?.[responseKey] as Record<string, unknown> | null | undefined;
    if (!order) {
      // Not found, or not the caller's: refused as `order(id)` is. Later (the subgraph away for a moment), the errors are passed on.
      if (this.runs > 1 && result.errors?.length) return this.push(asResult(null, result.errors));
      liveRefusals.inc({ service: GATEWAY_SERVICE, reason: "not_found" });
      return this.queue.fail(result.errors?.[0] ? asGraphQLError(result.errors[0]) : notFound());
    }
    const shown = asResult({ ...result.data, [responseKey]: withoutAliased(order, LIVE_STATUS_ALIAS) }, result.errors);
    // Many changes (a step retried, a reply recorded) leave what the client selected as it was: nothing to say.
    const text = JSON.stringify(shown);
    if (text !== this.lastPushed) {
      this.lastPushed = text;
      this.push(shown);
    }
    if (FINAL_STATUSES.has(order[LIVE_STATUS_ALIAS])) this.queue.end();
  }
}

/**
 * notificationAdded: the caller's notifications created after it began, each once, oldest first. The
 * first query only notes which exist already; every later one pushes those it has not seen.
 */
export class NotificationSubscription extends LiveSubscription {
  private seen: Set<unknown> | null = null;

  protected answer(result: FormattedExecutionResult): void {
    const listed = (result.data?.me as { notifications?: Array<Record<string, unknown>> | null } | null | undefined)?.notifications;
    if (!listed) {
      if (result.errors?.length) this.push(asResult(null, result.errors));
      return;
    }
    const ids = listed.map((notification) => notification[LIVE_ID_ALIAS]);
    const seen = this.seen;
    this.seen = new Set(ids);
    if (seen === null) return;
    // Listed newest first; told oldest first.
    for (const notification of listed.filter((candidate) => !seen.has(candidate[LIVE_ID_ALIAS])).reverse()) {
      this.push(asResult({ [this.options.live.responseKey]: withoutAliased(notification, LIVE_ID_ALIAS) }, undefined));
    }
  }
}
