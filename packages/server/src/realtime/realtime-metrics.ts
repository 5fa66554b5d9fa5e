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

/** Per-transport counts not yet added to their counter. */
type PendingCounts = Record<RealtimeTransportLabel, number>;

const PENDING = Symbol("lair.pendingCounts");

/**
 * A counter bumped on every frame: the hot path adds to plain numbers, and the counter takes
 * them over when the registry is read (`collect`), which saves prom-client's label hashing per
 * frame. The pending numbers hang off the counter, so servers sharing a registry share them.
 */
function frameCounter(registry: Registry<RegistryContentType>, name: string, help: string): PendingCounts {
  const metric = counter(registry, name, help, ["transport"]) as Counter<"transport"> & {
    [PENDING]?: PendingCounts;
    collect?: () => void | Promise<void>;
  };
  const known = metric[PENDING];
  if (known !== undefined) return known;
  const pending: PendingCounts = { websocket: 0, tcp: 0 };
  const previous = metric.collect;
  metric[PENDING] = pending;
  metric.collect = function collect() {
    for (const transport of ["websocket", "tcp"] as const) {
      const n = pending[transport];
      if (n === 0) continue;
      pending[transport] = 0;
      metric.inc({ transport }, n);
    }
    return previous?.call(metric);
  };
  return pending;
}

export class RealtimeMetrics {
  /** Open sockets, authenticated or not. */
  readonly connections: Gauge<"transport">;
  readonly opened: Counter<"transport">;
  readonly refused: Counter<"transport" | "reason">;
  readonly closed: Counter<"transport" | "reason">;
  /** `lair_realtime_frames_received_total`, counted on scrape: add to the transport's number. */
  readonly framesReceived: PendingCounts;
  /** `lair_realtime_frames_sent_total`, counted on scrape: add to the transport's number. */
  readonly framesSent: PendingCounts;
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
    this.framesReceived = frameCounter(
      registry,
      "lair_realtime_frames_received_total",
      "Client frames received",
    );
    this.framesSent = frameCounter(
      registry,
      "lair_realtime_frames_sent_total",
      "Server frames sent (responses, events, errors)",
    );
    this.protocolErrors = counter(
      registry,
      "lair_realtime_protocol_errors_total",
      "Protocol-level error frames sent, by code",
      ["transport", "code"],
    );
  }
}
