/** Options, events and response typing of a RealtimeConnection (connection.ts). */
import type {
  ClientMessageType,
  LairError,
  ResponseType,
  ServerEvent,
  SuccessResponseOf,
  TransportCloseInfo,
} from "@lair-chat/protocol";
import type { Logger } from "../logger.ts";
import type { Validator } from "../validation/validator.ts";
import type { OpenedTransport } from "./transport-factory.ts";

export interface ConnectionOptions {
  opened: OpenedTransport;
  getToken: () => Promise<string | null | undefined>;
  /** Features to ask for in `client_hello`. */
  features: readonly string[];
  clientName: string;
  requestTimeout: number;
  /** Whole handshake, from socket to authenticated. */
  connectTimeout: number;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  /** Checks every incoming message. */
  validator: Validator;
  logger: Logger;
}

export interface ConnectionEvents {
  event: [event: ServerEvent];
  /** A protocol-level `error` frame not tied to a request, or an unreadable frame. */
  protocolError: [error: LairError];
  close: [info: TransportCloseInfo];
}

/** The success response of request type T. */
export type ResponseFor<T extends ClientMessageType> = `${T}_response` extends ResponseType
  ? SuccessResponseOf<`${T}_response`>
  : never;
