import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { guardExit } from "./exit-guard.ts";

/** Enough of a process for the guard: events, exit codes, and a place for reports. */
function fakeProcess() {
  const proc = new EventEmitter() as EventEmitter & { exitCodes: number[]; exit(code: number): void };
  proc.exitCodes = [];
  proc.exit = (code: number) => void proc.exitCodes.push(code);
  return proc;
}

function setup() {
  const proc = fakeProcess();
  const calls: string[] = [];
  const reports: string[] = [];
  const remove = guardExit({
    restore: () => calls.push("restore"),
    report: (text) => {
      calls.push("report");
      reports.push(text);
    },
    process: proc as unknown as NodeJS.Process,
  });
  return { proc, calls, reports, remove };
}

describe("guardExit", () => {
  it("restores the terminal before reporting a crash, then exits 1", () => {
    const { proc, calls, reports } = setup();
    proc.emit("uncaughtException", new Error("boom"));
    expect(calls).toEqual(["restore", "report"]);
    expect(reports[0]).toContain("boom");
    expect(proc.exitCodes).toEqual([1]);
  });

  it("treats an unhandled rejection as a crash", () => {
    const { proc, calls } = setup();
    proc.emit("unhandledRejection", "nope");
    expect(calls).toEqual(["restore", "report"]);
    expect(proc.exitCodes).toEqual([1]);
  });

  it("restores and exits with 128 + the signal number on SIGTERM, SIGINT and SIGHUP", () => {
    for (const [signal, code] of [
      ["SIGTERM", 143],
      ["SIGINT", 130],
      ["SIGHUP", 129],
    ] as const) {
      const { proc, calls } = setup();
      proc.emit(signal);
      expect(calls).toEqual(["restore"]);
      expect(proc.exitCodes).toEqual([code]);
    }
  });

  it("restores once, however many ways the process ends", () => {
    const { proc, calls } = setup();
    proc.emit("SIGTERM");
    proc.emit("exit", 143);
    expect(calls).toEqual(["restore"]);
  });

  it("removes its handlers", () => {
    const { proc, calls, remove } = setup();
    remove();
    proc.emit("exit", 0);
    proc.emit("SIGTERM");
    expect(calls).toEqual([]);
    expect(proc.listenerCount("uncaughtException")).toBe(0);
  });
});
