/**
 * Connected clients of one target for one scenario. Each client's deliveries go to whatever
 * recorder is current, so a pool outlives the steps that use it.
 */
import type { DeliveryRecorder } from "./delivery-recorder.ts";
import type { Driver, DriverClient } from "./drivers/driver.ts";

export interface ClientPlan {
  token: string;
  roomId: string | null;
}

export class ClientPool {
  private recorder: DeliveryRecorder | null = null;
  readonly clients: DriverClient[] = [];
  /** Errors outside any step (while connecting or between steps). */
  strayErrors = 0;
  connectSeconds = 0;

  private constructor(readonly driver: Driver) {}

  static async connect(
    driver: Driver,
    plans: ClientPlan[],
    options: { concurrency?: number; timeoutMs?: number } = {},
  ): Promise<ClientPool> {
    const pool = new ClientPool(driver);
    const concurrency = options.concurrency ?? 50;
    const deadline = performance.now() + (options.timeoutMs ?? 180_000);
    const started = performance.now();
    for (let i = 0; i < plans.length; i += concurrency) {
      if (performance.now() > deadline) {
        pool.close();
        throw new Error(`${driver.name}: connecting ${plans.length} clients took too long (${i} connected)`);
      }
      const batch = plans.slice(i, i + concurrency).map((plan, j) => {
        const index = i + j;
        return driver.connect({
          index,
          token: plan.token,
          roomId: plan.roomId,
          onPayload: (payload) => pool.recorder?.onPayload(index, payload),
          onSendError: (code) => (pool.recorder ? pool.recorder.onError(code) : pool.strayErrors++),
        });
      });
      try {
        pool.clients.push(...(await Promise.all(batch)));
      } catch (error) {
        pool.close();
        throw error;
      }
    }
    pool.connectSeconds = (performance.now() - started) / 1000;
    return pool;
  }

  use(recorder: DeliveryRecorder | null): void {
    this.recorder = recorder;
  }

  close(): void {
    for (const c of this.clients) c.close();
    this.clients.length = 0;
  }
}
