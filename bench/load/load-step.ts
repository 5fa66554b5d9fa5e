/**
 * One load step: senders send at a fixed total rate (open loop, round robin over the sender
 * slots, bounded in count and time); after a warm-up the window opens and the server's CPU
 * time, the generator's own CPU time and the deliveries are measured; sending stops when the
 * window closes, then the step drains (every expected delivery in, or quiet, or a time limit).
 */
import type { ClientPool } from "./client-pool.ts";
import { DeliveryRecorder, type StepOutcome } from "./delivery-recorder.ts";
import { makePayload } from "./payload.ts";
import type { ServerProcess } from "./server-process.ts";

export interface StepPlan {
  /** Messages per second, all senders together. */
  rate: number;
  warmupMs: number;
  measureMs: number;
  /** Longest wait for stragglers after sending stops. */
  drainMs: number;
  /** For each sender slot: the index of its client in the pool. */
  senderClients: number[];
  /** For each sender slot: members of its room (the sender included). */
  roomSizes: number[];
}

export interface StepResult extends StepOutcome {
  rate: number;
  /** Rate actually achieved by the generator inside the window. */
  sentPerSecond: number;
  deliveriesPerSecond: number;
  serverCpuMicros: number;
  /** Server CPU time per delivery inside the window: the headline figure. */
  cpuMicrosPerDelivery: number;
  /** Server CPU use inside the window, in cores (1.0 = one core busy). */
  serverCores: number;
  generatorCores: number;
  serverRssBytes: number;
}

let stepCounter = 0;
const TICK_MS = 5;

/** What a step reads from the server side: one process, or the sum over a cluster's nodes. */
export type MeasuredServer = Pick<ServerProcess, "cpuMicros" | "rss">;

export async function runStep(pool: ClientPool, server: MeasuredServer, plan: StepPlan): Promise<StepResult> {
  const slots = plan.senderClients.length;
  const totalMs = plan.warmupMs + plan.measureMs;
  const maxMessages = Math.ceil((plan.rate * totalMs) / 1000);
  const recorder = new DeliveryRecorder(
    ++stepCounter,
    Int32Array.from(plan.roomSizes),
    Math.ceil(maxMessages / slots) + 1,
  );
  pool.use(recorder);
  const start = performance.now();
  const windowStart = start + plan.warmupMs;
  const windowEnd = windowStart + plan.measureMs;
  let sent = 0;
  let sentInWindow = 0;
  let cpu0 = 0;
  let gen0 = process.cpuUsage();
  let windowOpen = false;

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (!windowOpen && now >= windowStart) {
        windowOpen = true;
        cpu0 = server.cpuMicros();
        gen0 = process.cpuUsage();
        recorder.startWindow(now);
      }
      if (now >= windowEnd || sent >= maxMessages) {
        clearInterval(timer);
        return resolve();
      }
      const due = Math.min(maxMessages, Math.floor((plan.rate * (now - start)) / 1000));
      while (sent < due) {
        const slot = sent % slots;
        const seq = recorder.nextSeq(slot);
        pool.clients[plan.senderClients[slot]!]!.send(
          makePayload(recorder.step, slot, seq, performance.now()),
        );
        sent++;
        if (windowOpen) sentInWindow++;
      }
    }, TICK_MS);
  });
  const end = performance.now();
  recorder.endWindow(end);
  const serverCpuMicros = server.cpuMicros() - cpu0;
  const gen = process.cpuUsage(gen0);
  const serverRssBytes = server.rss();

  const drainDeadline = end + plan.drainMs;
  while (performance.now() < drainDeadline) {
    if (recorder.deliveries >= recorder.expected()) break;
    const quietFor = performance.now() - Math.max(recorder.lastDeliveryAt, end);
    if (quietFor > 1500) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  pool.use(null);
  const outcome = recorder.outcome();
  const seconds = (end - windowStart) / 1000;
  return {
    ...outcome,
    rate: plan.rate,
    sentPerSecond: sentInWindow / seconds,
    deliveriesPerSecond: outcome.windowDeliveries / seconds,
    serverCpuMicros,
    cpuMicrosPerDelivery:
      outcome.windowDeliveries > 0 ? serverCpuMicros / outcome.windowDeliveries : Number.NaN,
    serverCores: serverCpuMicros / 1e6 / seconds,
    generatorCores: (gen.user + gen.system) / 1e6 / seconds,
    serverRssBytes,
  };
}

/** Wait until the server uses less than a tenth of a core (e.g. after a burst of presence events). */
export async function waitForIdle(server: MeasuredServer, maxMs = 10_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = server.cpuMicros();
  while (performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    const now = server.cpuMicros();
    if (now - last < 20_000) return;
    last = now;
  }
}
