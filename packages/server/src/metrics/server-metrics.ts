/**
 * The server's Prometheus metrics, registered on the instance's registry (never prom-client's
 * global one). A metric already on the registry (a registry shared by two servers) is reused.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

export interface ServerMetrics {
  connections: Gauge<"transport">;
  connectionsOpened: Counter<"transport">;
  messages: Counter<"target">;
  deliveries: Counter<never>;
  commands: Histogram<"command" | "transport" | "outcome">;
  httpRequests: Histogram<"method" | "route" | "status">;
  rateLimited: Counter<"tier">;
  onlineUsers: Gauge<never>;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createServerMetrics(registry: Registry): ServerMetrics {
  const registers = [registry];
  return {
    connections: reuse(
      registry,
      "lair_connections",
      () =>
        new Gauge({
          name: "lair_connections",
          help: "Live authenticated real-time connections",
          labelNames: ["transport"],
          registers,
        }),
    ),
    connectionsOpened: reuse(
      registry,
      "lair_connections_opened_total",
      () =>
        new Counter({
          name: "lair_connections_opened_total",
          help: "Real-time connections authenticated",
          labelNames: ["transport"],
          registers,
        }),
    ),
    messages: reuse(
      registry,
      "lair_messages_total",
      () =>
        new Counter({
          name: "lair_messages_total",
          help: "Messages stored",
          labelNames: ["target"],
          registers,
        }),
    ),
    deliveries: reuse(
      registry,
      "lair_event_deliveries_total",
      () =>
        new Counter({ name: "lair_event_deliveries_total", help: "Events handed to connections", registers }),
    ),
    commands: reuse(
      registry,
      "lair_command_duration_seconds",
      () =>
        new Histogram({
          name: "lair_command_duration_seconds",
          help: "Engine command latency",
          labelNames: ["command", "transport", "outcome"],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers,
        }),
    ),
    httpRequests: reuse(
      registry,
      "lair_http_request_duration_seconds",
      () =>
        new Histogram({
          name: "lair_http_request_duration_seconds",
          help: "HTTP request latency",
          labelNames: ["method", "route", "status"],
          buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers,
        }),
    ),
    rateLimited: reuse(
      registry,
      "lair_rate_limited_total",
      () =>
        new Counter({
          name: "lair_rate_limited_total",
          help: "Calls refused by a rate limit",
          labelNames: ["tier"],
          registers,
        }),
    ),
    onlineUsers: reuse(
      registry,
      "lair_online_users",
      () =>
        new Gauge({
          name: "lair_online_users",
          help: "Users with a live connection on this node",
          registers,
        }),
    ),
  };
}
