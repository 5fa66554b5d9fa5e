/**
 * Prometheus metrics of the WebSocket and TCP endpoints, on the server instance's registry.
 * They count sockets and frames; authenticated connections and event deliveries are the engine's
 * (`lair_connections`, `lair_event_deliveries_total`). Names start `lair_realtime_`, and a
 * registry shared by two servers gets one set of these that both update.
 */
import { Counter, Gauge, type Registry, type RegistryContentType } from "prom-client";

export type RealtimeTransportLabel = "websocket" | "tcp";

function counter<L extends string>(
  registry: Registry<RegistryContentType>,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Counter) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge<L extends string>(
  registry: Registry<RegistryContentType>,
  name: string,
  help: string,
  labelNames: L[],
): Gauge<L> {
  const existing = registry.getSingleMetric(name);
  if (existing instanceof Gauge) return existing as Gauge<L>;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

export class RealtimeMetrics {
  /** Open sockets, authenticated or not. */
  readonly connections: Gauge<"transport">;
  readonly opened: Counter<"transport">;
  readonly refused: Counter<"transport" | "reason">;
  readonly closed: Counter<"transport" | "reason">;
  readonly framesReceived: Counter<"transport">;
  readonly framesSent: Counter<"transport">;
  readonly protocolErrors: Counter<"transport" | "code">;

  constructor(registry: Registry<RegistryContentType>) {
    this.connections = gauge(registry, "lair_realtime_connections", "Open WebSocket and TCP connections", [
      "transport",
    ]);
    this.opened = counter(registry, "lair_realtime_connections_opened_total", "Connections accepted", [
      "transport",
    ]);
    this.refused = counter(
      registry,
      "lair_realtime_connections_refused_total",
      "Connections refused (origin, connection caps)",
      ["transport", "reason"],
    );
    this.closed = counter(
      registry,
      "lair_realtime_connections_closed_total",
      "Connections closed, by reason",
      ["transport", "reason"],
    );
    this.framesReceived = counter(registry, "lair_realtime_frames_received_total", "Client frames received", [
      "transport",
    ]);
    this.framesSent = counter(
      registry,
      "lair_realtime_frames_sent_total",
      "Server frames sent (responses, events, errors)",
      ["transport"],
    );
    this.protocolErrors = counter(
      registry,
      "lair_realtime_protocol_errors_total",
      "Protocol-level error frames sent, by code",
      ["transport", "code"],
    );
  }
}
