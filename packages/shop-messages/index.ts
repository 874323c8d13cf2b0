/**
 * The shop's message contracts: which messages exist, on which stream each travels, what its payload
 * and headers are, and which consumer groups read each stream. The transport (packages/messaging)
 * carries any message and knows none of this.
 */
export { Streams, type StreamName } from "./streams";
export {
  MessageContracts,
  MESSAGE_TYPES,
  orderingKeyOf,
  parseMessage,
  shopMessage,
  type MessageType,
  type PayloadOf,
  type ShopMessage,
  type StreamOf,
  type TypedMessage,
} from "./contracts";
export { headersOf, messageHeaders, type MessageCause, type MessageHeaders } from "./headers";
export { FAN_OUT_STREAMS, STREAM_GROUPS, STREAMS_WITH_SECRETS, SHOP_TOPOLOGY, expectedGroupsOf } from "./stream-groups";
export { abandonStepOnDeadLetter } from "./abandon-step";
